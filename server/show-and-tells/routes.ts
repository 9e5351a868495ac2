import { fortnight, fortnightNumberOn, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import { actingOf } from '../audit/record.js';
import { preparePack } from './service.js';
import { plansBetween } from '../fortnights/queries.js';
import { lastFortnightNumber, summariseFortnight } from '../fortnights/schedule.js';
import { setFlash } from '../http/flash.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { offeredStories } from '../stories/offered.js';
import { assembleSections, fortnightRecords } from './assemble.js';
import { isLead, loadPack, loadPackContext, packPath, type PackContext } from './load.js';
import { PACK_VIEW_LOCALS, renderPackPage, shownPack } from './page.js';
import { sectionRoutes } from './section-routes.js';
import { packRoutes } from './pack-routes.js';
import { feedbackAnswerRoutes } from './feedback-routes.js';
import { packsOfSite, type PackWithSections } from './queries.js';
import type { ShownPack } from './shown.js';

/** The list shows the past year of fortnights and the next one, and any older fortnight with a pack. */
const LIST_FORTNIGHTS = 26;

/** Every show-and-tell route: the packs, their sections, their status and the answers to feedback. */
export function showAndTellRoutes(db: Db, today: () => IsoDate): Route[] {
  return [...packPageRoutes(db, today), ...sectionRoutes(db, today), ...packRoutes(db, today), ...feedbackAnswerRoutes(db, today)];
}

function packPageRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells',
      allow: 'show-and-tells.view',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const date = today();
        const newest = Math.min((fortnightNumberOn(site, date) ?? 0) + 1, lastFortnightNumber(site));
        const oldest = Math.max(1, newest - LIST_FORTNIGHTS);
        const [packs, plans, holidays] = await Promise.all([
          packsOfSite(db, site.id),
          plansBetween(db, site.id, oldest, newest),
          bankHolidaysBetween(db, fortnight(site, oldest).start, fortnight(site, Math.max(newest, 1)).end),
        ]);
        const numbers = [
          ...new Set([
            ...Array.from({ length: Math.max(0, newest - oldest + 1) }, (_, index) => newest - index),
            ...packs.map((pack) => pack.fortnight),
          ]),
        ].sort((a, b) => b - a);
        const rows = numbers.map((number) => ({
          fortnight: summariseFortnight(site, number, plans.get(number), holidays, date),
          pack: packs.find((pack) => pack.fortnight === number),
        }));
        await renderPage(res, 'show-and-tells/list', {
          title: `Show-and-tells – ${site.name}`,
          navigation: 'sites',
          site,
          rows,
          lead: isLead(res),
          backLink: { href: `/sites/${site.id}`, text: `Back to ${site.name}` },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells/:number',
      allow: 'show-and-tells.view',
      async handler(req, res) {
        const date = today();
        await renderPackPage(db, res, await loadPackContext(db, req, res, date), date);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number',
      allow: 'show-and-tells.prepare',
      async handler(req, res, person) {
        const date = today();
        const { site, period, found } = await loadPackContext(db, req, res, date);
        if (!found) {
          const [records, stories] = await Promise.all([
            fortnightRecords(db, site.id, period),
            offeredStories(db, site.id, { audience: 'show-and-tell', on: date }),
          ]);
          await preparePack(db, actingOf(req, person), {
            siteId: site.id,
            fortnight: period.number,
            sections: assembleSections(site, period, records, stories, date),
          });
          setFlash(res, 'pack-started');
        }
        res.redirect(303, packPath(site.id, period.number));
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells/:number/present',
      allow: 'show-and-tells.view',
      async handler(req, res) {
        const date = today();
        const context = await loadPack(db, req, res, date);
        const shown = await shownPack(db, context, date);
        await renderPage(res, 'show-and-tells/present', {
          title: `Presenting fortnight ${context.period.number} – ${context.site.name}`,
          display: 'presenter',
          site: context.site,
          period: context.period,
          pack: context.found.pack,
          shown,
          packHref: packPath(context.site.id, context.period.number),
          scripts: ['/static/vendor/chart-4.6.1.umd.min.js', '/static/js/spc-chart.js', '/static/js/presenter.js'],
          ...PACK_VIEW_LOCALS,
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells/:number/handout',
      allow: 'show-and-tells.view',
      async handler(req, res) {
        const date = today();
        const context = await loadPack(db, req, res, date);
        const shown = await shownPack(db, context, date);
        await renderPage(res, 'show-and-tells/handout', handoutLocals(context, shown));
      },
    },
  ];
}

/** The handout page's locals: the web page and the CLI's PDF print the same template. */
export function handoutLocals(context: PackContext & { found: PackWithSections }, shown: ShownPack) {
  return {
    title: `Show-and-tell handout, fortnight ${context.period.number} – ${context.site.name}`,
    navigation: 'sites',
    site: context.site,
    period: context.period,
    pack: context.found.pack,
    shown,
    packHref: packPath(context.site.id, context.period.number),
    backLink: { href: packPath(context.site.id, context.period.number), text: 'Back to the show-and-tell' },
    scripts: ['/static/vendor/chart-4.6.1.umd.min.js', '/static/js/spc-chart.js'],
    ...PACK_VIEW_LOCALS,
  };
}
