import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { sites, type Site } from '../db/schema.js';
import type { SiteFields } from './form.js';

export async function countSites(db: Db): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(sites);
  return row.count;
}

/** Active or archived sites; `onlyIds` narrows them to the sites a person belongs to. */
export async function listSites(db: Db, options: { archived: boolean; onlyIds?: number[] }): Promise<Site[]> {
  return db
    .select()
    .from(sites)
    .where(
      and(
        options.archived ? isNotNull(sites.archivedAt) : isNull(sites.archivedAt),
        options.onlyIds ? inArray(sites.id, options.onlyIds.length ? options.onlyIds : [-1]) : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${sites.name})`));
}

export async function findSite(db: Db, id: number): Promise<Site | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.id, id));
  return site;
}

/** A site by id, or by name whatever its case: how councils' scripts name one. */
export async function findSiteByNameOrId(db: Db, nameOrId: string): Promise<Site | undefined> {
  if (/^\d{1,9}$/.test(nameOrId)) {
    const site = await findSite(db, Number(nameOrId));
    if (site) return site;
  }
  const [site] = await db.select().from(sites).where(sql`lower(${sites.name}) = lower(${nameOrId})`);
  return site;
}

export async function createSite(db: Db, fields: SiteFields): Promise<Site> {
  const [site] = await db.insert(sites).values(fields).returning();
  return site;
}

/** Saves only if nobody has saved since `version` was read; undefined means someone has. */
export async function updateSite(db: Db, id: number, version: number, fields: SiteFields): Promise<Site | undefined> {
  const [site] = await db
    .update(sites)
    .set({ ...fields, version: sql`${sites.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(sites.id, id), eq(sites.version, version)))
    .returning();
  return site;
}

export async function setSiteArchived(db: Db, id: number, archived: boolean): Promise<Site | undefined> {
  const [site] = await db
    .update(sites)
    .set({ archivedAt: archived ? sql`coalesce(${sites.archivedAt}, now())` : null, version: sql`${sites.version} + 1`, updatedAt: sql`now()` })
    .where(eq(sites.id, id))
    .returning();
  return site;
}
