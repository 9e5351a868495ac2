/**
 * Statistical process control charts in the NHS "Making Data Count" style (DOMAIN.md, "Comparing
 * old and new"): an XmR chart (mean and process limits) or a run chart (median), recalculated for
 * each phase, with the special-cause signals on each point and the variation icon for the latest.
 */
import { PROCESS_LIMIT_FACTOR, SIGNALS, runChartMarks, xmrMarks, type Mark, type Signal } from './spc-rules.js';

export { SIGNALS, type Signal } from './spc-rules.js';

export type SpcKind = 'xmr' | 'run';
export type SpcDirection = 'higher' | 'lower' | 'neither';
export type Variation = 'improvement' | 'concern' | 'neither' | 'common-cause';

/** One period of a measure; a null value means no data that period. */
export interface SeriesPoint {
  periodStart: string;
  value: number | null;
  n: number;
}

export interface SpcOptions {
  kind: SpcKind;
  /** Clamps for the drawn limits (0 for counts, 0 and 100 for percentages); the rules use the limits as computed. */
  floor?: number;
  ceiling?: number;
  /** How the summary sentence writes a value; by default rounded to a sensible number of places. */
  format?: (value: number) => string;
}

export interface SpcPhase {
  start: string;
  end: string;
  /** The centre line: the mean on an XmR chart, the median on a run chart; null with no values. */
  mean: number | null;
  /** Null on a run chart, and for a phase with fewer than two values. */
  meanMovingRange: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  /** XmR limits from fewer than 12 points. */
  trial: boolean;
  /** The periods in the phase that have a value. */
  points: number;
}

export interface SpcPoint extends SeriesPoint {
  /** 1-based. */
  phase: number;
  mean: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  signals: Signal[];
  /** Null for a period with no data. */
  variation: Variation | null;
}

export interface LatestVariation {
  periodStart: string;
  value: number;
  variation: Variation;
  label: string;
  colour: string;
}

export interface SpcChart {
  kind: SpcKind;
  direction: SpcDirection;
  phases: SpcPhase[];
  points: SpcPoint[];
  /** The variation icon: the latest point with a value; null when there is none. */
  latest: LatestVariation | null;
  summary: string;
}

/** Labels and the NHS icon colours; purple where neither direction is better. */
export const VARIATIONS: Record<Variation, { label: string; colour: string }> = {
  'common-cause': { label: 'Common cause variation', colour: '#a6a6a6' },
  improvement: { label: 'Special cause variation: improving', colour: '#00b0f0' },
  concern: { label: 'Special cause variation: concerning', colour: '#e46c0a' },
  neither: { label: 'Special cause variation: neither improving nor concerning', colour: '#490092' },
};

/** Limits from fewer points than this are trial limits. */
export const TRIAL_POINTS = 12;

/**
 * The chart for a series in time order. A new phase starts at the first point on or after each
 * break date (sorted ISO dates, e.g. a go-live and any change dates a lead adds).
 */
export function spcChart(series: SeriesPoint[], direction: SpcDirection, phaseBreaks: string[], options: SpcOptions): SpcChart {
  const phases: SpcPhase[] = [];
  const points: SpcPoint[] = [];
  const marksOf: Mark[][] = [];
  for (const members of splitIntoPhases(series, phaseBreaks)) {
    const values = members.flatMap((point) => (point.value === null ? [] : [point.value]));
    const phase = describePhase(members, values, options);
    phases.push(phase);
    const marks = phase.mean === null ? [] : options.kind === 'xmr' ? xmrMarks(values, phase.mean, phase.meanMovingRange) : runChartMarks(values, phase.mean);
    let next = 0;
    for (const { periodStart, value, n } of members) {
      const pointMarks = value === null ? [] : marks[next++];
      marksOf.push(pointMarks);
      points.push({
        periodStart,
        value,
        n,
        phase: phases.length,
        mean: phase.mean,
        upperLimit: phase.upperLimit,
        lowerLimit: phase.lowerLimit,
        signals: SIGNALS.filter((signal) => pointMarks.some((mark) => mark.signal === signal)),
        variation: value === null ? null : variationOf(pointMarks, direction),
      });
    }
  }
  const last = points.findLastIndex((point) => point.value !== null);
  if (last < 0) return { kind: options.kind, direction, phases, points, latest: null, summary: 'There is no data to chart yet.' };
  const { periodStart, value, variation, phase } = points[last];
  const latest = { periodStart, value: value!, variation: variation!, ...VARIATIONS[variation!] };
  const summary = summarise(options, latest, marksOf[last], phases[phase - 1]);
  return { kind: options.kind, direction, phases, points, latest, summary };
}

function splitIntoPhases(series: SeriesPoint[], phaseBreaks: string[]): SeriesPoint[][] {
  const phases: SeriesPoint[][] = [];
  let breaksPassed = -1;
  series.forEach((point, i) => {
    if (i > 0 && point.periodStart <= series[i - 1].periodStart) throw new RangeError('SPC points must be in time order, one for each period');
    const passed = phaseBreaks.filter((date) => date <= point.periodStart).length;
    if (passed !== breaksPassed) phases.push([]);
    breaksPassed = passed;
    phases[phases.length - 1].push(point);
  });
  return phases;
}

function describePhase(members: SeriesPoint[], values: number[], options: SpcOptions): SpcPhase {
  const xmr = options.kind === 'xmr';
  const centre = values.length === 0 ? null : xmr ? average(values) : median(values);
  // Moving ranges stay inside the phase, and large ones are kept, as the official tools do.
  const movingRanges = values.slice(1).map((value, i) => Math.abs(value - values[i]));
  const meanMovingRange = xmr && movingRanges.length > 0 ? average(movingRanges) : null;
  const spread = meanMovingRange === null ? null : PROCESS_LIMIT_FACTOR * meanMovingRange;
  const drawn = (limit: number) => Math.min(options.ceiling ?? Infinity, Math.max(options.floor ?? -Infinity, limit));
  return {
    start: members[0].periodStart,
    end: members[members.length - 1].periodStart,
    mean: centre,
    meanMovingRange,
    upperLimit: spread === null ? null : drawn(centre! + spread),
    lowerLimit: spread === null ? null : drawn(centre! - spread),
    trial: xmr && values.length < TRIAL_POINTS,
    points: values.length,
  };
}

function variationOf(marks: Mark[], direction: SpcDirection): Variation {
  if (marks.length === 0) return 'common-cause';
  if (direction === 'neither') return 'neither';
  // Where the point sits against the centre line decides; a trend alone decides by its direction.
  const { side } = marks.find((mark) => mark.signal !== 'trend') ?? marks[0];
  return (side === 'high') === (direction === 'higher') ? 'improvement' : 'concern';
}

function summarise(options: SpcOptions, latest: LatestVariation, marks: Mark[], phase: SpcPhase): string {
  const format = options.format ?? sensibly;
  const centre = options.kind === 'xmr' ? 'mean' : 'median';
  const reasons = marks.map((mark) => reason(mark, centre));
  const label = latest.label[0].toLowerCase() + latest.label.slice(1);
  let summary = `The latest value, ${format(latest.value)} on ${longDate(latest.periodStart)}, shows ${label}${reasons.length ? ` (${reasons.join('; ')})` : ''}.`;
  if (options.kind === 'xmr' && phase.points === 1) summary += ` There are no limits yet: only one point since ${longDate(phase.start)}.`;
  else if (phase.trial) summary += ` Limits are trial limits: fewer than ${TRIAL_POINTS} points since ${longDate(phase.start)}.`;
  return summary;
}

function reason({ signal, side, length }: Mark, centre: string): string {
  const high = side === 'high';
  switch (signal) {
    case 'outside-limits':
      return high ? 'above the upper process limit' : 'below the lower process limit';
    case 'shift':
      return `a shift: ${length} points ${high ? 'above' : 'below'} the ${centre}`;
    case 'trend':
      return `a trend: ${length} points ${high ? 'rising' : 'falling'}`;
    case 'two-of-three':
      return `two of three points close to the ${high ? 'upper' : 'lower'} process limit`;
  }
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function sensibly(value: number): string {
  const places = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-GB', { maximumFractionDigits: places });
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function longDate(isoDate: string): string {
  return LONG_DATE.format(new Date(`${isoDate}T00:00:00Z`));
}
