import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { pageItems, parsePage } from '../audit/search.js';
import { actorOf } from '../audit/record.js';
import { personOf } from '../http/auth.js';
import { wantsPartial } from '../http/htmx.js';
import { renderPage, renderPartial } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { listSites } from '../sites/queries.js';
import { countStories, listStories, readStoryFilter, storyFilterQuery, STORIES_PAGE_SIZE, type StoryScope } from './list.js';
import { fortnightChoices, storyNames } from './pages.js';
import { themesOf } from './themes.js';
import { can, visibleSiteIds } from '../permissions.js';
import { storiesListed } from './reads.js';

export function storyListRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showList(req: Request, res: Response, scope: StoryScope, site: Site | undefined) {
    const date = today();
    const filter = readStoryFilter(req.query);
    if (site) filter.site = '';
    const page = parsePage(req.query.page);
    const base = site ? `/sites/${site.id}/stories` : '/stories';
    const user = personOf(res);
    // Across sites, the fortnight and theme filters need a site: each site numbers its fortnights and keeps its own themes.
    const sites = site ? [] : await listSites(db, { archived: false, onlyIds: visibleSiteIds(user) });
    const filterSite = site ?? sites.find((candidate) => String(candidate.id) === filter.site);
    if (!filterSite) {
      filter.fortnight = '';
      filter.theme = '';
    }
    const [{ rows, total }, counts, themes] = await Promise.all([
      listStories(db, scope, filter, date, page),
      countStories(db, scope, filter, date),
      filterSite ? themesOf(db, filterSite.id) : [],
    ]);
    // A list shows titles, not text; which stories someone saw listed is kept all the same.
    await storiesListed(db, actorOf(req, res), { siteId: site?.id ?? null, storyIds: rows.map((row) => row.id) });
    const lastPage = Math.max(1, Math.ceil(total / STORIES_PAGE_SIZE));
    const href = (number: number, changes: Partial<typeof filter> = {}) => {
      const query = storyFilterQuery({ ...filter, ...changes }, number);
      return `${base}${query ? `?${query}` : ''}`;
    };
    const locals = {
      ...storyNames,
      site,
      sites,
      base,
      filter,
      stories: rows,
      total,
      counts,
      statusHref: (status: string) => href(1, { status: status as typeof filter.status }),
      themes,
      fortnights: filterSite ? fortnightChoices(filterSite, date) : [],
      firstShown: (page - 1) * STORIES_PAGE_SIZE + 1,
      firstPage: href(1),
      pages: lastPage > 1 ? pageItems(page, lastPage).map((item) => ('number' in item ? { ...item, href: href(item.number) } : item)) : [],
      previous: page > 1 && page <= lastPage ? href(page - 1) : undefined,
      next: page < lastPage ? href(page + 1) : undefined,
      canWrite: can(user, 'stories.write'),
    };
    if (wantsPartial(req, res)) return renderPartial(res, 'stories/_results', { ...locals, asPart: true });
    await renderPage(res, 'stories/list', {
      title: site ? `Stories of difference – ${site.name}` : 'Stories of difference across your sites',
      navigation: 'sites',
      backLink: site ? { href: `/sites/${site.id}`, text: `Back to ${site.name}` } : undefined,
      ...locals,
    });
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/stories',
      allow: 'stories.read',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showList(req, res, { siteIds: [site.id] }, site);
      },
    },
    {
      method: 'get',
      path: '/stories',
      allow: 'stories.read',
      async handler(req, res, person) {
        const siteIds = visibleSiteIds(person);
        await showList(req, res, siteIds === undefined ? 'all' : { siteIds }, undefined);
      },
    },
  ];
}
