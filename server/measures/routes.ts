import type { Request, Response } from 'express';
import { addDays, daysBetween, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { listSites } from '../sites/queries.js';
import { headlines, FEW_CONTACTS } from './comparison.js';
import { MEASURES } from './definitions.js';
import { measureTotals, waitingOn, waysInUse } from './queries.js';
import { nextPeriodStart, periodStartOf } from './series.js';
import { rangeQuery, readRange } from './range.js';
import { cachedMeasures } from './cache.js';
import { visibleSiteIds } from '../permissions.js';

/** The comparison of old and new for some sites over a date range: the figures and their sentences. */
async function comparison(db: Db, sites: Site[], range: { from: IsoDate; to: IsoDate }, today: IsoDate) {
  const siteIds = sites.map((site) => site.id);
  // One site's own setting; across sites the longest wait any of them asks for.
  const outcomeDays = Math.max(...sites.map((site) => site.outcomeDays));
  const [totals, inUse] = await Promise.all([measureTotals(db, siteIds, { ...range, today, outcomeDays }), waysInUse(db, siteIds)]);
  const extra = async (way: 'old' | 'new') => {
    const use = inUse[way];
    if (!use || use.last < range.from || use.first > range.to) return { waiting: undefined, days: undefined };
    // Each way is read at the end of its own period of use (the week its last contact came in), and its
    // weekly rates are over the days it was in use within these dates.
    const end = use.last < range.to ? addDays(nextPeriodStart(periodStartOf(use.last, 'week'), 'week'), -1) : range.to;
    const readOn = end < range.to ? end : range.to;
    const first = use.first > range.from ? use.first : range.from;
    const last = use.last < range.to ? use.last : range.to;
    return { waiting: (await waitingOn(db, siteIds, readOn))[way], days: daysBetween(first, last) + 1 };
  };
  const [old, fresh] = await Promise.all([extra('old'), extra('new')]);
  return headlines(totals, { old, new: fresh });
}

async function showComparison(db: Db, req: Request, res: Response, today: IsoDate, scope: { sites: Site[]; site?: Site }) {
  const { answers, range, errors } = readRange(req.query, today);
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
  const settings = scope.sites.map((s) => `${s.outcomeDays}`).join(',');
  const figures = siteIds.length
    ? await cachedMeasures(db, siteIds, `comparison|${siteIds.join(',')}|${settings}|${range.from}|${range.to}|${today}`, () =>
        comparison(db, scope.sites, range, today),
      )
    : [];
  await renderPage(res, 'measures/comparison', { ...locals, headlines: figures, range, query: rangeQuery(range) });
}

export function measureRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/measures',
      allow: 'measures.view',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showComparison(db, req, res, today(), { sites: [site], site });
      },
    },
    {
      method: 'get',
      path: '/measures',
      allow: 'measures.across-sites',
      async handler(req, res, user) {
        const sites = await listSites(db, { archived: false, onlyIds: visibleSiteIds(user) });
        await showComparison(db, req, res, today(), { sites });
      },
    },
  ];
}
