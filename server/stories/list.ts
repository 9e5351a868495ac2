import { sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { STORY_STATUSES, type StoryStatus } from '../db/schema.js';
import { text, type Body } from '../http/forms.js';
import type { ConsentState } from './consent.js';

export const STORIES_PAGE_SIZE = 50;

/** The review statuses, and the two consent states that hide a story, as one filter. */
export const LIST_STATUSES = [...STORY_STATUSES, 'withdrawn', 'expired'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export interface StoryFilter {
  site: string;
  fortnight: string;
  theme: string;
  conversation: string;
  status: ListStatus | '';
}

/** Only well-formed values are kept: anything else is no filter. */
export function readStoryFilter(query: Body | undefined): StoryFilter {
  const number = (name: string) => {
    const value = text(query, name);
    return /^[1-9]\d{0,8}$/.test(value) ? value : '';
  };
  const status = text(query, 'status');
  const conversation = text(query, 'conversation');
  return {
    site: number('site'),
    fortnight: number('fortnight'),
    theme: number('theme'),
    conversation: ['1', '2', '3'].includes(conversation) ? conversation : '',
    status: LIST_STATUSES.find((candidate) => candidate === status) ?? '',
  };
}

export function storyFilterQuery(filter: StoryFilter, page = 1): string {
  const params = new URLSearchParams();
  for (const name of ['site', 'fortnight', 'theme', 'conversation', 'status'] as const) if (filter[name]) params.set(name, filter[name]);
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

/**
 * The consent state of story `s` on a day, as consent.ts decides it: the latest recorded consent
 * whose date has come governs; withdrawn from its withdrawal date; expired after its last day.
 */
export function consentStateOn(on: IsoDate): SQL<ConsentState> {
  return sql<ConsentState>`(
    select case when c.withdrawn_on is not null and c.withdrawn_on <= ${on}::date then 'withdrawn'
                when ${on}::date > c.expires_on then 'expired' else 'live' end
    from story_consents c where c.story_id = s.id and c.consent_date <= ${on}::date
    order by c.id desc limit 1)`;
}

/** Which sites: one, a person's own, or every one (an administrator's). */
export type StoryScope = { siteIds: readonly number[] } | 'all';

function where(scope: StoryScope, filter: StoryFilter, on: IsoDate, withStatus: boolean): SQL {
  const parts: SQL[] = [];
  if (scope !== 'all') parts.push(scope.siteIds.length ? sql`s.site_id = any(${`{${scope.siteIds.join(',')}}`}::int[])` : sql`false`);
  if (filter.site) parts.push(sql`s.site_id = ${Number(filter.site)}`);
  if (filter.fortnight) parts.push(sql`s.fortnight = ${Number(filter.fortnight)}`);
  if (filter.theme) parts.push(sql`${Number(filter.theme)}::int = any(s.theme_ids)`);
  if (filter.conversation) parts.push(sql`${Number(filter.conversation)}::smallint = any(s.conversations)`);
  if (withStatus && filter.status) {
    parts.push(
      filter.status === 'withdrawn' || filter.status === 'expired'
        ? sql`coalesce(${consentStateOn(on)}, 'none') = ${filter.status}`
        : sql`s.status = ${filter.status}`,
    );
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export type StoryRow = {
  id: number;
  siteId: number;
  siteName: string;
  title: string;
  fortnight: number;
  conversations: number[];
  themeNames: string[];
  status: StoryStatus;
  consent: ConsentState;
  authorName: string;
  version: number;
};

/** One page of stories, newest fortnight first, and how many match. Titles only: no story text is read. */
export async function listStories(
  db: Db,
  scope: StoryScope,
  filter: StoryFilter,
  on: IsoDate,
  page: number,
): Promise<{ rows: StoryRow[]; total: number }> {
  const condition = where(scope, filter, on, true);
  const [rows, [{ total }]] = await Promise.all([
    db.execute<StoryRow>(sql`
      select s.id, s.site_id as "siteId", si.name as "siteName", s.title, s.fortnight, s.conversations, s.status, s.version,
        coalesce(${consentStateOn(on)}, 'none') as consent, u.name as "authorName",
        coalesce((select array_agg(t.name order by lower(t.name)) from story_themes t where t.id = any(s.theme_ids)), '{}') as "themeNames"
      from stories s join sites si on si.id = s.site_id join users u on u.id = s.author_id
      where ${condition}
      order by s.fortnight desc, s.updated_at desc, s.id desc
      limit ${STORIES_PAGE_SIZE} offset ${(page - 1) * STORIES_PAGE_SIZE}`),
    db.execute<{ total: number }>(sql`select count(*)::int as total from stories s where ${condition}`),
  ]);
  return { rows: [...rows], total };
}

/** Counts by review status, and of stories whose consent is withdrawn or expired, under the other filters. */
export async function countStories(
  db: Db,
  scope: StoryScope,
  filter: StoryFilter,
  on: IsoDate,
): Promise<Record<ListStatus, number> & { total: number }> {
  const [row] = await db.execute<Record<ListStatus, number> & { total: number }>(sql`
    select count(*)::int as total,
      ${sql.join(
        STORY_STATUSES.map((status) => sql`(count(*) filter (where s.status = ${status}))::int as ${sql.identifier(status)}`),
        sql`, `,
      )},
      (count(*) filter (where x.consent = 'withdrawn'))::int as withdrawn,
      (count(*) filter (where x.consent = 'expired'))::int as expired
    from stories s cross join lateral (select ${consentStateOn(on)} as consent) x
    where ${where(scope, filter, on, false)}`);
  return row;
}
