import { asc, eq } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { measureChanges, WAYS_OF_WORKING, type MeasureChange, type Site, type WayOfWorking } from '../db/schema.js';
import type { MeasureDefinition, Period } from './definitions.js';
import { measuresByPeriod, waitingByPeriod, waysInUse } from './queries.js';
import { seriesFor } from './series.js';
import { spcChart, type SpcChart, type SpcKind } from './spc.js';
import { cachedMeasures } from './cache.js';

export interface MeasureCharts {
  changes: MeasureChange[];
  /** One chart for each way of working that has data. */
  charts: { wayOfWorking: WayOfWorking; chart: SpcChart }[];
}

export async function changesOf(db: Db, siteId: number): Promise<MeasureChange[]> {
  return db.select().from(measureChanges).where(eq(measureChanges.siteId, siteId)).orderBy(asc(measureChanges.date));
}

/**
 * A measure's SPC charts for a site, one per way of working, each with a new phase (limits
 * recalculated, lines broken) at the site's go-live and at each change date a lead has added.
 */
export async function measureCharts(
  db: Db,
  site: Site,
  measure: MeasureDefinition,
  options: { period: Period; kind: SpcKind; range: { from: IsoDate; to: IsoDate }; today: IsoDate },
): Promise<MeasureCharts> {
  return (await measureChartsOf(db, site, [measure], options))[0];
}

/**
 * Several measures' charts over the same dates, from one reading of the figures (a show-and-tell
 * shows several). `known`, when given, is the site's change dates and revision (revisionsKey) as
 * the caller has just read them, which spares two queries.
 */
export async function measureChartsOf(
  db: Db,
  site: Site,
  measures: readonly MeasureDefinition[],
  options: { period: Period; kind: SpcKind; range: { from: IsoDate; to: IsoDate }; today: IsoDate },
  known?: { changes: MeasureChange[]; revisions: string },
): Promise<MeasureCharts[]> {
  const changes = known?.changes ?? (await changesOf(db, site.id));
  const key = `charts|${site.id}|${site.goLiveDate}|${site.minContacts}|${site.outcomeDays}|${measures.map((m) => m.name).join(',')}|${options.period}|${options.kind}|${options.range.from}|${options.range.to}|${options.today}|${changes.map((c) => c.id).join(',')}`;
  return cachedMeasures(db, [site.id], key, () => computeCharts(db, site, measures, changes, options), known?.revisions);
}

async function computeCharts(
  db: Db,
  site: Site,
  measures: readonly MeasureDefinition[],
  changes: MeasureChange[],
  options: { period: Period; kind: SpcKind; range: { from: IsoDate; to: IsoDate }; today: IsoDate },
): Promise<MeasureCharts[]> {
  const needsWaiting = measures.some((measure) => measure.name === 'waiting');
  const needsRows = measures.some((measure) => measure.name !== 'waiting');
  const [rows, waiting, inUse] = await Promise.all([
    needsRows
      ? measuresByPeriod(db, [site.id], { ...options.range, today: options.today, outcomeDays: site.outcomeDays }, options.period)
      : Promise.resolve([]),
    needsWaiting ? waitingByPeriod(db, [site.id], options.range, options.period) : Promise.resolve([]),
    needsWaiting ? waysInUse(db, [site.id]) : Promise.resolve({} as Awaited<ReturnType<typeof waysInUse>>),
  ]);
  const breaks = [...new Set([site.goLiveDate, ...changes.map((change) => change.date)])].sort();
  return measures.map((measure) => ({
    changes,
    charts: WAYS_OF_WORKING.flatMap((wayOfWorking) => {
      const series = seriesFor(measure, rows, waiting, wayOfWorking, {
        period: options.period,
        range: options.range,
        today: options.today,
        inUse: inUse[wayOfWorking],
      });
      if (!series.some((point) => point.value !== null)) return [];
      // People waiting is a count of people at the period's end, not a figure made from the period's
      // contacts, so the small-numbers rule does not apply to it (as on the comparison page).
      const spcOptions = {
        kind: options.kind,
        floor: measure.floor,
        ceiling: measure.ceiling,
        format: measure.format,
        minContacts: measure.name === 'waiting' ? 0 : site.minContacts,
        period: options.period,
      };
      return [{ wayOfWorking, chart: spcChart(series, measure.direction, breaks, spcOptions) }];
    }),
  }));
}

/** A number as the page shows it: to the measure's places (2 for pounds, 1 otherwise), never 28.990000000000002. */
function shown(measure: MeasureDefinition, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const factor = 10 ** (measure.name === 'weekly-cost' ? 2 : 1);
  return Math.round(value * factor) / factor;
}

/** The export contract for council BI teams (README, "Measures export"). */
export function exportJson(site: Site, measure: MeasureDefinition, period: Period, charts: MeasureCharts) {
  return {
    site: { id: site.id, name: site.name },
    measure: measure.name,
    period,
    improvement: measure.direction,
    points: charts.charts.flatMap(({ wayOfWorking, chart }) =>
      chart.points.map((point) => ({
        periodStart: point.periodStart,
        wayOfWorking,
        value: shown(measure, point.value),
        p90: measure.name === 'days-waited' ? shown(measure, point.p90) : null,
        n: point.n,
        phase: point.phase,
        mean: shown(measure, point.mean),
        upperLimit: shown(measure, point.upperLimit),
        lowerLimit: shown(measure, point.lowerLimit),
        trialLimits: chart.kind === 'xmr' && point.trial,
        signals: point.signals,
        variation: point.variation,
        incomplete: point.incomplete,
        immature: point.immature,
        few: point.few,
      })),
    ),
  };
}

export const EXPORT_COLUMNS = [
  'periodStart',
  'wayOfWorking',
  'value',
  'p90',
  'n',
  'phase',
  'mean',
  'upperLimit',
  'lowerLimit',
  'trialLimits',
  'signals',
  'variation',
  'incomplete',
  'immature',
  'few',
] as const;

export function exportRows(json: ReturnType<typeof exportJson>): string[][] {
  const number = (value: number | null) => (value === null ? '' : String(value));
  return json.points.map((point) => [
    point.periodStart,
    point.wayOfWorking,
    number(point.value),
    number(point.p90),
    String(point.n),
    String(point.phase),
    number(point.mean),
    number(point.upperLimit),
    number(point.lowerLimit),
    String(point.trialLimits),
    point.signals.join(' '),
    point.variation ?? '',
    String(point.incomplete),
    String(point.immature),
    String(point.few),
  ]);
}
