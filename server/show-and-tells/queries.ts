import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { prepared } from '../db/prepared.js';
import {
  boardRevisions,
  fortnightPlans,
  sites,
  type FortnightPlan,
  type MeasureChange,
  showAndTellPacks,
  showAndTellSections,
  type GoalMet,
  type PackStatus,
  type SectionKind,
  type ShowAndTellPack,
  type ShowAndTellSection,
} from '../db/schema.js';

export interface PackWithSections {
  pack: ShowAndTellPack;
  /** In the order they are shown. */
  sections: ShowAndTellSection[];
}

export interface SectionFields {
  title: string;
  body: string;
  vision: string;
  goalMet: GoalMet | null;
  measures: string[];
  storyIds: number[];
}

export interface NewSection extends SectionFields {
  kind: SectionKind;
}

/** A pack and its sections in one query. */
async function packWhere(db: Db, where: ReturnType<typeof eq>): Promise<PackWithSections | undefined> {
  const rows = await db
    .select({ pack: showAndTellPacks, section: showAndTellSections })
    .from(showAndTellPacks)
    .leftJoin(showAndTellSections, eq(showAndTellSections.packId, showAndTellPacks.id))
    .where(where)
    .orderBy(asc(showAndTellSections.position), asc(showAndTellSections.id));
  if (rows.length === 0) return undefined;
  return { pack: rows[0].pack, sections: rows.flatMap((row) => (row.section ? [row.section] : [])) };
}

export interface PackContextRows {
  plan: FortnightPlan | undefined;
  found: PackWithSections | undefined;
  /** What the pack's charts are drawn from: the site's change dates and its revision (measures/cache.ts). */
  measuresState: { changes: MeasureChange[]; revisions: string };
}

/**
 * A site fortnight's plan, its pack with the sections, and what its charts depend on, in one
 * query: the pack's page is opened again and again while it is prepared and presented, and each
 * round trip to the database is time a busy page waits.
 */
export async function findPackContext(db: Db, siteId: number, fortnight: number): Promise<PackContextRows> {
  // Prepared once per database: every pack page starts here, and planning it cost more than running it.
  const query = prepared(db, 'find_pack_context', (database) =>
    database
      .select({
        plan: fortnightPlans,
        pack: showAndTellPacks,
        section: showAndTellSections,
        revision: boardRevisions.revision,
        changes: sql<
          MeasureChange[]
        >`(select coalesce(json_agg(json_build_object('id', c.id, 'siteId', c.site_id, 'date', c.date, 'label', c.label, 'createdBy', c.created_by, 'createdAt', c.created_at) order by c.date, c.id), '[]') from measure_changes c where c.site_id = ${sites.id})`,
      })
      .from(sites)
      .leftJoin(fortnightPlans, and(eq(fortnightPlans.siteId, sites.id), eq(fortnightPlans.number, sql.placeholder('fortnight'))))
      .leftJoin(showAndTellPacks, and(eq(showAndTellPacks.siteId, sites.id), eq(showAndTellPacks.fortnight, sql.placeholder('fortnight'))))
      .leftJoin(showAndTellSections, eq(showAndTellSections.packId, showAndTellPacks.id))
      .leftJoin(boardRevisions, eq(boardRevisions.siteId, sites.id))
      .where(eq(sites.id, sql.placeholder('siteId')))
      .orderBy(asc(showAndTellSections.position), asc(showAndTellSections.id))
      .prepare('find_pack_context'),
  );
  const rows = await query.execute({ siteId, fortnight });
  const [first] = rows;
  return {
    plan: first?.plan ?? undefined,
    found: first?.pack ? { pack: first.pack, sections: rows.flatMap((row) => (row.section ? [row.section] : [])) } : undefined,
    measuresState: {
      changes: first?.changes ?? [],
      revisions: first?.revision === null || first?.revision === undefined ? '' : `${siteId}:${Number(first.revision)}`,
    },
  };
}

export async function findPackById(db: Db, packId: number): Promise<PackWithSections | undefined> {
  return packWhere(db, eq(showAndTellPacks.id, packId));
}

export type PackListRow = {
  id: number;
  fortnight: number;
  status: PackStatus;
  sharedWithGroup: boolean;
  attendance: number | null;
  feedback: number;
  openFeedback: number;
};

/** Every pack of a site, newest fortnight first, with its attendance and feedback counts. */
export async function packsOfSite(db: Db, siteId: number): Promise<PackListRow[]> {
  return db.execute<PackListRow>(sql`
    select p.id, p.fortnight, p.status, p.shared_with_group as "sharedWithGroup",
      case when num_nonnulls(p.attendance_team, p.attendance_managers, p.attendance_partners, p.attendance_experts) > 0
        then coalesce(p.attendance_team, 0) + coalesce(p.attendance_managers, 0) + coalesce(p.attendance_partners, 0) + coalesce(p.attendance_experts, 0) end::int as attendance,
      (select count(*) from show_and_tell_feedback f where f.pack_id = p.id)::int as feedback,
      (select count(*) from show_and_tell_feedback f where f.pack_id = p.id and (f.answer is null or f.answer = 'not_yet'))::int as "openFeedback"
    from show_and_tell_packs p where p.site_id = ${siteId} order by p.fortnight desc`);
}

/** The site's vision as the last pack before `fortnight` had it, to carry over. */
export async function lastVision(db: Db, siteId: number, fortnight: number): Promise<string> {
  const [row] = await db
    .select({ vision: showAndTellSections.vision })
    .from(showAndTellSections)
    .innerJoin(showAndTellPacks, eq(showAndTellPacks.id, showAndTellSections.packId))
    .where(
      and(
        eq(showAndTellPacks.siteId, siteId),
        sql`${showAndTellPacks.fortnight} < ${fortnight}`,
        eq(showAndTellSections.kind, 'welcome'),
        sql`${showAndTellSections.vision} <> ''`,
      ),
    )
    .orderBy(desc(showAndTellPacks.fortnight))
    .limit(1);
  return row?.vision ?? '';
}

/** Makes the pack with its sections; undefined when someone else made it first. Call inside a transaction. */
export async function createPack(
  tx: Db,
  siteId: number,
  fortnight: number,
  sections: NewSection[],
  createdBy: number,
): Promise<ShowAndTellPack | undefined> {
  const [pack] = await tx.insert(showAndTellPacks).values({ siteId, fortnight, createdBy }).onConflictDoNothing().returning();
  if (!pack) return undefined;
  await tx.insert(showAndTellSections).values(sections.map((section, index) => ({ ...section, packId: pack.id, position: index + 1 })));
  return pack;
}

/**
 * The pack's row, locked: 'share' by a change to one section (so the pack cannot be frozen
 * half-way through it), 'update' by a change to the pack itself. Call inside a transaction.
 */
export async function lockPack(tx: Db, packId: number, mode: 'share' | 'update'): Promise<ShowAndTellPack> {
  const [pack] = await tx
    .select()
    .from(showAndTellPacks)
    .where(eq(showAndTellPacks.id, packId))
    .for(mode === 'share' ? 'share' : 'update');
  return pack;
}

export type Change<T> = { saved: T } | { stale: true } | { frozen: true };

/** Moves the pack's version on, for a change to its sections' order or number. Call inside a transaction. */
async function touchPack(tx: Db, packId: number): Promise<void> {
  await tx
    .update(showAndTellPacks)
    .set({ version: sql`${showAndTellPacks.version} + 1`, updatedAt: sql`now()` })
    .where(eq(showAndTellPacks.id, packId));
}

/** Saves a section's text if nobody has changed it since `version`, and the pack is not frozen. */
export async function saveSection(
  tx: Db,
  packId: number,
  sectionId: number,
  version: number,
  fields: SectionFields,
): Promise<Change<ShowAndTellSection>> {
  const pack = await lockPack(tx, packId, 'share');
  if (pack.status === 'presented') return { frozen: true };
  const [saved] = await tx
    .update(showAndTellSections)
    .set({ ...fields, version: sql`${showAndTellSections.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(showAndTellSections.packId, packId), eq(showAndTellSections.id, sectionId), eq(showAndTellSections.version, version)))
    .returning();
  return saved ? { saved } : { stale: true };
}

export async function addSection(tx: Db, packId: number, section: NewSection): Promise<Change<ShowAndTellSection>> {
  const pack = await lockPack(tx, packId, 'update');
  if (pack.status === 'presented') return { frozen: true };
  const [saved] = await tx
    .insert(showAndTellSections)
    .values({
      ...section,
      packId,
      position: sql`(select coalesce(max(position), 0) + 1 from show_and_tell_sections where pack_id = ${packId})`,
    })
    .returning();
  await touchPack(tx, packId);
  return { saved };
}

/** Removes a section nobody has changed since `version`. Feedback given on it keeps the section's title. */
export async function removeSection(tx: Db, packId: number, sectionId: number, version: number): Promise<Change<true>> {
  const pack = await lockPack(tx, packId, 'update');
  if (pack.status === 'presented') return { frozen: true };
  const removed = await tx
    .delete(showAndTellSections)
    .where(and(eq(showAndTellSections.packId, packId), eq(showAndTellSections.id, sectionId), eq(showAndTellSections.version, version)))
    .returning({ id: showAndTellSections.id });
  if (removed.length === 0) return { stale: true };
  await touchPack(tx, packId);
  return { saved: true };
}

/** Swaps a section with the one before or after it; at either end nothing moves. */
export async function moveSection(tx: Db, packId: number, sectionId: number, direction: 'up' | 'down'): Promise<Change<boolean>> {
  const pack = await lockPack(tx, packId, 'update');
  if (pack.status === 'presented') return { frozen: true };
  const sections = await tx
    .select({ id: showAndTellSections.id, position: showAndTellSections.position })
    .from(showAndTellSections)
    .where(eq(showAndTellSections.packId, packId))
    .orderBy(asc(showAndTellSections.position), asc(showAndTellSections.id));
  const index = sections.findIndex((section) => section.id === sectionId);
  if (index < 0) return { stale: true };
  const swapWith = direction === 'up' ? index - 1 : index + 1;
  if (swapWith < 0 || swapWith >= sections.length) return { saved: false };
  // Positions are renumbered 1..n so that sections that once shared a position stay apart.
  const order = sections.map((section) => section.id);
  [order[index], order[swapWith]] = [order[swapWith], order[index]];
  for (const [at, id] of order.entries()) {
    await tx
      .update(showAndTellSections)
      .set({ position: at + 1 })
      .where(eq(showAndTellSections.id, id));
  }
  await touchPack(tx, packId);
  return { saved: true };
}
