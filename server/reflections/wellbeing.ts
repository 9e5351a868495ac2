import { and, eq, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { wellbeingRespondents, wellbeingResponses } from '../db/schema.js';
import { MIN_ANSWERS } from './queries.js';

/*
 * The wellbeing check is anonymous. Who answered is kept in wellbeing_respondents (so nobody
 * answers twice); what they answered in wellbeing_responses, with no person and no time. So that
 * the order of responses cannot be matched to the order of answering, every answer shuffles the
 * scores and words of the reflection's responses among their rows. Nothing is audited as each
 * person answers (an audit row's time would match their answer): the check's closing is audited,
 * with who answered. Results show only once it has closed, so no total can be read before and
 * after one person's answer.
 */

/** Closed by a lead, or over because the day the reflection was held has passed. */
export function wellbeingClosed(reflection: { heldOn: IsoDate; wellbeingClosedAt: Date | null }, today: IsoDate): boolean {
  return reflection.wellbeingClosedAt !== null || reflection.heldOn < today;
}

/**
 * Records one person's answer: 'already' when they have answered, 'closed' when the check has
 * closed; nothing is written then. Call inside a transaction.
 */
export async function answerWellbeing(
  tx: Db,
  reflectionId: number,
  userId: number,
  answer: { score: number; word: string },
  today: IsoDate,
): Promise<'recorded' | 'already' | 'closed'> {
  // One answer at a time per reflection, so each shuffle sees every earlier answer, and none after it closes.
  const [reflection] = await tx.execute<{ closed: boolean }>(
    sql`select wellbeing_closed_at is not null or held_on < ${today}::date as closed from reflections where id = ${reflectionId} for no key update`,
  );
  if (reflection.closed) return 'closed';
  const [respondent] = await tx
    .insert(wellbeingRespondents)
    .values({ reflectionId, userId })
    .onConflictDoNothing()
    .returning({ userId: wellbeingRespondents.userId });
  if (!respondent) return 'already';
  await tx.insert(wellbeingResponses).values({ reflectionId, score: answer.score, word: answer.word });
  await tx.execute(sql`
    with slots as (
      select id, row_number() over (order by id) as n from wellbeing_responses where reflection_id = ${reflectionId}
    ), answers as (
      select score, word, row_number() over (order by random()) as n from wellbeing_responses where reflection_id = ${reflectionId}
    )
    update wellbeing_responses w set score = answers.score, word = answers.word
    from slots join answers using (n)
    where w.id = slots.id`);
  return 'recorded';
}

/** Who answered a reflection's check, for the audit entry written when it closes. */
async function respondentIds(tx: Db, reflectionId: number): Promise<number[]> {
  const rows = await tx.execute<{ user_id: number }>(
    sql`select user_id from wellbeing_respondents where reflection_id = ${reflectionId} order by user_id`,
  );
  return rows.map((row) => row.user_id);
}

/** A lead closes the check; false when it had closed already. The closing is audited with who answered, in id order. */
export async function closeWellbeing(
  tx: Db,
  reflectionId: number,
  by: { userId: number; today: IsoDate },
  audit: (details: Record<string, unknown>) => Promise<void>,
): Promise<boolean> {
  const [closed] = await tx.execute<{ id: number }>(sql`
    update reflections set wellbeing_closed_at = now(), wellbeing_closed_by = ${by.userId}
    where id = ${reflectionId} and wellbeing_closed_at is null and held_on >= ${by.today}::date
    returning id`);
  if (!closed) return false;
  const respondents = await respondentIds(tx, reflectionId);
  await audit({ answered: respondents.length, respondents });
  return true;
}

/**
 * For the housekeeping sweep: closes the checks whose day is over, auditing each with who
 * answered (as a lead's closing is). Returns how many it closed.
 */
export async function closeEndedWellbeingChecks(tx: Db): Promise<number> {
  // One statement for every check that ended, however many (the first sweep on an old database closes a year of them).
  const [row] = await tx.execute<{ n: number }>(sql`
    with ended as (
      update reflections set wellbeing_closed_at = now()
      where wellbeing_closed_at is null and held_on < (now() at time zone 'Europe/London')::date
      returning id, site_id),
    answered as (
      select e.id, e.site_id, array_agg(w.user_id order by w.user_id) as respondents
      from ended e join wellbeing_respondents w on w.reflection_id = e.id
      group by e.id, e.site_id),
    audited as (
      insert into audit_log (user_id, ip, action, record_type, record_id, details)
      select null, null, 'reflection.wellbeing-closed', 'reflection', id::text,
        jsonb_build_object('siteId', site_id, 'answered', cardinality(respondents), 'respondents', to_jsonb(respondents), 'closedBy', 'the day ended')
      from answered order by id
      returning 1)
    select count(*)::int as n from ended`);
  return row.n;
}

export async function hasAnswered(db: Db, reflectionId: number, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ userId: wellbeingRespondents.userId })
    .from(wellbeingRespondents)
    .where(and(eq(wellbeingRespondents.reflectionId, reflectionId), eq(wellbeingRespondents.userId, userId)));
  return Boolean(row);
}

export interface WellbeingTotals {
  answered: number;
  /** Whether the check has closed: only then are results shown. */
  closed: boolean;
  /** The rest only once the check has closed and at least MIN_ANSWERS people answered. */
  shown: boolean;
  average?: number;
  /** How many chose 1, 2, 3, 4 and 5. */
  counts?: number[];
  /** In alphabetical order, never in the order given. */
  words?: string[];
}

export async function wellbeingTotals(
  db: Db,
  reflection: { id: number; heldOn: IsoDate; wellbeingClosedAt: Date | null },
  today: IsoDate,
): Promise<WellbeingTotals> {
  const reflectionId = reflection.id;
  const closed = wellbeingClosed(reflection, today);
  const [row] = await db.execute<{ answered: number; average: number | null; counts: number[]; words: string[] }>(sql`
    select count(*)::int as answered,
      round(avg(score), 1)::float8 as average,
      array[
        count(*) filter (where score = 1), count(*) filter (where score = 2), count(*) filter (where score = 3),
        count(*) filter (where score = 4), count(*) filter (where score = 5)
      ]::int[] as counts,
      coalesce(array_agg(word order by lower(word), word) filter (where word <> ''), '{}') as words
    from wellbeing_responses where reflection_id = ${reflectionId}`);
  if (!closed || row.answered < MIN_ANSWERS || row.average === null) return { answered: row.answered, closed, shown: false };
  return { answered: row.answered, closed, shown: true, average: row.average, counts: row.counts, words: row.words };
}
