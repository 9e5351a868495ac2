/**
 * The NHS "Making Data Count" special-cause rules (DOMAIN.md, "Comparing old and new"), applied to
 * the values of one phase in time order, with the periods that have no data already left out.
 */

export const SIGNALS = ['outside-limits', 'shift', 'trend', 'two-of-three'] as const;
export type Signal = (typeof SIGNALS)[number];

/** Above the centre line or rising ('high'), below it or falling ('low'). */
export type Side = 'high' | 'low';

/** One rule firing on one point; `length` is the number of points in a shift or trend. */
export interface Mark {
  signal: Signal;
  side: Side;
  length?: number;
  /** The positions (in the values given) of every point the signal rests on. */
  rests: number[];
}

/**
 * Beyond a limit, not on it: a point exactly on a limit is not special (DOMAIN.md). The limits are
 * sums of products of decimals, so "exactly" allows for the last binary digit or so.
 */
export function beyond(value: number, limit: number, side: Side): boolean {
  const slack = 1e-9 * Math.max(1, Math.abs(limit));
  return side === 'high' ? value > limit + slack : value < limit - slack;
}

/** A value that does not count towards a run: it neither adds to it nor breaks it. */
type Skip = 'skip';

/** Flags every run of at least `min` consecutive points on the same side; null breaks a run. */
function sameSideRuns(sides: (Side | null | Skip)[], min: number, signal: Signal, marks: Mark[][]): void {
  let run: number[] = [];
  let side: Side | null = null;
  const close = () => {
    if (side && run.length >= min) {
      const rests = [...run];
      for (const i of run) marks[i].push({ signal, side, length: run.length, rests });
    }
    run = [];
    side = null;
  };
  sides.forEach((next, i) => {
    if (next === 'skip') return;
    if (next !== side) close();
    if (next === null) return;
    side = next;
    run.push(i);
  });
  close();
}

/**
 * Flags every run of at least `min` points each higher (or each lower) than the one before. An equal
 * neighbour either breaks the run (XmR) or is passed over (run chart). A turning point ends one run
 * and starts the next.
 */
function trends(values: number[], min: number, ties: 'break' | Skip, marks: Mark[][]): void {
  let run: number[] = values.length ? [0] : [];
  let side: Side | null = null;
  const close = () => {
    if (side && run.length >= min) {
      const rests = [...run];
      for (const i of run) marks[i].push({ signal: 'trend', side, length: run.length, rests });
    }
    side = null;
  };
  for (let i = 1; i < values.length; i++) {
    const last = run[run.length - 1];
    const step: Side | null = values[i] > values[last] ? 'high' : values[i] < values[last] ? 'low' : null;
    if (step === null) {
      if (ties === 'skip') continue;
      close();
      run = [i];
    } else {
      if (side && step !== side) {
        close();
        run = [last];
      }
      side = step;
      run.push(i);
    }
  }
  close();
}

/** Process limits sit this many mean moving ranges from the mean: three sigma. */
export const PROCESS_LIMIT_FACTOR = 2.66;

/** The XmR rules: outside the limits, a shift of 7, a trend of 7, two of three beyond two sigma. */
export function xmrMarks(values: number[], mean: number, meanMovingRange: number | null): Mark[][] {
  const marks: Mark[][] = values.map(() => []);
  const limits = meanMovingRange === null ? null : PROCESS_LIMIT_FACTOR * meanMovingRange;
  if (limits !== null) {
    values.forEach((value, i) => {
      if (beyond(value, mean + limits, 'high')) marks[i].push({ signal: 'outside-limits', side: 'high', rests: [i] });
      if (beyond(value, mean - limits, 'low')) marks[i].push({ signal: 'outside-limits', side: 'low', rests: [i] });
    });
  }
  sameSideRuns(
    values.map((value) => (value > mean ? 'high' : value < mean ? 'low' : null)),
    7,
    'shift',
    marks,
  );
  trends(values, 7, 'break', marks);
  if (limits !== null) twoOfThree(values, mean, (2 * limits) / 3, marks);
  return marks;
}

/** The run-chart rules: a shift of 6 on one side of the median, a trend of 5. */
export function runChartMarks(values: number[], median: number): Mark[][] {
  const marks: Mark[][] = values.map(() => []);
  sameSideRuns(
    values.map((value) => (value > median ? 'high' : value < median ? 'low' : 'skip')),
    6,
    'shift',
    marks,
  );
  trends(values, 5, 'skip', marks);
  return marks;
}

/**
 * Two of three consecutive points beyond two sigma on the same side, with all three on that side of
 * the mean (points beyond the limits count). The points beyond two sigma are flagged.
 */
function twoOfThree(values: number[], mean: number, twoSigma: number, marks: Mark[][]): void {
  const far = values.map((value): Side | null =>
    beyond(value, mean + twoSigma, 'high') ? 'high' : beyond(value, mean - twoSigma, 'low') ? 'low' : null,
  );
  const sideOfMean = values.map((value): Side | null => (value > mean ? 'high' : value < mean ? 'low' : null));
  const flagged = new Map<number, { side: Side; rests: number[] }>();
  for (let start = 0; start + 3 <= values.length; start++) {
    const window = [start, start + 1, start + 2];
    for (const side of ['high', 'low'] as const) {
      if (!window.every((i) => sideOfMean[i] === side)) continue;
      const farOnes = window.filter((i) => far[i] === side);
      if (farOnes.length >= 2)
        for (const i of farOnes)
          flagged.set(i, { side, rests: [...new Set([...(flagged.get(i)?.rests ?? []), ...window])].sort((a, b) => a - b) });
    }
  }
  for (const [i, { side, rests }] of [...flagged].sort((a, b) => a[0] - b[0])) marks[i].push({ signal: 'two-of-three', side, rests });
}
