import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { wellbeingRespondents, wellbeingResponses } from '../db/schema.js';
import { MIN_ANSWERS } from './queries.js';

/*
 * The wellbeing check is anonymous. Who answered is kept in wellbeing_respondents (so nobody
 * answers twice); what they answered in wellbeing_responses, with no person and no time. The
 * audit log says only that someone answered. So that the order of responses cannot be matched
 * to the order of answering (in the audit log), every answer shuffles the scores and words of
 * the reflection's responses among their rows.
 */

/**
 * Records one person's answer; false, with nothing written, when they have answered already.
 * Call inside a transaction.
 */
export async function answerWellbeing(tx: Db, reflectionId: number, userId: number, answer: { score: number; word: string }): Promise<boolean> {
  // One answer at a time per reflection, so each shuffle sees every earlier answer.
  await tx.execute(sql`select id from reflections where id = ${reflectionId} for no key update`);
  const [respondent] = await tx.insert(wellbeingRespondents).values({ reflectionId, userId }).onConflictDoNothing().returning({ userId: wellbeingRespondents.userId });
  if (!respondent) return false;
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
  return true;
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
  /** The rest only when at least MIN_ANSWERS people answered. */
  shown: boolean;
  average?: number;
  /** How many chose 1, 2, 3, 4 and 5. */
  counts?: number[];
  /** In alphabetical order, never in the order given. */
  words?: string[];
}

export async function wellbeingTotals(db: Db, reflectionId: number): Promise<WellbeingTotals> {
  const [row] = await db.execute<{ answered: number; average: number | null; counts: number[]; words: string[] }>(sql`
    select count(*)::int as answered,
      round(avg(score), 1)::float8 as average,
      array[
        count(*) filter (where score = 1), count(*) filter (where score = 2), count(*) filter (where score = 3),
        count(*) filter (where score = 4), count(*) filter (where score = 5)
      ]::int[] as counts,
      coalesce(array_agg(word order by lower(word), word) filter (where word <> ''), '{}') as words
    from wellbeing_responses where reflection_id = ${reflectionId}`);
  if (row.answered < MIN_ANSWERS) return { answered: row.answered, shown: false };
  return { answered: row.answered, shown: true, average: row.average!, counts: row.counts, words: row.words };
}
