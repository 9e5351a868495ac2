import type { IsoDate } from '../calendar/fortnights.js';
import type { WayOfWorking } from '../db/schema.js';
import { valueOf } from './comparison.js';
import type { MeasureDefinition } from './definitions.js';
import type { PeriodRow, WaitingRow } from './queries.js';

export interface SeriesPoint {
  periodStart: IsoDate;
  value: number | null;
  n: number;
}

/**
 * One measure's points for one way of working, in period order, from the rows the queries return.
 * A period with no contacts of that way is left out (the chart's line breaks), not shown as zero.
 */
export function seriesFor(measure: MeasureDefinition, rows: PeriodRow[], waiting: WaitingRow[], way: WayOfWorking): SeriesPoint[] {
  if (measure.name === 'waiting') {
    return waiting.filter((row) => row.wayOfWorking === way).map((row) => ({ periodStart: row.periodStart, value: row.waiting, n: row.waiting }));
  }
  return rows
    .filter((row) => row.wayOfWorking === way)
    .map((row) => {
      const { value, n } = valueOf(measure, row, { days: row.days });
      return { periodStart: row.periodStart, value, n };
    });
}
