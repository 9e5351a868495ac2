import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actorOf } from '../audit/record.js';
import { NotFound } from '../http/errors.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadStory } from './load.js';
import { fortnightText, storyBase, storyNames } from './pages.js';
import { findVersion, reviewsOf, versionsOf } from './queries.js';
import { themeNames, themesOf } from './themes.js';
import { checkView } from './view.js';
import { storyRead } from './reads.js';

/** Reading a story other than on its page: the print view, its version history and an old version. Each read is audited. */
export function storyReadRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId/print',
      allow: 'stories.read',
      async handler(req, res) {
        const loaded = await loadStory(db, req, res, today());
        const { site, story } = loaded;
        await storyRead(db, actorOf(req, res), story.id, {
          siteId: site.id,
          version: story.version,
          view: 'print',
          textShown: loaded.textShown,
        });
        const themes = await themesOf(db, site.id);
        await renderPage(res, 'stories/print', {
          title: `${story.title || 'Untitled story'} (print view) – ${site.name}`,
          navigation: 'sites',
          ...loaded,
          ...storyNames,
          themes: themeNames(themes, story.themeIds),
          fortnightText: fortnightText(site, story.fortnight),
          base: storyBase(site, story),
          scripts: ['/static/js/print-button.js'],
          backLink: { href: storyBase(site, story), text: 'Back to the story' },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId/versions',
      allow: 'stories.read',
      async handler(req, res) {
        const loaded = await loadStory(db, req, res, today());
        const { site, story } = loaded;
        await storyRead(db, actorOf(req, res), story.id, { siteId: site.id, view: 'versions', textShown: loaded.textShown });
        const [versions, reviews] = loaded.textShown ? await Promise.all([versionsOf(db, story.id), reviewsOf(db, story.id)]) : [[], []];
        await renderPage(res, 'stories/versions', {
          title: `Version history of ${story.title || 'an untitled story'} – ${site.name}`,
          navigation: 'sites',
          ...loaded,
          ...storyNames,
          versions,
          reviews,
          base: storyBase(site, story),
          backLink: { href: storyBase(site, story), text: 'Back to the story' },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId/versions/:version',
      allow: 'stories.read',
      async handler(req, res) {
        const loaded = await loadStory(db, req, res, today());
        const { site, story } = loaded;
        const version = await findVersion(db, story.id, parseId(String(req.params.version), 'version'));
        if (!version) throw new NotFound('version');
        await storyRead(db, actorOf(req, res), story.id, {
          siteId: site.id,
          version: version.version,
          view: 'version',
          textShown: loaded.textShown,
        });
        const [themes, reviews] = await Promise.all([themesOf(db, site.id), reviewsOf(db, story.id)]);
        await renderPage(res, 'stories/version', {
          title: `Version ${version.version} of ${loaded.textShown ? version.title || 'an untitled story' : 'a story'} – ${site.name}`,
          navigation: 'sites',
          ...loaded,
          ...storyNames,
          version,
          reviews: reviews.filter((review) => review.version === version.version),
          themes: themeNames(themes, version.themeIds),
          fortnightText: fortnightText(site, version.fortnight),
          check: loaded.textShown ? checkView(version, version.explanations) : undefined,
          base: storyBase(site, story),
          backLink: { href: `${storyBase(site, story)}/versions`, text: 'Back to the version history' },
        });
      },
    },
  ];
}
