import { and, eq, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { reflections, type Reflection } from '../db/schema.js';
import { PART_VERSION_COLUMN, type Part } from './form.js';

/**
 * Makes the reflection for a week, or finds the one already there (one per site per week, by the
 * unique index reflections_site_week). Call inside a transaction.
 */
export async function createReflection(
  tx: Db,
  siteId: number,
  week: { weekStart: IsoDate; heldOn: IsoDate },
  createdBy: number,
): Promise<{ reflection: Reflection; created: boolean }> {
  const [created] = await tx
    .insert(reflections)
    .values({ siteId, ...week, createdBy })
    .onConflictDoNothing({ target: [reflections.siteId, reflections.weekStart] })
    .returning();
  if (created) return { reflection: created, created: true };
  const [existing] = await tx
    .select()
    .from(reflections)
    .where(and(eq(reflections.siteId, siteId), eq(reflections.weekStart, week.weekStart)));
  return { reflection: existing, created: false };
}

export async function findReflection(db: Db, siteId: number, id: number): Promise<Reflection | undefined> {
  const [reflection] = await db
    .select()
    .from(reflections)
    .where(and(eq(reflections.siteId, siteId), eq(reflections.id, id)));
  return reflection;
}

export async function findReflectionForWeek(db: Db, siteId: number, weekStart: IsoDate): Promise<Reflection | undefined> {
  const [reflection] = await db
    .select()
    .from(reflections)
    .where(and(eq(reflections.siteId, siteId), eq(reflections.weekStart, weekStart)));
  return reflection;
}

/**
 * Saves the parts a person changed, each only if nobody has saved that part since the version
 * they read (or it already holds the same words). Call inside a transaction. Parts saved by
 * someone else in between are returned as `stale` and left as they are.
 */
export async function saveParts(
  tx: Db,
  reflection: { siteId: number; id: number },
  edits: { part: Part; text: string; version: number | undefined }[],
): Promise<{ saved: Part[]; stale: Part[]; reflection?: Reflection }> {
  const saved: Part[] = [];
  const stale: Part[] = [];
  let latest: Reflection | undefined;
  for (const { part, text, version } of edits) {
    const column = reflections[part];
    const versionColumn = reflections[PART_VERSION_COLUMN[part]];
    const [row] = await tx
      .update(reflections)
      // The row's version moves once a save, however many parts it writes.
      .set({
        [part]: text,
        [PART_VERSION_COLUMN[part]]: sql`${versionColumn} + 1`,
        version: sql`${reflections.version} + ${saved.length ? 0 : 1}`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(reflections.siteId, reflection.siteId),
          eq(reflections.id, reflection.id),
          version === undefined ? sql`false` : eq(versionColumn, version),
          sql`${column} is distinct from ${text}`,
        ),
      )
      .returning();
    if (row) {
      saved.push(part);
      latest = row;
      continue;
    }
    const [current] = await tx
      .select()
      .from(reflections)
      .where(and(eq(reflections.siteId, reflection.siteId), eq(reflections.id, reflection.id)));
    // Already holding these words (the same save sent twice, or two people writing the same): no clash.
    if (current && current[part] !== text) stale.push(part);
  }
  return { saved, stale, reflection: latest };
}

/** Fewer answers than this and nothing about the scores is shown. */
export const MIN_ANSWERS = 3;

export type ReflectionRow = {
  id: number;
  weekStart: IsoDate;
  heldOn: IsoDate;
  actions: number;
  items: number;
  answered: number;
  /** Only once the check has closed and at least MIN_ANSWERS answered. */
  average: number | null;
  /** The wellbeing check is still open. */
  open: boolean;
};

/** A page of a site's reflections, newest week first, with their counts, in one query. */
export async function listReflections(
  db: Db,
  siteId: number,
  options: { limit: number; offset: number; today: IsoDate },
): Promise<{ rows: ReflectionRow[]; total: number }> {
  const [rows, [{ total }]] = await Promise.all([
    db.execute<ReflectionRow>(sql`
      select r.id, r.week_start as "weekStart", r.held_on as "heldOn",
        (select count(*) from actions a where a.reflection_id = r.id)::int as actions,
        (select count(*) from getting_in_the_way_mentions m where m.reflection_id = r.id)::int as items,
        w.answered, w.average, (r.wellbeing_closed_at is null and r.held_on >= ${options.today}::date) as open
      from reflections r
      cross join lateral (
        select count(*)::int as answered,
          -- Results only once the check has closed: see wellbeing.ts.
          case when count(*) >= ${MIN_ANSWERS} and (r.wellbeing_closed_at is not null or r.held_on < ${options.today}::date) then round(avg(score), 1)::float8 end as average
        from wellbeing_responses where reflection_id = r.id
      ) w
      where r.site_id = ${siteId}
      order by r.week_start desc
      limit ${options.limit} offset ${options.offset}`),
    db.execute<{ total: number }>(sql`select count(*)::int as total from reflections where site_id = ${siteId}`),
  ]);
  return { rows: [...rows], total };
}

export type MoraleRow = {
  weekStart: IsoDate;
  answered: number;
  /** The week's check is still open: no result yet, whatever the count. */
  open: boolean;
  average: number | null;
};

/** The weekly average score, oldest week first, over a site's latest reflections; null where too few answered. */
export async function moraleOverWeeks(db: Db, siteId: number, weeks: number, today: IsoDate): Promise<MoraleRow[]> {
  const rows = await db.execute<MoraleRow>(sql`
    select week_start as "weekStart", answered, open, average from (
      select r.week_start,
        count(w.id)::int as answered,
        (r.wellbeing_closed_at is null and r.held_on >= ${today}::date) as open,
        case when count(w.id) >= ${MIN_ANSWERS} and (r.wellbeing_closed_at is not null or r.held_on < ${today}::date) then round(avg(w.score), 1)::float8 end as average
      from reflections r left join wellbeing_responses w on w.reflection_id = r.id
      where r.site_id = ${siteId}
      group by r.id, r.week_start
      order by r.week_start desc
      limit ${weeks}
    ) latest
    order by week_start`);
  return [...rows];
}

export type ActionHere = {
  id: number;
  description: string;
  ownerName: string;
  dueDate: IsoDate;
  status: string;
};

/** The actions raised at this reflection ("what we will try differently"). */
export async function actionsRaisedAt(db: Db, reflectionId: number): Promise<ActionHere[]> {
  const rows = await db.execute<ActionHere>(sql`
    select a.id, a.description, u.name as "ownerName", a.due_date as "dueDate", a.status
    from actions a join users u on u.id = a.owner_id
    where a.reflection_id = ${reflectionId}
    order by a.id`);
  return [...rows];
}

export type ItemHere = {
  id: number;
  title: string;
  category: string;
  status: string;
  ownerName: string;
  raisedHere: boolean;
};

/** Log items raised at, or brought back to, this reflection. */
export async function itemsAt(db: Db, reflectionId: number): Promise<ItemHere[]> {
  const rows = await db.execute<ItemHere>(sql`
    select g.id, g.title, g.category, g.status, u.name as "ownerName", (g.reflection_id is not distinct from ${reflectionId}) as "raisedHere"
    from getting_in_the_way_mentions m
    join getting_in_the_way g on g.id = m.item_id
    join users u on u.id = g.owner_id
    where m.reflection_id = ${reflectionId}
    order by m.id`);
  return [...rows];
}

/** The site's open log items not yet brought to this reflection, oldest first, to link. */
export async function openItemsToLink(
  db: Db,
  siteId: number,
  reflectionId: number,
): Promise<{ id: number; title: string; raisedOn: IsoDate }[]> {
  const rows = await db.execute<{ id: number; title: string; raisedOn: IsoDate }>(sql`
    select g.id, g.title, g.raised_on as "raisedOn" from getting_in_the_way g
    where g.site_id = ${siteId} and g.status not in ('resolved', 'cannot_change')
      and not exists (select 1 from getting_in_the_way_mentions m where m.reflection_id = ${reflectionId} and m.item_id = g.id)
    order by g.raised_on, g.id
    limit 500`);
  return [...rows];
}

export async function isBroughtTo(db: Db, reflectionId: number, itemId: number): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from getting_in_the_way_mentions where reflection_id = ${reflectionId} and item_id = ${itemId}`,
  );
  return rows.length > 0;
}
