import { and, eq, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import { sqlOf, type Db } from '../db/connection.js';
import { showAndTellFeedback, type FeedbackAnswer, type ShowAndTellFeedback } from '../db/schema.js';
import { keyedHash } from '../secret.js';

/**
 * Feedback is rate limited per person and per part of a pack (a section, or the whole): at most
 * this many in the window for each, so a person can comment on every section of a show-and-tell;
 * the same words again in the window are refused; and across everything at most FEEDBACK_OVERALL.
 * Whichever app instance takes them.
 */
export const FEEDBACK_LIMIT = 5;
export const FEEDBACK_OVERALL = 40;
export const FEEDBACK_WINDOW_MINUTES = 10;

export type FeedbackAllowance = 'ok' | 'limited' | 'repeated' | 'overall';

export interface NewFeedback {
  packId: number;
  sectionId: number | null;
  sectionTitle: string | null;
  liked: string;
  worried: string;
  tryNext: string;
}

/**
 * Counts one piece of feedback against the person's allowances for this 10-minute window, in one
 * atomic statement (so two at once on two instances cannot both slip under), before anything is
 * kept. The rows are keyed by HMACs of the person, the window and the part (or the words), so
 * they name nobody, and they are written in their own statement, apart from the feedback.
 */
export async function reserveFeedback(
  db: Db,
  secret: Buffer,
  userId: number,
  now: Date,
  about: { packId: number; sectionId: number | null; words: string },
): Promise<FeedbackAllowance> {
  const windowMs = FEEDBACK_WINDOW_MINUTES * 60_000;
  const window = Math.floor(now.getTime() / windowMs);
  const part = `${about.packId}:${about.sectionId ?? 'whole'}`;
  const keys = {
    overall: keyedHash(secret, 'feedback-allowance', `${userId}:${window}`),
    part: keyedHash(secret, 'feedback-allowance-part', `${userId}:${window}:${part}`),
    words: keyedHash(secret, 'feedback-allowance-words', `${userId}:${window}:${part}:${about.words}`),
  };
  const rows = await db.execute<{ key: string; used: number }>(sql`
    insert into feedback_allowances as a (key, used, window_ends_at)
    select k, 1, to_timestamp(${((window + 1) * windowMs) / 1000}) from unnest(array[${keys.overall}, ${keys.part}, ${keys.words}]::text[]) as k
    on conflict (key) do update set used = a.used + 1
    returning key, used`);
  const used = (key: string) => rows.find((row) => row.key === key)?.used ?? 0;
  if (used(keys.words) > 1) return 'repeated';
  if (used(keys.part) > FEEDBACK_LIMIT) return 'limited';
  if (used(keys.overall) > FEEDBACK_OVERALL) return 'overall';
  return 'ok';
}

/**
 * Keeps a piece of feedback. Anonymous feedback is kept without the person, dated by the day
 * alone, with a random id, and is not audited now (the housekeeping sweep audits it in batches):
 * nothing written with it can be matched to who sent it by time, order or id.
 */
export async function keepFeedback(
  tx: Db,
  feedback: NewFeedback,
  by: { userId: number; anonymous: boolean; today: IsoDate },
): Promise<ShowAndTellFeedback> {
  // A random id: on the rare draw of one already taken, draw again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const [given] = await tx
      .insert(showAndTellFeedback)
      .values({ ...feedback, givenBy: by.anonymous ? null : by.userId, givenOn: by.today, audited: !by.anonymous })
      .onConflictDoNothing({ target: showAndTellFeedback.id })
      .returning();
    if (given) return given;
  }
  throw new Error('Could not draw a free feedback id');
}

/**
 * Audits anonymous feedback not yet audited: one row per pack and day, naming nobody, listing the
 * feedback. Run by the housekeeping sweep, away from the request that gave it.
 */
export async function auditAnonymousFeedback(tx: Db): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    with due as (
      update show_and_tell_feedback set audited = true where not audited
      returning id, pack_id, given_on),
    grouped as (
      select pack_id, given_on, count(*)::int as n, json_agg(id order by id) as ids from due group by pack_id, given_on),
    written as (
      insert into audit_log (user_id, ip, action, record_type, record_id, details)
      select null, null, 'show-and-tell.feedback-given-anonymously', 'show-and-tell', pack_id::text,
        jsonb_build_object('packId', pack_id, 'givenOn', given_on, 'count', n, 'feedbackIds', ids)
      from grouped order by pack_id, given_on
      returning 1)
    select coalesce(sum(n), 0)::int as n from grouped`);
  return row.n;
}

export type FeedbackRow = {
  id: number;
  packId: number;
  fortnight: number;
  sectionId: number | null;
  sectionTitle: string | null;
  liked: string;
  worried: string;
  tryNext: string;
  /** Null when given anonymously. */
  givenByName: string | null;
  givenOn: IsoDate;
  answer: FeedbackAnswer | null;
  answerText: string;
  answeredOn: IsoDate | null;
  version: number;
};

const COLUMNS = `f.id, f.pack_id as "packId", p.fortnight, f.section_id as "sectionId", f.section_title as "sectionTitle",
  f.liked, f.worried, f.try_next as "tryNext", u.name as "givenByName", f.given_on::text as "givenOn",
  f.answer, f.answer_text as "answerText", f.answered_on::text as "answeredOn", f.version`;
const columns = sql.raw(COLUMNS);

/**
 * What a lead preparing a pack sees besides the pack, in one query: the team's names (for the
 * privacy check; the same people as sites/team.ts teamMembers), the feedback on this pack, and
 * the feedback still open from earlier ones.
 */
export async function preparationExtras(
  db: Db,
  siteId: number,
  packId: number,
  fortnight: number,
): Promise<{ team: string[]; feedback: FeedbackRow[]; openFeedback: FeedbackRow[] }> {
  // A tagged template, so postgres.js prepares it: every lead's pack page asks this.
  const sql = sqlOf(db);
  const rowColumns = sql.unsafe(COLUMNS);
  const [row] = await sql<{ team: string[]; feedback: FeedbackRow[]; openFeedback: FeedbackRow[] }[]>`
    select
      (select coalesce(json_agg(u.name order by u.name, u.id), '[]') from team_members u where u.site_id = ${siteId}) as team,
      (select coalesce(json_agg(x order by x.id), '[]') from (
        select ${rowColumns} from show_and_tell_feedback f join show_and_tell_packs p on p.id = f.pack_id left join users u on u.id = f.given_by
        where f.pack_id = ${packId}) x) as feedback,
      (select coalesce(json_agg(x order by x.fortnight, x.id), '[]') from (
        select ${rowColumns} from show_and_tell_feedback f join show_and_tell_packs p on p.id = f.pack_id left join users u on u.id = f.given_by
        where p.site_id = ${siteId} and p.fortnight < ${fortnight} and (f.answer is null or f.answer = 'not_yet')
        order by p.fortnight, f.id limit 100) x) as "openFeedback"`;
  return row;
}

export async function findFeedback(db: Db, packId: number, feedbackId: number): Promise<FeedbackRow | undefined> {
  const [row] = await db.execute<FeedbackRow>(sql`
    select ${columns} from show_and_tell_feedback f join show_and_tell_packs p on p.id = f.pack_id left join users u on u.id = f.given_by
    where f.pack_id = ${packId} and f.id = ${feedbackId}`);
  return row;
}

/** Saves a lead's answer if nobody has answered since `version`. Call inside a transaction. */
export async function answerFeedback(
  tx: Db,
  feedback: { packId: number; id: number; version: number },
  answer: { answer: FeedbackAnswer; answerText: string },
  by: { userId: number; today: IsoDate },
): Promise<ShowAndTellFeedback | undefined> {
  const [saved] = await tx
    .update(showAndTellFeedback)
    .set({ ...answer, answeredBy: by.userId, answeredOn: by.today, version: sql`${showAndTellFeedback.version} + 1` })
    .where(
      and(
        eq(showAndTellFeedback.packId, feedback.packId),
        eq(showAndTellFeedback.id, feedback.id),
        eq(showAndTellFeedback.version, feedback.version),
      ),
    )
    .returning();
  return saved;
}

export type AnsweredRow = Omit<FeedbackRow, 'givenByName' | 'version'> & { siteName: string };

/** "You said, we did": the answered feedback on the packs shared with these sites' groups, newest answer first. */
export async function youSaidWeDid(db: Db, siteIds: readonly number[]): Promise<AnsweredRow[]> {
  if (siteIds.length === 0) return [];
  return db.execute<AnsweredRow>(sql`
    select f.id, f.pack_id as "packId", p.fortnight, f.section_id as "sectionId", f.section_title as "sectionTitle",
      f.liked, f.worried, f.try_next as "tryNext", f.given_on::text as "givenOn",
      f.answer, f.answer_text as "answerText", f.answered_on::text as "answeredOn", s.name as "siteName"
    from show_and_tell_feedback f join show_and_tell_packs p on p.id = f.pack_id join sites s on s.id = p.site_id
    where p.site_id in (${sql.join(
      siteIds.map((id) => sql`${id}`),
      sql`, `,
    )}) and p.shared_with_group and f.answer is not null
    order by f.answered_on desc, f.id desc limit 200`);
}
