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
  /** The period is not over (this week or month, so far) or the dates asked for cut it short. */
  incomplete?: boolean;
  /** Some of the period's contacts cannot have their outcome known yet. */
  immature?: boolean;
  /** The 90th percentile beside a median (days waited). */
  p90?: number | null;
}

export interface SpcOptions {
  kind: SpcKind;
  /** Clamps for the drawn limits (0 for counts, 0 and 100 for percentages); the rules use the limits as computed. */
  floor?: number;
  ceiling?: number;
  /** How the summary sentence writes a value; by default rounded to a sensible number of places. */
  format?: (value: number) => string;
  /** Points from fewer contacts than this are marked and never drive the icon or the sentence (default 5). */
  minContacts?: number;
  /** How the sentence names a point: a week ("on 30 November 2026", the default) or a month ("December 2026"). */
  period?: 'week' | 'month';
}

/** A site's default for SpcOptions.minContacts. */
export const MIN_CONTACTS = 5;

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
  /** The phase's limits are trial limits (fewer than 12 points). */
  trial: boolean;
  signals: Signal[];
  /** Null for a period with no data, and for one that is incomplete or not yet mature (drawn apart, outside the rules). */
  variation: Variation | null;
  incomplete: boolean;
  immature: boolean;
  /** Fewer contacts than the minimum: shown, marked, counted in the limits and rules, never the icon or a sentence. */
  few: boolean;
}

export interface LatestVariation {
  periodStart: string;
  value: number;
  variation: Variation;
  label: string;
  colour: string;
  /** A signal on this point rests on points from fewer contacts than the minimum: it could be chance. */
  restsOnFew: boolean;
}

export interface SpcChart {
  kind: SpcKind;
  direction: SpcDirection;
  phases: SpcPhase[];
  points: SpcPoint[];
  /** The variation icon: the latest point that is complete, mature and from enough contacts; null when there is none. */
  latest: LatestVariation | null;
  /** Later points with a value that were passed over for the icon and the sentence, and why. */
  passedOver: { periodStart: string; reason: 'incomplete' | 'immature' | 'few' }[];
  /** The fewest contacts a point needs to drive the icon and the sentence. */
  minContacts: number;
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
 * break date (sorted ISO dates, e.g. a go-live and any change dates a lead adds); a phase of one
 * point joins its neighbour. Points that are incomplete or not yet mature are drawn apart: they have
 * no part in the limits or the rules. The icon and the sentence come from the latest point that is
 * complete, mature and from at least the minimum number of contacts.
 */
export function spcChart(series: SeriesPoint[], direction: SpcDirection, phaseBreaks: string[], options: SpcOptions): SpcChart {
  const minContacts = options.minContacts ?? MIN_CONTACTS;
  const phases: SpcPhase[] = [];
  const points: SpcPoint[] = [];
  const marksOf: Mark[][] = [];
  /** For each point, its phase's counted points (their positions in `points`), so a mark's `rests` can be read. */
  const countedOf: number[][] = [];
  for (const members of splitIntoPhases(series, phaseBreaks)) {
    const counts = (point: SeriesPoint) => point.value !== null && !point.incomplete && !point.immature;
    const values = members.flatMap((point) => (point.value !== null && counts(point) ? [point.value] : []));
    const phase = describePhase(members, values, options);
    phases.push(phase);
    const marks =
      phase.mean === null
        ? []
        : options.kind === 'xmr'
          ? xmrMarks(values, phase.mean, phase.meanMovingRange)
          : runChartMarks(values, phase.mean);
    const counted: number[] = [];
    let next = 0;
    for (const point of members) {
      const { periodStart, value, n } = point;
      const pointMarks = counts(point) ? marks[next++] : [];
      if (counts(point)) counted.push(points.length);
      marksOf.push(pointMarks);
      countedOf.push(counted);
      points.push({
        periodStart,
        value,
        n,
        ...(point.p90 !== undefined ? { p90: point.p90 } : {}),
        phase: phases.length,
        mean: phase.mean,
        upperLimit: phase.upperLimit,
        lowerLimit: phase.lowerLimit,
        trial: phase.trial,
        signals: SIGNALS.filter((signal) => pointMarks.some((mark) => mark.signal === signal)),
        variation: counts(point) ? variationOf(pointMarks, direction) : null,
        incomplete: point.incomplete === true,
        immature: point.immature === true,
        few: value !== null && n < minContacts,
      });
    }
  }
  const usable = (point: SpcPoint): point is SpcPoint & { value: number; variation: Variation } =>
    point.value !== null && point.variation !== null && !point.incomplete && !point.immature && !point.few;
  const last = points.findLastIndex(usable);
  const passedOver = points.slice(last + 1).flatMap((point) =>
    point.value === null
      ? []
      : [
          {
            periodStart: point.periodStart,
            reason: point.incomplete ? ('incomplete' as const) : point.immature ? ('immature' as const) : ('few' as const),
          },
        ],
  );
  const chosen = points[last];
  if (last < 0 || !usable(chosen)) {
    const summary = points.some((point) => point.value !== null)
      ? `${passedOverWords(passedOver, minContacts, options)}`
      : 'There is no data to chart yet.';
    return { kind: options.kind, direction, phases, points, latest: null, passedOver, minContacts, summary };
  }
  const { periodStart, value, variation, phase } = chosen;
  const restsOnFew = marksOf[last].some((mark) => mark.rests.some((i) => points[countedOf[last][i]].few));
  const latest = { periodStart, value, variation, ...VARIATIONS[variation], restsOnFew };
  let summary = summarise(options, latest, marksOf[last], phases[phase - 1], minContacts);
  if (passedOver.length) summary += ` ${passedOverWords(passedOver, minContacts, options)}`;
  return { kind: options.kind, direction, phases, points, latest, passedOver, minContacts, summary };
}

/** "Not used for the icon or this sentence: 23 November 2026 (so far), 16 November 2026 (outcomes not all known yet)." */
function passedOverWords(passedOver: SpcChart['passedOver'], minContacts: number, options: SpcOptions): string {
  const why = {
    incomplete: 'so far: the period is not over',
    immature: 'outcomes not all known yet',
    few: `fewer than ${minContacts} contacts`,
  };
  const shown = passedOver.slice(-6).map((point) => `${pointName(point.periodStart, options)} (${why[point.reason]})`);
  const more = passedOver.length > shown.length ? `, and ${passedOver.length - shown.length} earlier` : '';
  return `Not used for the icon or this sentence: ${shown.join(', ')}${more}.`;
}

/**
 * Phases by break date; then a phase with fewer than two points with a value joins its neighbour
 * (the next phase, or for the last phase the previous one): a one-point phase has no limits worth drawing.
 */
function splitIntoPhases(series: SeriesPoint[], phaseBreaks: string[]): SeriesPoint[][] {
  const phases: SeriesPoint[][] = [];
  let breaksPassed = -1;
  series.forEach((point, i) => {
    if (i > 0 && point.periodStart <= series[i - 1].periodStart)
      throw new RangeError('SPC points must be in time order, one for each period');
    const passed = phaseBreaks.filter((date) => date <= point.periodStart).length;
    if (passed !== breaksPassed) phases.push([]);
    breaksPassed = passed;
    phases[phases.length - 1].push(point);
  });
  const valued = (phase: SeriesPoint[]) => phase.filter((point) => point.value !== null && !point.incomplete && !point.immature).length;
  for (let i = 0; i < phases.length && phases.length > 1;) {
    if (valued(phases[i]) >= 2) {
      i++;
      continue;
    }
    if (i + 1 < phases.length) phases.splice(i, 2, [...phases[i], ...phases[i + 1]]);
    else phases.splice(i - 1, 2, [...phases[i - 1], ...phases[i]]);
  }
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
    upperLimit: spread === null || centre === null ? null : drawn(centre + spread),
    lowerLimit: spread === null || centre === null ? null : drawn(centre - spread),
    trial: xmr && values.length < TRIAL_POINTS,
    points: values.length,
  };
}

function variationOf(marks: Mark[], direction: SpcDirection): Variation {
  if (marks.length === 0) return 'common-cause';
  if (direction === 'neither') return 'neither';
  // Each mark is improving or concerning by its side (a trend by its direction); where a point
  // carries both, it shows improvement, as the Making Data Count tool does.
  const improving = marks.some((mark) => (mark.side === 'high') === (direction === 'higher'));
  return improving ? 'improvement' : 'concern';
}

function summarise(options: SpcOptions, latest: LatestVariation, marks: Mark[], phase: SpcPhase, minContacts: number): string {
  const format = options.format ?? sensibly;
  const centre = options.kind === 'xmr' ? 'mean' : 'median';
  const reasons = marks.map((mark) => reason(mark, centre));
  const label = latest.label[0].toLowerCase() + latest.label.slice(1);
  let summary = `The latest value, ${format(latest.value)} ${pointName(latest.periodStart, options, 'on')}, shows ${label}${reasons.length ? ` (${reasons.join('; ')})` : ''}.`;
  if (latest.restsOnFew) summary += ` It rests on points from fewer than ${minContacts} contacts, so it could be chance.`;
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

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A point's name in words: "on 30 November 2026" (or without "on") for a week, "December 2026" for a month. */
export function pointName(periodStart: string, options: { period?: 'week' | 'month' }, preposition?: 'on'): string {
  if (options.period === 'month') return `${preposition ? 'in ' : ''}${MONTH.format(new Date(`${periodStart}T00:00:00Z`))}`;
  return `${preposition ? 'on ' : ''}${longDate(periodStart)}`;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function longDate(isoDate: string): string {
  return LONG_DATE.format(new Date(`${isoDate}T00:00:00Z`));
}
