import type { Response } from 'express';
import { actingOf } from '../audit/record.js';
import { startReflection } from './service.js';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { dateInputFromIso, text, type FormErrors, bodyOf } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { heldOnThisWeek, readWeekAnswers, validateWeek, weekStartOf, type WeekAnswers } from './form.js';
import { findReflectionForWeek, listReflections, MIN_ANSWERS, moraleOverWeeks } from './queries.js';
import { reflectionPath } from './page.js';
import { reflectionPageRoutes } from './page-routes.js';
import { reflectionPartRoutes } from './part-routes.js';

/** About half a year of weeks a page. */
const PAGE_SIZE = 26;
/** The morale chart covers the latest year of reflections. */
const MORALE_WEEKS = 52;

export function reflectionRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showList(
    res: Response,
    site: Site,
    page: number,
    extra: { weekAnswers?: WeekAnswers; errors?: FormErrors } = {},
    status = 200,
  ) {
    const date = today();
    const [{ rows, total }, thisWeek] = await Promise.all([
      listReflections(db, site.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, today: today() }),
      findReflectionForWeek(db, site.id, weekStartOf(date)),
    ]);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (page > pages) throw new NotFound('page');
    await renderPage(
      res,
      'reflections/list',
      {
        title: `Weekly reflections – ${site.name}`,
        navigation: 'sites',
        site,
        rows,
        total,
        page,
        pages,
        thisWeek,
        thisWeekStart: weekStartOf(date),
        thisWeekHeldOn: heldOnThisWeek(site, date),
        minAnswers: MIN_ANSWERS,
        weekAnswers: extra.weekAnswers ?? { held: dateInputFromIso(undefined) },
        errors: extra.errors,
        backLink: { href: `/sites/${site.id}`, text: `Back to ${site.name}` },
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/reflections',
      allow: 'reflections.take-part',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const page = req.query.page === undefined ? 1 : parseId(String(req.query.page), 'page');
        await showList(res, site, page);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/reflections',
      allow: 'reflections.take-part',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const date = today();
        let heldOn: IsoDate;
        if (text(bodyOf(req), 'week') === 'this') {
          heldOn = heldOnThisWeek(site, date);
        } else {
          const weekAnswers = readWeekAnswers(bodyOf(req));
          const checked = validateWeek(weekAnswers, site, date);
          if (!checked.heldOn) return showList(res, site, 1, { weekAnswers, errors: checked.errors }, 422);
          heldOn = checked.heldOn;
        }
        const week = { weekStart: weekStartOf(heldOn), heldOn };
        const { reflection, created } = await startReflection(db, actingOf(req, person), { siteId: site.id, week });
        setFlash(res, created ? 'reflection-started' : 'reflection-exists');
        res.redirect(303, reflectionPath(site, reflection));
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/reflections/morale',
      allow: 'reflections.take-part',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const weeks = await moraleOverWeeks(db, site.id, MORALE_WEEKS, today());
        await renderPage(res, 'reflections/morale', {
          title: `Morale over the weeks – ${site.name}`,
          navigation: 'sites',
          site,
          weeks,
          charted: weeks.filter((week) => week.average !== null).length,
          minAnswers: MIN_ANSWERS,
          maxWeeks: MORALE_WEEKS,
          scripts: ['/static/vendor/chart-4.6.1.umd.min.js', '/static/js/morale-chart.js'],
          backLink: { href: `/sites/${site.id}/reflections`, text: 'All weekly reflections' },
        });
      },
    },
    ...reflectionPageRoutes(db, today),
    ...reflectionPartRoutes(db, today),
  ];
}
