import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { STAFF } from '../http/auth.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { listSites } from '../sites/queries.js';
import { headlines, FEW_CONTACTS } from './comparison.js';
import { MEASURES } from './definitions.js';
import { measureTotals, waitingOn } from './queries.js';
import { rangeQuery, readRange } from './range.js';
import { cachedMeasures } from './cache.js';

/** The comparison of old and new for some sites over a date range: the figures and their sentences. */
async function comparison(db: Db, siteIds: number[], range: { from: IsoDate; to: IsoDate }, today: IsoDate) {
  const [totals, waiting] = await Promise.all([measureTotals(db, siteIds, { ...range, today }), waitingOn(db, siteIds, range.to)]);
  const waitingOf = (way: 'old' | 'new') => waiting[way];
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
  return headlines(totals, { old: { waiting: waitingOf('old'), days }, new: { waiting: waitingOf('new'), days } });
}

async function showComparison(db: Db, req: Request, res: Response, today: IsoDate, scope: { sites: Site[]; site?: Site }) {
  const { answers, range, errors } = readRange(req.query as Record<string, unknown>, today);
  const site = scope.site;
  const title = site ? `Measures – ${site.name}` : 'Measures across your sites';
  const locals = {
    title,
    navigation: site ? 'sites' : 'measures',
    site,
    sites: scope.sites,
    answers,
    errors,
    measures: MEASURES,
    fewContacts: FEW_CONTACTS,
    action: site ? `/sites/${site.id}/measures` : '/measures',
    backLink: site ? { href: `/sites/${site.id}`, text: `Back to ${site.name}` } : undefined,
  };
  if (!range) return renderPage(res, 'measures/comparison', { ...locals, headlines: [] }, 422);
  const siteIds = scope.sites.map((s) => s.id);
  const figures = siteIds.length ? await cachedMeasures(db, siteIds, `comparison|${siteIds.join(',')}|${range.from}|${range.to}|${today}`, () => comparison(db, siteIds, range, today)) : [];
  await renderPage(res, 'measures/comparison', { ...locals, headlines: figures, range, query: rangeQuery(range) });
}

export function measureRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/measures',
      allow: STAFF,
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showComparison(db, req, res, today(), { sites: [site], site });
      },
    },
    {
      method: 'get',
      path: '/measures',
      allow: ['administrator', 'programme_lead'],
      async handler(req, res) {
        const user = res.locals.user!;
        const sites = await listSites(db, { archived: false, onlyIds: user.role === 'administrator' ? undefined : user.siteIds });
        await showComparison(db, req, res, today(), { sites });
      },
    },
  ];
}
