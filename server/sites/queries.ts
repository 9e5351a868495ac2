import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { fortnightPlans, sites, type FortnightPlan, type Site } from '../db/schema.js';
import type { IsoDate } from '../calendar/fortnights.js';
import { prepared } from '../db/prepared.js';
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
  const query = prepared(db, 'find_site', (database) =>
    database
      .select()
      .from(sites)
      .where(eq(sites.id, sql.placeholder('id')))
      .prepare('find_site'),
  );
  const [site] = await query.execute({ id });
  return site;
}

/** A site by id, or by name whatever its case: how councils' scripts name one. */
export async function findSiteByNameOrId(db: Db, nameOrId: string): Promise<Site | undefined> {
  if (/^\d{1,9}$/.test(nameOrId)) {
    const site = await findSite(db, Number(nameOrId));
    if (site) return site;
  }
  const [site] = await db
    .select()
    .from(sites)
    .where(sql`lower(${sites.name}) = lower(${nameOrId})`);
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
    .set({
      archivedAt: archived ? sql`coalesce(${sites.archivedAt}, now())` : null,
      version: sql`${sites.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(sites.id, id))
    .returning();
  return site;
}

/**
 * A site with the plans of the fortnight running on `today` and the next, in one round trip:
 * the site page is the one a huddle opens every morning.
 */
/**
 * A site's current and next fortnights' plans, as a column beside the site, for a day given as
 * SQL (a value or a prepared statement's placeholder). Fortnight numbering as in
 * calendar/fortnights.ts: whole days since the first start, divided by the length.
 */
function currentPlans(today: SQL) {
  const current = sql`greatest((${today}::date - ${sites.firstFortnightStart}) / ${sites.fortnightLengthDays} + 1, 1)`;
  return sql<FortnightPlan[]>`coalesce((
    select json_agg(json_build_object('siteId', p.site_id, 'number', p.number, 'goal', p.goal, 'showAndTellDate', p.show_and_tell_date, 'version', p.version, 'updatedAt', p.updated_at))
    from ${fortnightPlans} p where p.site_id = ${sites.id} and p.number between ${current} and ${current} + 1), '[]'::json)`;
}

/** Several sites (not archived) with their current and next fortnights' plans, as findSiteWithCurrentPlans reads one: in one query. */
export async function findSitesWithCurrentPlans(
  db: Db,
  ids: readonly number[],
  today: IsoDate,
): Promise<{ site: Site; plans: FortnightPlan[] }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ site: sites, plans: currentPlans(sql`${today}`) })
    .from(sites)
    .where(and(inArray(sites.id, [...ids]), isNull(sites.archivedAt)))
    .orderBy(asc(sites.name), asc(sites.id));
}

export async function findSiteWithCurrentPlans(
  db: Db,
  id: number,
  today: IsoDate,
): Promise<{ site: Site; plans: FortnightPlan[] } | undefined> {
  const query = prepared(db, 'site_with_current_plans', (database) =>
    database
      .select({ site: sites, plans: currentPlans(sql`${sql.placeholder('today')}`) })
      .from(sites)
      .where(eq(sites.id, sql.placeholder('id')))
      .prepare('site_with_current_plans'),
  );
  const [row] = await query.execute({ id, today });
  return row;
}
