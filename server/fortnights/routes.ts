import type { Request, Response } from 'express';
import { fortnight, fortnightNumberOn, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { wantsPartial } from '../http/htmx.js';
import { parseId } from '../http/ids.js';
import { renderPage, renderPartial } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { actingOf } from '../audit/record.js';
import { planFortnight } from './service.js';
import { GOAL_MAX, planAnswersFrom, readPlanAnswers, validatePlan, type PlanAnswers } from './form.js';
import { findPlan, plansBetween } from './queries.js';
import { currentOrFirstFortnight, huddleDaysOf, lastFortnightNumber, summariseFortnight, type FortnightSummary } from './schedule.js';
import { bodyOf, versionFrom } from '../http/forms.js';

/** How far past the current fortnight the list looks ahead. */
const LIST_AHEAD = 6;
/** About a year of fortnights a page: ten years of history must not make one enormous page. */
const PAGE_SIZE = 26;

async function loadFortnight(db: Db, req: Request, res: Response, today: IsoDate): Promise<{ site: Site; summary: FortnightSummary }> {
  const site = await loadSite(db, req, res);
  const number = parseId(String(req.params.number), 'fortnight');
  if (number > lastFortnightNumber(site)) throw new NotFound('fortnight');
  const period = fortnight(site, number);
  const [plan, holidays] = await Promise.all([findPlan(db, site.id, number), bankHolidaysBetween(db, period.start, period.end)]);
  return { site, summary: summariseFortnight(site, number, plan, holidays, today) };
}

function planLocals(site: Site, summary: FortnightSummary, extra: Record<string, unknown> = {}) {
  return { site, fortnight: summary, goalMax: GOAL_MAX, ...extra };
}

export function fortnightRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showForm(res: Response, partial: boolean, locals: Record<string, unknown>, status: number) {
    if (partial) return renderPartial(res, 'fortnights/_plan-form', locals, status);
    const summary = locals.fortnight as FortnightSummary;
    const site = locals.site as Site;
    await renderPage(
      res,
      'fortnights/edit',
      {
        title: `Change the plan for fortnight ${summary.number}`,
        navigation: 'sites',
        backLink: { href: `/sites/${site.id}/fortnights/${summary.number}` },
        ...locals,
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/fortnights',
      allow: 'fortnights.plan',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const date = today();
        const current = fortnightNumberOn(site, date);
        const newest = Math.min(currentOrFirstFortnight(site, date) + LIST_AHEAD, lastFortnightNumber(site));
        const pages = Math.max(1, Math.ceil(newest / PAGE_SIZE));
        const page = req.query.page === undefined ? 1 : parseId(String(req.query.page), 'page');
        if (page > pages) throw new NotFound('page');
        // Page 1 holds the newest fortnights (through a few weeks ahead); later pages go back in time.
        const last = newest - (page - 1) * PAGE_SIZE;
        const first = Math.max(1, last - PAGE_SIZE + 1);
        const [plans, holidays] = await Promise.all([
          plansBetween(db, site.id, first, last),
          bankHolidaysBetween(db, fortnight(site, first).start, fortnight(site, Math.max(last, 1)).end),
        ]);
        const fortnights = Array.from({ length: last - first + 1 }, (_, index) =>
          summariseFortnight(site, first + index, plans.get(first + index), holidays, date),
        );
        await renderPage(res, 'fortnights/list', {
          title: `Fortnights – ${site.name}`,
          navigation: 'sites',
          site,
          fortnights,
          current,
          page,
          pages,
          backLink: { href: `/sites/${site.id}`, text: `Back to ${site.name}` },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/fortnights/:number',
      allow: 'fortnights.plan',
      async handler(req, res) {
        const { site, summary } = await loadFortnight(db, req, res, today());
        if (wantsPartial(req, res)) return renderPartial(res, 'fortnights/_plan', planLocals(site, summary));
        const holidays = await bankHolidaysBetween(db, summary.start, summary.end);
        await renderPage(res, 'fortnights/show', {
          title: `Fortnight ${summary.number} – ${site.name}`,
          navigation: 'sites',
          huddleDays: huddleDaysOf(site, summary, holidays),
          backLink: { href: `/sites/${site.id}/fortnights`, text: 'All fortnights' },
          ...planLocals(site, summary),
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/fortnights/:number/edit',
      allow: 'fortnights.plan',
      async handler(req, res) {
        const { site, summary } = await loadFortnight(db, req, res, today());
        await showForm(
          res,
          wantsPartial(req, res),
          planLocals(site, summary, { answers: planAnswersFrom(summary), version: summary.version }),
          200,
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/fortnights/:number',
      allow: 'fortnights.plan',
      async handler(req, res, person) {
        const { site, summary } = await loadFortnight(db, req, res, today());
        const partial = wantsPartial(req, res);
        const answers: PlanAnswers = readPlanAnswers(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const { fields, errors } = validatePlan(answers, summary);
        const again = (problems: FormErrors | undefined, status: number, extra: Record<string, unknown> = {}) =>
          showForm(
            res,
            partial,
            planLocals(site, summary, {
              answers,
              errors: problems,
              version: Number.isInteger(version) ? version : summary.version,
              ...extra,
            }),
            status,
          );
        if (!fields) return again(errors, 422);
        const written = await planFortnight(db, actingOf(req, person), {
          siteId: site.id,
          number: summary.number,
          version: Number.isInteger(version) ? version : -1,
          fields,
        });
        if (written.stale) {
          // Someone saved this fortnight since this person opened it: show both, keep what they typed.
          const latest = (await loadFortnight(db, req, res, today())).summary;
          return again(undefined, 409, { fortnight: latest, version: latest.version, conflict: { theirs: latest } });
        }
        if (partial) {
          const { summary: updated } = await loadFortnight(db, req, res, today());
          return renderPartial(res, 'fortnights/_plan', planLocals(site, updated, { saved: true }));
        }
        setFlash(res, 'fortnight-saved');
        res.redirect(303, `/sites/${site.id}/fortnights/${summary.number}`);
      },
    },
  ];
}
