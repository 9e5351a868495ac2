/**
 * A new pack, filled from the fortnight's own records (issue 7, "Preparing a show-and-tell"):
 * the goal, actions finished, obstacles resolved, what the reflections learned, the next goal
 * and the oldest obstacles still open. Names of workers and person references are never copied:
 * actions and items are written without their owners.
 */
import { sql } from 'drizzle-orm';
import { daysBetween, formatDate, type Fortnight, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import type { OfferedStory } from '../stories/offered.js';
import type { NewSection } from './queries.js';
import { bulletLines } from './text-blocks.js';

/** How many finished actions and open obstacles a pack lists: 15 minutes of content is not long. */
export const ACTIONS_LISTED = 8;
export const OPEN_ITEMS_LISTED = 3;
/** Measures a new pack starts with; the lead chooses others. */
export const DEFAULT_MEASURES = ['days-waited', 'resolved-c1'];
export const DEFAULT_STORIES = 2;

export interface FortnightRecords {
  goal: string;
  nextGoal: string;
  actionsDone: string[];
  actionsDoneTotal: number;
  itemsResolved: { title: string; whatChanged: string }[];
  learned: string[];
  oldestOpen: { title: string; raisedOn: IsoDate }[];
  /** The vision in the last pack before this one. */
  vision: string;
}

/** Everything the pack starts from, in one query. */
export async function fortnightRecords(db: Db, siteId: number, period: Fortnight): Promise<FortnightRecords> {
  const [row] = await db.execute<{ records: FortnightRecords }>(sql`
    select json_build_object(
      'goal', coalesce((select goal from fortnight_plans where site_id = ${siteId} and number = ${period.number}), ''),
      'nextGoal', coalesce((select goal from fortnight_plans where site_id = ${siteId} and number = ${period.number + 1}), ''),
      'actionsDone', coalesce((select json_agg(description order by closed_on desc, id desc) from (
        select description, closed_on, id from actions where site_id = ${siteId} and status = 'done' and closed_on between ${period.start} and ${period.end}
        order by closed_on desc, id desc limit ${ACTIONS_LISTED}) a), '[]'),
      'actionsDoneTotal', (select count(*) from actions where site_id = ${siteId} and status = 'done' and closed_on between ${period.start} and ${period.end}),
      'itemsResolved', coalesce((select json_agg(json_build_object('title', title, 'whatChanged', what_changed) order by resolved_on, id)
        from getting_in_the_way where site_id = ${siteId} and status = 'resolved' and resolved_on between ${period.start} and ${period.end}), '[]'),
      'learned', coalesce((select json_agg(learned order by held_on) from reflections
        where site_id = ${siteId} and held_on between ${period.start} and ${period.end} and learned <> ''), '[]'),
      'oldestOpen', coalesce((select json_agg(json_build_object('title', title, 'raisedOn', raised_on) order by raised_on, id) from (
        select title, raised_on, id from getting_in_the_way where site_id = ${siteId} and status not in ('resolved', 'cannot_change') and raised_on <= ${period.end}
        order by raised_on, id limit ${OPEN_ITEMS_LISTED}) o), '[]'),
      'vision', coalesce((select s.vision from show_and_tell_sections s join show_and_tell_packs p on p.id = s.pack_id
        where p.site_id = ${siteId} and p.fortnight < ${period.number} and s.kind = 'welcome' and s.vision <> ''
        order by p.fortnight desc limit 1), '')
    ) as records`);
  return { ...row.records, actionsDoneTotal: Number(row.records.actionsDoneTotal) };
}

const blank = { vision: '', goalMet: null, measures: [] as string[], storyIds: [] as number[] };

/** The five sections of the issue, in order, written from the records. Pure. */
export function assembleSections(
  site: Pick<Site, 'name'>,
  period: Fortnight,
  records: FortnightRecords,
  stories: readonly OfferedStory[],
  today: IsoDate,
): NewSection[] {
  const dates = `${formatDate(period.start)} to ${formatDate(period.end)}`;
  const welcome = [
    `Welcome to our show-and-tell for fortnight ${period.number}, ${dates}.`,
    `We are ${site.name}. We are trying a new way of working: we listen to what matters to people and help them find support close to home. Today we show what we did, what we learned and what we will do next. Then we want to hear what you think.`,
  ].join('\n\n');

  const more = records.actionsDoneTotal - records.actionsDone.length;
  const did = [
    records.goal ? `Our goal this fortnight was: ${records.goal}` : 'We did not set a goal this fortnight.',
    records.actionsDone.length
      ? `What we finished:\n${bulletLines(records.actionsDone)}${more > 0 ? `\n\nAnd ${more} more ${more === 1 ? 'action' : 'actions'}.` : ''}`
      : 'We did not finish any actions this fortnight.',
    records.itemsResolved.length
      ? `What is no longer getting in the way:\n${bulletLines(records.itemsResolved.map((item) => (item.whatChanged ? `${item.title}: ${item.whatChanged}` : item.title)))}`
      : '',
  ];

  const learned = records.learned.length
    ? `What we learned:\n${bulletLines(
        records.learned.flatMap((text) =>
          text
            .split('\n')
            .map((line) => line.replace(/^\s*[-*•]\s*/, ''))
            .filter(Boolean),
        ),
      )}`
    : '';

  const open = records.oldestOpen.map((item) => {
    const days = daysBetween(item.raisedOn, today);
    return `${item.title} (waiting ${days === 1 ? '1 day' : `${days} days`})`;
  });
  const next = [
    records.nextGoal ? `Next fortnight our goal is: ${records.nextGoal}` : 'We will set our goal for next fortnight at the start of it.',
    open.length ? `What is still getting in the way:\n${bulletLines(open)}` : '',
  ];

  const storyIds = stories
    .filter((story) => story.fortnight === period.number)
    .slice(0, DEFAULT_STORIES)
    .map((story) => story.id);
  const paragraphs = (parts: string[]) => parts.filter(Boolean).join('\n\n');
  return [
    { ...blank, kind: 'welcome', title: 'Welcome and why we are here', body: welcome, vision: records.vision },
    { ...blank, kind: 'what-we-did', title: 'What we did', body: paragraphs(did) },
    { ...blank, kind: 'what-we-learned', title: 'What we learned', body: learned, measures: [...DEFAULT_MEASURES], storyIds },
    { ...blank, kind: 'what-next', title: 'What we will do next', body: paragraphs(next) },
    {
      ...blank,
      kind: 'questions',
      title: 'Questions and feedback',
      body: `What did you think? Please tell us:\n${bulletLines(['what you liked', 'what worried you', 'what we should try next'])}`,
    },
  ];
}
