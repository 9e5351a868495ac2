/**
 * Which stories of difference may be shown, and to whom: the one place the show-and-tells and the
 * co-production area ask. Only approved stories, with live consent (not withdrawn, not expired on
 * the day) whose scope covers the audience, are offered. The stories feature fills this in; until
 * then nothing is offered.
 */
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';

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
 */
export async function offeredStories(db: Db, siteId: number, options: { audience: StoryAudience; on: IsoDate; ids?: readonly number[] }): Promise<OfferedStory[]> {
  void db;
  void siteId;
  void options;
  return [];
}
