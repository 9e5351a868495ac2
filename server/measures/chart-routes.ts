import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { markMeasureChange } from './service.js';
import { csvRow } from '../http/csv.js';
import { NotFound } from '../http/errors.js';
import { dateInputValue, FormErrorsBuilder, parseDateInput, text, bodyOf } from '../http/forms.js';
import { setFlash } from '../http/flash.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { EXPORT_COLUMNS, exportJson, exportRows, measureCharts } from './chart.js';
import { measureNamed, PERIODS, type Period } from './definitions.js';
import { rangeQuery, readRange } from './range.js';
import { VARIATIONS } from './spc.js';

export const CHANGE_LABEL_MAX = 100;

function options(req: Request): { period: Period; kind: 'xmr' | 'run' } {
  const period = PERIODS.find((candidate) => candidate === req.query.period) ?? 'week';
  return { period, kind: req.query.kind === 'run' ? 'run' : 'xmr' };
}

async function load(db: Db, req: Request, res: Response) {
  const site = await loadSite(db, req, res);
  const measure = measureNamed(String(req.params.measure));
  if (!measure) throw new NotFound('measure');
  return { site, measure };
}

async function showChart(
  db: Db,
  req: Request,
  res: Response,
  today: IsoDate,
  extra: { changeAnswers?: unknown; changeErrors?: unknown; status?: number } = {},
) {
  const { site, measure } = await load(db, req, res);
  const { period, kind } = options(req);
  const { answers, range, errors } = readRange(req.query, today, period);
  const locals = {
    title: `${measure.title} – ${site.name}`,
    navigation: 'sites',
    site,
    measure,
    period,
    kind,
    answers,
    errors,
    variations: VARIATIONS,
    labelMax: CHANGE_LABEL_MAX,
    ...extra,
  };
  const backLink = { href: `/sites/${site.id}/measures`, text: 'All measures' };
  const scripts = ['/static/vendor/chart-4.6.1.umd.min.js', '/static/js/spc-chart.js'];
  if (!range) return renderPage(res, 'measures/chart', { ...locals, backLink, charts: [], changes: [] }, 422);
  const { charts, changes } = await measureCharts(db, site, measure, { period, kind, range, today });
  const query = `${rangeQuery(range)}&period=${period}&kind=${kind}`;
  await renderPage(res, 'measures/chart', { ...locals, backLink, scripts, range, query, charts, changes }, extra.status ?? 200);
}

/** The export for a request, or undefined after answering 422 with what is wrong with its dates. */
async function exported(
  db: Db,
  req: Request,
  res: Response,
  today: IsoDate,
): Promise<{ site: Site; json: ReturnType<typeof exportJson> } | undefined> {
  const { site, measure } = await load(db, req, res);
  const { period, kind } = options(req);
  const { range, errors } = readRange(req.query, today, period);
  if (!range) {
    res.status(422).json({ errors: (errors?.summary ?? []).map((item) => item.text) });
    return undefined;
  }
  return { site, json: exportJson(site, measure, period, await measureCharts(db, site, measure, { period, kind, range, today })) };
}

export function measureChartRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/measures/:measure.json',
      allow: 'measures.view',
      async handler(req, res) {
        const found = await exported(db, req, res, today());
        if (found) res.json(found.json);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/measures/:measure.csv',
      allow: 'measures.view',
      async handler(req, res) {
        const found = await exported(db, req, res, today());
        if (!found) return;
        const { site, json } = found;
        res.type('text/csv').attachment(`site-${site.id}-${json.measure}-${json.period}.csv`);
        res.send([csvRow([...EXPORT_COLUMNS]), ...exportRows(json).map((row) => csvRow(row))].join(''));
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/measures/:measure',
      allow: 'measures.view',
      async handler(req, res) {
        await showChart(db, req, res, today());
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/measures/:measure/changes',
      allow: 'measures.mark-changes',
      async handler(req, res, person) {
        const { site, measure } = await load(db, req, res);
        const answers = { date: dateInputValue(bodyOf(req), 'changeDate'), label: text(bodyOf(req), 'label') };
        const errors = new FormErrorsBuilder();
        const date = parseDateInput(answers.date, 'Date of the change', errors, 'changeDate');
        if (date && date > today()) errors.add('changeDate', 'Date of the change must be today or earlier', 'changeDate-day');
        if (!answers.label) errors.add('label', 'Enter what changed, like “Started the community connector at huddles”');
        else if ([...answers.label].length > CHANGE_LABEL_MAX)
          errors.add('label', `What changed must be ${CHANGE_LABEL_MAX} characters or fewer`);
        if (errors.any || !date)
          return showChart(db, req, res, today(), { changeAnswers: answers, changeErrors: errors.result(), status: 422 });
        await markMeasureChange(db, actingOf(req, person), { siteId: site.id, date, label: answers.label });
        setFlash(res, 'measure-change-added');
        res.redirect(303, `/sites/${site.id}/measures/${measure.name}`);
      },
    },
  ];
}
