/**
 * Which stories of difference may be shown, and to whom: the one place the show-and-tells and the
 * co-production area ask. Only approved stories, with live consent (not withdrawn, not expired on
 * the day) whose scope covers the audience, are offered. See offeredStories for the rules.
 */
import type { IsoDate } from '../calendar/fortnights.js';
import { sqlOf, type Db } from '../db/connection.js';
import { isExplainable } from './findings.js';
import { findIdentifiers } from './identifiers.js';

/** A show-and-tell (and so the co-production group, its audience), or an expert by experience reading on their own. */
export type StoryAudience = 'show-and-tell' | 'expert-by-experience';

/** A story as it may be shown: the approved version's text, no person reference and no author name. */
export interface OfferedStory {
  id: number;
  siteId: number;
  /** The approved version shown. */
  version: number;
  title: string;
  fortnight: number;
  /** Conversations involved, from 1, 2 and 3. */
  conversations: number[];
  themes: string[];
  whatMattered: string;
  whatWeDid: string;
  differenceItMade: string;
  oldWay: string;
  /** Who tells it: the team's name, never the author's. */
  toldBy: string;
}

/**
 * The site's stories that may be shown to `audience` on `on`, newest fortnight first; with `ids`,
 * only those of them (so a pack can ask which of its stories are still allowed).
 *
 * Offered: approved now (a story edited since its approval is back in review and is not), the
 * approved version's text, with consent live on `on` (consent.ts: the latest recorded consent
 * dated on or before `on`, not withdrawn by then, not past its last day) whose scope includes
 * show-and-tells or public. Both audiences need the same scope: experts by experience are a
 * show-and-tell's audience.
 */
export async function offeredStories(
  db: Db,
  siteId: number,
  options: { audience: StoryAudience; on: IsoDate; ids?: readonly number[] },
): Promise<OfferedStory[]> {
  void options.audience;
  if (options.ids && options.ids.length === 0) return [];
  const sql = sqlOf(db);
  // A tagged template, so postgres.js prepares it: every pack page asks this.
  const only = options.ids ? sql`and s.id = any(${`{${options.ids.map((id) => Math.trunc(Number(id)) || 0).join(',')}}`}::int[])` : sql``;
  const rows = await sql<OfferedStory[]>`
    select s.id, s.site_id as "siteId", v.version, v.title, v.fortnight, v.conversations::int[] as conversations,
      coalesce((select array_agg(t.name order by lower(t.name)) from story_themes t where t.id = any(v.theme_ids)), '{}') as themes,
      v.what_mattered as "whatMattered", v.what_we_did as "whatWeDid", v.difference_it_made as "differenceItMade", v.old_way as "oldWay",
      si.name as "toldBy"
    from stories s
    join sites si on si.id = s.site_id
    join story_versions v on v.story_id = s.id and v.version = s.approved_version
    cross join lateral (
      select c.withdrawn_on, c.expires_on, c.scope from story_consents c
      where c.story_id = s.id and c.consent_date <= ${options.on}::date
      order by c.id desc limit 1) c
    where s.site_id = ${siteId} and s.status = 'approved' ${only}
      and (c.withdrawn_on is null or c.withdrawn_on > ${options.on}::date)
      and ${options.on}::date <= c.expires_on
      and c.scope && '{show_and_tells,public}'::text[]
    order by v.fortnight desc, s.id desc`;
  // A story approved with a contact detail or number in it (explained away before that was
  // refused) is never offered: nothing anyone explained makes an NHS number fine to show.
  return rows.filter((story) => !hasWhatMustGo(story));
}

/** Whether the story's text holds a finding that can never be explained: contact details, NHS and case numbers, addresses. */
export function hasWhatMustGo(story: Pick<OfferedStory, 'title' | 'whatMattered' | 'whatWeDid' | 'differenceItMade' | 'oldWay'>): boolean {
  return [story.title, story.whatMattered, story.whatWeDid, story.differenceItMade, story.oldWay].some((text) =>
    findIdentifiers(text).some((finding) => !isExplainable(finding.kind)),
  );
}
