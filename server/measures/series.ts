import { addDays, type IsoDate } from '../calendar/fortnights.js';
import type { WayOfWorking } from '../db/schema.js';
import { valueOf } from './comparison.js';
import type { MeasureDefinition, Period } from './definitions.js';
import type { PeriodRow, WaitingRow } from './queries.js';

export interface SeriesPoint {
  periodStart: IsoDate;
  value: number | null;
  n: number;
  /** The period is not over, or the dates asked for cut it short: "so far". */
  incomplete?: boolean;
  /** Some contacts in the period cannot have their outcome known yet (outcome measures only). */
  immature?: boolean;
  p90?: number | null;
}

/** What a series needs to know beyond its rows: the dates asked for, today, and when the way of working was in use. */
export interface SeriesContext {
  period: Period;
  range: { from: IsoDate; to: IsoDate };
  today: IsoDate;
  /** The way's first and last contact dates, over all time; undefined when it has none. */
  inUse?: { first: IsoDate; last: IsoDate };
}

/** Measures that count a contact only once its outcome can be known (DOMAIN.md; README, "Measures"). */
export const OUTCOME_MEASURES: ReadonlySet<string> = new Set([
  'resolved-c1',
  'long-term',
  'new-long-term-per-week',
  'handoffs',
  'funding-panel',
  'weekly-cost',
]);

/** Counts, where a period of use with none is a zero rather than a gap. */
const COUNTS: ReadonlySet<string> = new Set(['new-long-term-per-week']);

export function periodStartOf(date: IsoDate, period: Period): IsoDate {
  if (period === 'month') return `${date.slice(0, 8)}01`;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export function nextPeriodStart(start: IsoDate, period: Period): IsoDate {
  if (period === 'week') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * Whether a period is incomplete: it has not ended before today, or the dates asked for start
 * after its first day or end before its last.
 */
export function isIncomplete(start: IsoDate, context: Pick<SeriesContext, 'period' | 'range' | 'today'>): boolean {
  const last = addDays(nextPeriodStart(start, context.period), -1);
  return start < context.range.from || last > context.range.to || last >= context.today;
}

/** Every period start from the one holding `from` to the one holding `to`. */
function periodsBetween(from: IsoDate, to: IsoDate, period: Period): IsoDate[] {
  const starts: IsoDate[] = [];
  for (let start = periodStartOf(from, period); start <= to; start = nextPeriodStart(start, period)) starts.push(start);
  return starts;
}

/**
 * One measure's points for one way of working, in period order, from the rows the queries return.
 * A period with no contacts of that way is left out (the chart's line breaks), not shown as zero,
 * except for a count, which is zero in a period while the way was in use. People waiting has points
 * only while the way was in use: from the period of its first contact to the period of its last.
 */
export function seriesFor(
  measure: MeasureDefinition,
  rows: PeriodRow[],
  waiting: WaitingRow[],
  way: WayOfWorking,
  context: SeriesContext,
): SeriesPoint[] {
  const flags = (start: IsoDate) => (isIncomplete(start, context) ? { incomplete: true } : {});
  if (measure.name === 'waiting') {
    const inUse = context.inUse;
    if (!inUse) return [];
    const first = periodStartOf(inUse.first, context.period);
    const last = periodStartOf(inUse.last, context.period);
    return waiting
      .filter((row) => row.wayOfWorking === way && row.periodStart >= first && row.periodStart <= last)
      .map((row) => ({ periodStart: row.periodStart, value: row.waiting, n: row.waiting, ...flags(row.periodStart) }));
  }
  const mine = rows.filter((row) => row.wayOfWorking === way);
  const point = (row: PeriodRow): SeriesPoint => {
    const { value, n } = valueOf(measure, row, { days: row.days });
    const immature =
      measure.name === 'repeat-contact' ? row.oldEnough < row.contacts : OUTCOME_MEASURES.has(measure.name) && row.unknownOutcomes > 0;
    return {
      periodStart: row.periodStart,
      value,
      n,
      ...(measure.name === 'days-waited' ? { p90: row.daysWaitedP90 } : {}),
      ...flags(row.periodStart),
      ...(immature ? { immature: true } : {}),
    };
  };
  if (!COUNTS.has(measure.name) || mine.length === 0) return mine.map(point);
  // A count: every period from the first with contacts of this way to the last, zero where none came.
  const byStart = new Map(mine.map((row) => [row.periodStart, row]));
  return periodsBetween(mine[0].periodStart, mine[mine.length - 1].periodStart, context.period).map((start) => {
    const row = byStart.get(start);
    if (row) return point(row);
    return { periodStart: start, value: 0, n: 0, ...flags(start) };
  });
}
