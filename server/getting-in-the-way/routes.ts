import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { pageItems, parsePage } from '../audit/search.js';
import { personOf } from '../http/auth.js';
import { csvRow } from '../http/csv.js';
import { wantsPartial } from '../http/htmx.js';
import { renderPage, renderPartial } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { CATEGORY_NAMES, STATUS_NAMES } from './form.js';
import { allLog, LOG_PAGE_SIZE, listLog, logFilterQuery, readLogFilter, summariseLog, type LogRow, type LogScope } from './log.js';
import { visibleSiteIds } from '../permissions.js';

const CSV_HEADER = [
  'site',
  'id',
  'title',
  'category',
  'description',
  'owner',
  'escalated to',
  'status',
  'what changed',
  'raised on',
  'resolved on',
  'age in days (open items)',
  'days to resolve',
];

function csvLine(row: LogRow): string {
  return csvRow([
    row.siteName,
    row.id,
    row.title,
    CATEGORY_NAMES[row.category],
    row.description,
    row.ownerName,
    row.escalatedTo,
    STATUS_NAMES[row.status],
    row.whatChanged,
    row.raisedOn,
    row.resolvedOn,
    row.ageDays,
    row.daysToResolve,
  ]);
}

/** Whose log the person may see across sites: every site for an administrator, otherwise their own. */
function scopeOf(res: Response): LogScope {
  const siteIds = visibleSiteIds(personOf(res));
  return siteIds === undefined ? 'all' : { siteIds };
}

export function logRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showLog(req: Request, res: Response, scope: LogScope, site: Site | undefined) {
    const date = today();
    const filter = readLogFilter(req.query);
    const page = parsePage(req.query.page);
    const base = site ? `/sites/${site.id}/getting-in-the-way` : '/getting-in-the-way';
    const [{ rows, total }, summary] = await Promise.all([listLog(db, scope, filter, page, date), summariseLog(db, scope)]);
    const lastPage = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE));
    const href = (number: number) => `${base}${logFilterQuery(filter, number) ? `?${logFilterQuery(filter, number)}` : ''}`;
    const locals = {
      site,
      base,
      filter,
      items: rows,
      total,
      summary,
      firstShown: (page - 1) * LOG_PAGE_SIZE + 1,
      categoryNames: CATEGORY_NAMES,
      statusNames: STATUS_NAMES,
      csvHref: `${base}.csv${logFilterQuery(filter) ? `?${logFilterQuery(filter)}` : ''}`,
      firstPage: href(1),
      pages: lastPage > 1 ? pageItems(page, lastPage).map((item) => ('number' in item ? { ...item, href: href(item.number) } : item)) : [],
      previous: page > 1 && page <= lastPage ? href(page - 1) : undefined,
      next: page < lastPage ? href(page + 1) : undefined,
    };
    if (wantsPartial(req, res)) return renderPartial(res, 'getting-in-the-way/_results', { ...locals, asPart: true });
    await renderPage(res, 'getting-in-the-way/list', {
      title: site ? `What is getting in the way – ${site.name}` : 'What is getting in the way across your sites',
      navigation: site ? 'sites' : 'getting-in-the-way',
      backLink: site ? { href: `/sites/${site.id}`, text: `Back to ${site.name}` } : undefined,
      ...locals,
    });
  }

  async function sendCsv(req: Request, res: Response, scope: LogScope, name: string) {
    const date = today();
    const rows = await allLog(db, scope, readLogFilter(req.query), date);
    res.status(200).set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}-${date}.csv"` });
    // The byte order mark tells spreadsheet programs the file is UTF-8, so accents and emoji survive.
    res.send(`\uFEFF${csvRow(CSV_HEADER)}${rows.map(csvLine).join('')}`);
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/getting-in-the-way',
      allow: 'getting-in-the-way.manage',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showLog(req, res, { siteId: site.id }, site);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/getting-in-the-way.csv',
      allow: 'getting-in-the-way.manage',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await sendCsv(req, res, { siteId: site.id }, `getting-in-the-way-site-${site.id}`);
      },
    },
    {
      method: 'get',
      path: '/getting-in-the-way',
      allow: 'getting-in-the-way.manage',
      async handler(req, res) {
        await showLog(req, res, scopeOf(res), undefined);
      },
    },
    {
      method: 'get',
      path: '/getting-in-the-way.csv',
      allow: 'getting-in-the-way.manage',
      async handler(req, res) {
        await sendCsv(req, res, scopeOf(res), 'getting-in-the-way-all-sites');
      },
    },
  ];
}
