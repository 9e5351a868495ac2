import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actorOf } from '../audit/record.js';
import { NotFound } from '../http/errors.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { listSites } from '../sites/queries.js';
import { CONVERSATION_PLAIN_NAMES } from './form.js';
import { offeredStories } from './offered.js';
import { siteOfStory } from './queries.js';
import { personOf } from '../http/auth.js';
import { storyRead, storiesListed, storyRefused } from './reads.js';

/** The headings experts by experience read: plain words, no jargon. */
const PLAIN_HEADINGS = [
  ['whatMattered', 'What mattered to the person'],
  ['whatWeDid', 'What the team did'],
  ['differenceItMade', 'The difference it made'],
  ['oldWay', 'What would have happened before'],
];

/**
 * Experts by experience read approved stories of their own sites, in scope and with live consent,
 * through offeredStories and nothing else: no person reference, and the team tells each one.
 */
export function coProductionStoryRoutes(db: Db, today: () => IsoDate): Route[] {
  /** A story outside what may be shown answers as if it did not exist, and the attempt is audited. */
  async function refuse(req: Request, res: Response, reason: string): Promise<never> {
    await storyRefused(db, actorOf(req, res), 'story.refused', String(req.params.storyId).slice(0, 20), {
      reason,
      audience: 'expert-by-experience',
    });
    throw new NotFound('story');
  }

  return [
    {
      method: 'get',
      path: '/co-production/stories',
      allow: 'co-production.take-part',
      async handler(req, res, user) {
        const sites = await listSites(db, { archived: false, onlyIds: user.siteIds });
        const groups = await Promise.all(
          sites.map(async (site) => ({
            site,
            stories: await offeredStories(db, site.id, { audience: 'expert-by-experience', on: today() }),
          })),
        );
        const storyIds = groups.flatMap((group) => group.stories.map((story) => story.id));
        await storiesListed(db, actorOf(req, res), { audience: 'expert-by-experience', storyIds });
        await renderPage(res, 'stories/co-production-list', {
          title: 'Stories of difference',
          navigation: 'co-production',
          groups: groups.filter((group) => group.stories.length > 0),
          backLink: { href: '/co-production', text: 'Back to your group' },
        });
      },
    },
    {
      method: 'get',
      path: '/co-production/stories/:storyId',
      allow: 'co-production.take-part',
      async handler(req, res) {
        const id = /^[1-9]\d{0,8}$/.test(String(req.params.storyId)) ? Number(req.params.storyId) : undefined;
        if (id === undefined) return refuse(req, res, 'not a story');
        const siteId = await siteOfStory(db, id);
        if (siteId === undefined) return refuse(req, res, 'no such story');
        if (!personOf(res).siteIds.includes(siteId)) return refuse(req, res, 'another site');
        const [story] = await offeredStories(db, siteId, { audience: 'expert-by-experience', on: today(), ids: [id] });
        if (!story) return refuse(req, res, 'not approved, out of scope or without live consent');
        await storyRead(db, actorOf(req, res), story.id, { siteId, version: story.version, audience: 'expert-by-experience' });
        await renderPage(res, 'stories/co-production-story', {
          title: story.title,
          navigation: 'co-production',
          story,
          headings: PLAIN_HEADINGS,
          conversationNames: CONVERSATION_PLAIN_NAMES,
          backLink: { href: '/co-production/stories', text: 'Back to the stories' },
        });
      },
    },
  ];
}
