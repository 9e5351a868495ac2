import assert from 'node:assert/strict';
import { spcChart, VARIATIONS, type SeriesPoint, type Signal, type SpcChart } from '../../server/measures/spc.js';

/** One point a week from Monday 5 January 2026. */
function weekly(values: (number | null)[], from = '2026-01-05'): SeriesPoint[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return values.map((value, i) => ({ periodStart: new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10), value, n: 10 }));
}

function near(actual: number | null, expected: number, places = 3): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 10 ** -places / 2, `${actual} is not ${expected} to ${places} places`);
}

/** The 0-based positions of the points carrying a signal. */
function flagged(chart: SpcChart, signal: Signal): number[] {
  return chart.points.flatMap((point, i) => (point.signals.includes(signal) ? [i] : []));
}

const xmr = (values: (number | null)[], direction: 'higher' | 'lower' | 'neither' = 'higher', breaks: string[] = []) =>
  spcChart(weekly(values), direction, breaks, { kind: 'xmr' });
const run = (values: (number | null)[]) => spcChart(weekly(values), 'higher', [], { kind: 'run' });

describe('SPC charts: XmR', () => {
  it('works out the mean, moving ranges and process limits', () => {
    // 10, 12, 11, 13, 9: mean 55 / 5 = 11; moving ranges 2, 1, 2, 4, mean 9 / 4 = 2.25;
    // limits 11 ± 2.66 × 2.25 = 11 ± 5.985, so 16.985 and 5.015. Nothing special.
    const chart = xmr([10, 12, 11, 13, 9]);
    const [phase] = chart.phases;
    assert.equal(phase.mean, 11);
    assert.equal(phase.meanMovingRange, 2.25);
    near(phase.upperLimit, 16.985);
    near(phase.lowerLimit, 5.015);
    assert.deepEqual([phase.start, phase.end, phase.points, phase.trial], ['2026-01-05', '2026-02-02', 5, true]);
    assert.deepEqual(chart.points[4], {
      periodStart: '2026-02-02',
      value: 9,
      n: 10,
      phase: 1,
      mean: 11,
      upperLimit: phase.upperLimit,
      lowerLimit: phase.lowerLimit,
      trial: true,
      signals: [],
      variation: 'common-cause',
      incomplete: false,
      immature: false,
      few: false,
    });
    assert.deepEqual(chart.latest, {
      periodStart: '2026-02-02',
      value: 9,
      variation: 'common-cause',
      label: 'Common cause variation',
      colour: '#a6a6a6',
      restsOnFew: false,
    });
  });

  it('flags points outside the limits, above and below', () => {
    // 10 ×5 then 20: mean 70 / 6 = 11.667; moving ranges 0, 0, 0, 0, 10, mean 2; limits 11.667 ± 5.32 = 6.347 to 16.987.
    assert.deepEqual(flagged(xmr([10, 10, 10, 10, 10, 20]), 'outside-limits'), [5]);
    // 10 ×5 then 0: mean 50 / 6 = 8.333; limits 8.333 ± 5.32 = 3.013 to 13.653.
    assert.deepEqual(flagged(xmr([10, 10, 10, 10, 10, 0]), 'outside-limits'), [5]);
    assert.equal(xmr([10, 10, 10, 10, 10, 20]).points[5].variation, 'improvement');
    assert.equal(xmr([10, 10, 10, 10, 10, 0]).points[5].variation, 'concern');
  });

  it('flags a shift of 7 points on one side of the mean, but not 6', () => {
    // 9, 7, 9, 7, 9, 7 then 11, 13, 11, 13, 11, 13, 11: mean 131 / 13 = 10.077; moving ranges 2 ×5, 4, 2 ×6,
    // mean 26 / 12 = 2.167; limits 10.077 ± 5.763; two sigma 3.842, so nothing beyond 13.919 or below 6.235.
    const chart = xmr([9, 7, 9, 7, 9, 7, 11, 13, 11, 13, 11, 13, 11]);
    assert.deepEqual(flagged(chart, 'shift'), [6, 7, 8, 9, 10, 11, 12]);
    assert.deepEqual(
      chart.points.map((point) => point.signals.length > 0),
      [...Array(6).fill(false), ...Array(7).fill(true)],
    );
  });

  it('breaks a shift at a point on the mean, rather than passing over it', () => {
    // 9, 7, 9, then 10, then 7, 8, 7, 8, then 11, 13, 11, 13, 11, 13, 13: mean 150 / 15 = 10, so the 10 sits on the
    // mean. Passed over, it would leave 7 points below (a shift); breaking the run leaves 3 and 4, no shift.
    // Moving ranges 2, 2, 1, 3, 1, 1, 1, 3, 2, 2, 2, 2, 2, 0: mean 24 / 14 = 1.714; two sigma 3.04, so 13 is not beyond.
    const chart = xmr([9, 7, 9, 10, 7, 8, 7, 8, 11, 13, 11, 13, 11, 13, 13]);
    assert.equal(chart.phases[0].mean, 10);
    assert.deepEqual(flagged(chart, 'shift'), [8, 9, 10, 11, 12, 13, 14]);
  });

  it('does not flag a point exactly on a limit, and flags one just beyond it', () => {
    // 2, 24, 29, 22, 20, 23, 20, 28: mean 168 / 8 = 21; moving ranges 22, 5, 7, 2, 3, 3, 8, mean 50 / 7;
    // limits 21 ± 2.66 × 50 / 7 = 21 ± 19, so 2 to 40: the 2 sits on the lower limit.
    const on = xmr([2, 24, 29, 22, 20, 23, 20, 28]);
    near(on.phases[0].lowerLimit, 2, 9);
    assert.deepEqual(flagged(on, 'outside-limits'), []);
    // 1.9: mean 20.9875, moving ranges 22.1, 5, 7, 2, 3, 3, 8, mean 7.157; lower limit 1.949: beyond it.
    assert.deepEqual(flagged(xmr([1.9, 24, 29, 22, 20, 23, 20, 28]), 'outside-limits'), [0]);
  });

  it('breaks a shift at a point exactly on the mean', () => {
    // 9, 7, 9, 10, 7, 8, 7 then 11, 13, 11, 13, 11, 13, 11: mean 140 / 14 = 10, so the 10 sits on the mean
    // and leaves runs of 3 and 3 below it. Moving ranges 2, 2, 1, 3, 1, 1, 4, 2 ×6: mean 26 / 13 = 2;
    // two sigma 3.547, nothing beyond it. The 7 above the mean are a shift.
    const chart = xmr([9, 7, 9, 10, 7, 8, 7, 11, 13, 11, 13, 11, 13, 11]);
    assert.equal(chart.phases[0].mean, 10);
    assert.equal(chart.phases[0].meanMovingRange, 2);
    assert.deepEqual(flagged(chart, 'shift'), [7, 8, 9, 10, 11, 12, 13]);
  });

  it('flags a trend of 7 points rising, but not 6', () => {
    // 4, 16, 4, 16, then 6, 8, 10, 12, 14, 16, 18: mean 124 / 11 = 11.273; moving ranges 12, 12, 12, 10, 2 ×6,
    // mean 58 / 10 = 5.8; limits 11.273 ± 15.428; two sigma 10.285. Only the trend is special.
    const seven = xmr([4, 16, 4, 16, 6, 8, 10, 12, 14, 16, 18]);
    assert.deepEqual(flagged(seven, 'trend'), [4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(
      seven.points.flatMap((point) => point.signals.filter((signal) => signal !== 'trend')),
      [],
    );
    // Without the 18: mean 106 / 10 = 10.6, mean moving range 56 / 9 = 6.222; 6 rising is not a trend.
    assert.deepEqual(flagged(xmr([4, 16, 4, 16, 6, 8, 10, 12, 14, 16]), 'trend'), []);
  });

  it('flags a falling trend, and breaks a trend at equal neighbours', () => {
    assert.deepEqual(flagged(xmr([16, 4, 16, 4, 18, 16, 14, 12, 10, 8, 6]), 'trend'), [4, 5, 6, 7, 8, 9, 10]);
    assert.equal(xmr([16, 4, 16, 4, 18, 16, 14, 12, 10, 8, 6]).points[10].variation, 'concern');
    // 6, 8, 10, 10, 12, 14, 16: the repeated 10 splits it into runs of 3 and 4.
    assert.deepEqual(flagged(xmr([4, 16, 4, 16, 6, 8, 10, 10, 12, 14, 16]), 'trend'), []);
    // 6, 8, 10, 12, 12, 14, 16, 18: passing over the tie would make 7 rising (a trend); breaking it leaves 4 and 4.
    assert.deepEqual(flagged(xmr([4, 16, 4, 16, 6, 8, 10, 12, 12, 14, 16, 18]), 'trend'), []);
    // Without the tie the same values are a trend of 7 (6 to 18), so the test above can fail.
    assert.deepEqual(flagged(xmr([4, 16, 4, 16, 6, 8, 10, 12, 14, 16, 18]), 'trend'), [4, 5, 6, 7, 8, 9, 10]);
  });

  it('flags two of three points beyond two sigma on the same side', () => {
    // 9, 11 five times, then 15, 15: mean 130 / 12 = 10.833; moving ranges 2 ×9, 4, 0, mean 22 / 11 = 2;
    // sigma 2.66 × 2 / 3 = 1.773; two sigma above the mean is 14.380, the limit 16.153: both 15s are beyond.
    const chart = xmr([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 15, 15]);
    assert.deepEqual(flagged(chart, 'two-of-three'), [10, 11]);
    assert.deepEqual(flagged(chart, 'outside-limits'), []);
    assert.equal(chart.latest?.variation, 'improvement');
  });

  it('needs all three points of two of three on the same side of the mean', () => {
    // 9, 11 five times, then 15, 10, 15: mean 140 / 13 = 10.769; moving ranges 2 ×9, 4, 5, 5, mean 32 / 12 = 2.667;
    // two sigma 4.729 so beyond 15.498: neither 15 is. Use 16, 10, 16: mean 142 / 13 = 10.923, moving ranges
    // 2 ×9, 5, 6, 6, mean 35 / 12 = 2.917; two sigma 5.172, beyond 16.095: still not. So, with the middle point
    // below the mean: 9, 11 ×5, then 17, 10, 17: mean 144 / 13 = 11.077; moving ranges 2 ×9, 6, 7, 7, mean 38 / 12 =
    // 3.167; two sigma 5.615, beyond 16.692: both 17s are, but the 10 between them is below the mean.
    const split = xmr([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 17, 10, 17]);
    near(split.phases[0].mean, 11.077);
    assert.deepEqual(flagged(split, 'outside-limits'), []);
    assert.deepEqual(flagged(split, 'two-of-three'), []);
    // 17, 12, 17: the 12 is above the mean (11.462), so two of three (mean moving range 34 / 12 = 2.833, two sigma 5.025, beyond 16.487).
    const same = xmr([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 17, 12, 17]);
    assert.deepEqual(flagged(same, 'two-of-three'), [10, 12]);
  });

  it('shows improvement when the latest point carries an improving and a concerning signal', () => {
    // 20 ×6, then 30, 29, 28, 27, 26, 25, 24: falling 7 in a row (concerning where higher is better) while the
    // last 7 are above the mean (26.58 ... a shift, improving). Mean 189 + 120 = 309 / 13 = 23.769.
    const chart = xmr([20, 20, 20, 20, 20, 20, 30, 29, 28, 27, 26, 25, 24], 'higher');
    const last = chart.points[12];
    assert.ok(last.signals.includes('trend') && last.signals.includes('shift'), last.signals.join());
    assert.equal(last.variation, 'improvement');
    assert.equal(xmr([20, 20, 20, 20, 20, 20, 30, 29, 28, 27, 26, 25, 24], 'lower').points[12].variation, 'improvement');
  });

  it('does not flag two of three on different sides of the mean', () => {
    // 9, 11 ten times, then 16, 4: mean 220 / 22 = 10; moving ranges 2 ×19, 5, 12, mean 55 / 21 = 2.619;
    // two sigma 4.644, so 16 is beyond above and 4 beyond below, both inside the limits 3.033 and 16.967.
    const chart = xmr([...Array(10).fill([9, 11]).flat(), 16, 4]);
    assert.deepEqual(flagged(chart, 'two-of-three'), []);
    assert.deepEqual(flagged(chart, 'outside-limits'), []);
  });

  it('recalculates for each phase, with no moving range across a break', () => {
    // Phase 1: 10, 12, 11, 13, 9 as above. Phase 2: 20, 22, 21, 23, 19: mean 21, moving ranges 2, 1, 2, 4
    // (not 11 from 9 to 20), mean 2.25, limits 21 ± 5.985.
    const chart = xmr([10, 12, 11, 13, 9, 20, 22, 21, 23, 19], 'higher', ['2026-02-09']);
    assert.equal(chart.phases.length, 2);
    assert.deepEqual(
      chart.phases.map((phase) => [phase.start, phase.end, phase.mean, phase.meanMovingRange]),
      [
        ['2026-01-05', '2026-02-02', 11, 2.25],
        ['2026-02-09', '2026-03-09', 21, 2.25],
      ],
    );
    near(chart.phases[1].upperLimit, 26.985);
    assert.deepEqual(
      chart.points.map((point) => point.phase),
      [1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
    );
    assert.equal(chart.points[5].mean, 21);
    assert.deepEqual(flagged(chart, 'outside-limits'), []);
  });

  it('starts a phase at the first point on or after a break date, ignoring breaks outside the series', () => {
    const chart = xmr([10, 12, 11, 13, 9, 20, 22], 'higher', ['2025-06-01', '2026-02-03', '2027-01-01']);
    assert.deepEqual(
      chart.phases.map((phase) => phase.start),
      ['2026-01-05', '2026-02-09'],
    );
  });

  it('flags trial limits under 12 points', () => {
    const twelve = [9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11];
    assert.equal(xmr(twelve).phases[0].trial, false);
    assert.equal(xmr(twelve.slice(1)).phases[0].trial, true);
  });

  it('skips periods with no data but keeps them in the output', () => {
    // The same as 10, 12, 11, 13, 9: the moving range runs from 10 to 12 across the gap.
    const chart = xmr([10, null, 12, 11, 13, 9, null]);
    assert.equal(chart.phases[0].mean, 11);
    assert.equal(chart.phases[0].meanMovingRange, 2.25);
    assert.equal(chart.phases[0].points, 5);
    assert.deepEqual(chart.points[1], {
      periodStart: '2026-01-12',
      value: null,
      n: 10,
      phase: 1,
      mean: 11,
      upperLimit: chart.phases[0].upperLimit,
      lowerLimit: chart.phases[0].lowerLimit,
      trial: true,
      signals: [],
      variation: null,
      incomplete: false,
      immature: false,
      few: false,
    });
    assert.equal(chart.latest?.periodStart, '2026-02-09');
  });

  it('lets the improvement direction decide between improvement and concern', () => {
    const rising = [4, 16, 4, 16, 6, 8, 10, 12, 14, 16, 18];
    assert.deepEqual(xmr(rising, 'higher').latest, {
      periodStart: '2026-03-16',
      value: 18,
      variation: 'improvement',
      label: 'Special cause variation: improving',
      colour: '#00b0f0',
      restsOnFew: false,
    });
    assert.deepEqual(xmr(rising, 'lower').latest, {
      periodStart: '2026-03-16',
      value: 18,
      variation: 'concern',
      label: 'Special cause variation: concerning',
      colour: '#e46c0a',
      restsOnFew: false,
    });
    assert.deepEqual(xmr(rising, 'neither').latest, {
      periodStart: '2026-03-16',
      value: 18,
      ...VARIATIONS.neither,
      variation: 'neither',
      restsOnFew: false,
    });
    assert.equal(VARIATIONS.neither.label, 'Special cause variation: neither improving nor concerning');
  });

  it('clamps the drawn limits to a floor and ceiling, keeping the rules on the limits as computed', () => {
    // 1, 3, 1, 3, 1: mean 1.8, mean moving range 2, limits 1.8 ± 5.32 = -3.52 to 7.12.
    near(xmr([1, 3, 1, 3, 1]).phases[0].lowerLimit, -3.52);
    const counts = spcChart(weekly([1, 3, 1, 3, 1]), 'lower', [], { kind: 'xmr', floor: 0 });
    assert.equal(counts.phases[0].lowerLimit, 0);
    assert.equal(counts.points[0].lowerLimit, 0);
    near(counts.phases[0].upperLimit, 7.12);
    // A floor above a value does not make that value special: the computed limit is -3.52.
    assert.deepEqual(flagged(spcChart(weekly([1, 3, 1, 3, 1]), 'lower', [], { kind: 'xmr', floor: 2 }), 'outside-limits'), []);
    // 98, 100, 96, 100, 98: mean 98.4, moving ranges 2, 4, 4, 2, mean 3; limits 98.4 ± 7.98 = 90.42 to 106.38.
    const percentages = spcChart(weekly([98, 100, 96, 100, 98]), 'higher', [], { kind: 'xmr', floor: 0, ceiling: 100 });
    assert.equal(percentages.phases[0].upperLimit, 100);
    near(percentages.phases[0].lowerLimit, 90.42);
  });

  it('never draws a phase of one point: the last joins the phase before, any other the phase after', () => {
    // A break before the last point: 10, 12, 11, 13, 9, 30 stay one phase. Mean 85 / 6 = 14.167.
    const last = xmr([10, 12, 11, 13, 9, 30], 'higher', ['2026-02-09']);
    assert.equal(last.phases.length, 1);
    near(last.phases[0].mean, 14.167);
    assert.deepEqual(
      last.points.map((point) => point.phase),
      [1, 1, 1, 1, 1, 1],
    );
    // A go-live in the middle of a week: one point (the 20) between two breaks joins the phase after it.
    const middle = xmr([10, 12, 11, 13, 9, 20, 22, 21, 23, 19], 'higher', ['2026-02-09', '2026-02-16']);
    assert.deepEqual(
      middle.phases.map((phase) => [phase.start, phase.end, phase.points]),
      [
        ['2026-01-05', '2026-02-02', 5],
        ['2026-02-09', '2026-03-09', 5],
      ],
    );
    // A first phase of one point joins the next.
    assert.deepEqual(
      xmr([30, 10, 12, 11], 'higher', ['2026-01-12']).phases.map((phase) => phase.points),
      [4],
    );
  });

  it('draws no limits for a series of one point', () => {
    const chart = xmr([30]);
    assert.deepEqual(chart.phases[0], {
      start: '2026-01-05',
      end: '2026-01-05',
      mean: 30,
      meanMovingRange: null,
      upperLimit: null,
      lowerLimit: null,
      trial: true,
      points: 1,
    });
    assert.deepEqual(chart.points[0].signals, []);
    assert.equal(
      chart.summary,
      'The latest value, 30 on 5 January 2026, shows common cause variation. There are no limits yet: only one point since 5 January 2026.',
    );
  });

  it('handles an empty series', () => {
    assert.deepEqual(xmr([]), {
      kind: 'xmr',
      direction: 'higher',
      phases: [],
      points: [],
      latest: null,
      passedOver: [],
      minContacts: 5,
      summary: 'There is no data to chart yet.',
    });
    assert.equal(xmr([null, null]).latest, null);
    assert.equal(xmr([null, null]).phases[0].mean, null);
  });

  it('refuses points out of time order', () => {
    assert.throws(() => spcChart([...weekly([1, 2])].reverse(), 'higher', [], { kind: 'xmr' }), RangeError);
  });
});

describe('SPC charts: incomplete, immature and small-number points', () => {
  const points = (values: (number | null)[], flags: Partial<SeriesPoint>[] = []) =>
    weekly(values).map((point, i) => ({ ...point, ...flags[i] }));

  it('draws an incomplete (so far) point apart: outside the limits and rules, never the icon or the sentence', () => {
    // 10, 12, 11, 13, 9 and a week so far at 40: the limits are those of the five (mean 11), the 40 has no signal.
    const chart = spcChart(points([10, 12, 11, 13, 9, 40], [{}, {}, {}, {}, {}, { incomplete: true }]), 'higher', [], { kind: 'xmr' });
    assert.equal(chart.phases[0].mean, 11);
    assert.equal(chart.phases[0].points, 5);
    assert.deepEqual([chart.points[5].incomplete, chart.points[5].variation, chart.points[5].signals], [true, null, []]);
    assert.equal(chart.latest?.periodStart, '2026-02-02');
    assert.equal(
      chart.summary,
      'The latest value, 9 on 2 February 2026, shows common cause variation. Limits are trial limits: fewer than 12 points since 5 January 2026. Not used for the icon or this sentence: 9 February 2026 (so far: the period is not over).',
    );
  });

  it('does not read recent immature points as improving', () => {
    // Twelve weeks at 20 and 22, then three recent weeks whose outcomes are not all known, at 40: they would be a
    // signal; marked immature they are outside the rules and the icon stays on the last mature week.
    const values = [...Array(6).fill([20, 22]).flat(), 40, 40, 40];
    const flags = values.map((_, i) => (i >= 12 ? { immature: true } : {}));
    const chart = spcChart(points(values, flags), 'higher', [], { kind: 'xmr' });
    assert.equal(chart.phases[0].mean, 21);
    assert.deepEqual(
      chart.points.slice(12).map((point) => [point.immature, point.variation]),
      [
        [true, null],
        [true, null],
        [true, null],
      ],
    );
    assert.equal(chart.latest?.variation, 'common-cause');
    assert.equal(chart.latest?.periodStart, weekly(values)[11].periodStart);
    assert.match(
      chart.summary,
      /Not used for the icon or this sentence: 30 March 2026 \(outcomes not all known yet\), 6 April 2026 \(outcomes not all known yet\), 13 April 2026 \(outcomes not all known yet\)\.$/,
    );
    // Unmarked, the same values are a signal: the test can fail.
    assert.equal(spcChart(points(values), 'higher', [], { kind: 'xmr' }).latest?.variation, 'improvement');
  });

  it('counts a point from few contacts in the limits and rules but takes the icon from the latest with enough', () => {
    // 10 ×5 then 20 from 3 contacts: outside the limits (as in the rule test above) and counted, but not the icon.
    const series = points([10, 10, 10, 10, 10, 20], [{}, {}, {}, {}, {}, { n: 3 }]);
    const chart = spcChart(series, 'higher', [], { kind: 'xmr' });
    assert.deepEqual(flagged(chart, 'outside-limits'), [5]);
    assert.equal(chart.points[5].few, true);
    assert.equal(chart.latest?.periodStart, '2026-02-02');
    assert.equal(chart.latest?.variation, 'common-cause');
    // A site minimum of 3: the point is enough, and drives the icon.
    assert.equal(spcChart(series, 'higher', [], { kind: 'xmr', minContacts: 3 }).latest?.variation, 'improvement');
    // No point with enough contacts: no icon at all.
    const none = spcChart(points([10, 12], [{ n: 1 }, { n: 2 }]), 'higher', [], { kind: 'xmr' });
    assert.equal(none.latest, null);
    assert.match(
      none.summary,
      /^Not used for the icon or this sentence: 5 January 2026 \(fewer than 5 contacts\), 12 January 2026 \(fewer than 5 contacts\)\.$/,
    );
  });

  it('says a signal could be chance when it rests on points from few contacts', () => {
    // A shift of 7 above the mean where one of the 7 came from 2 contacts; the latest has 10.
    const values = [9, 7, 9, 7, 9, 7, 11, 13, 11, 13, 11, 13, 11];
    const chart = spcChart(
      points(
        values,
        values.map((_, i) => (i === 8 ? { n: 2 } : {})),
      ),
      'lower',
      [],
      { kind: 'xmr' },
    );
    assert.equal(chart.latest?.variation, 'concern');
    assert.equal(chart.latest?.restsOnFew, true);
    assert.match(chart.summary, /It rests on points from fewer than 5 contacts, so it could be chance\./);
    assert.equal(spcChart(points(values), 'lower', [], { kind: 'xmr' }).latest?.restsOnFew, false);
  });

  it('names a monthly point by its month', () => {
    const months = ['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'].map((periodStart, i) => ({
      periodStart,
      value: [10, 12, 11, 13][i],
      n: 10,
    }));
    assert.match(spcChart(months, 'higher', [], { kind: 'xmr', period: 'month' }).summary, /^The latest value, 13 in December 2026, shows/);
  });
});

describe('SPC charts: run chart', () => {
  it('uses the median, averaging the middle two of an even count, and flags a shift of 6 but not 5', () => {
    // 1, 3, 1, 3, 1, 3, 7, 5, 7, 5, 7, 5 sorted: 1 1 1 3 3 3 | 5 5 5 7 7 7; median (3 + 5) / 2 = 4.
    const six = run([1, 3, 1, 3, 1, 3, 7, 5, 7, 5, 7, 5]);
    assert.equal(six.phases[0].mean, 4);
    assert.deepEqual([six.phases[0].upperLimit, six.phases[0].lowerLimit, six.phases[0].trial], [null, null, false]);
    assert.deepEqual(flagged(six, 'shift'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // 1, 3, 1, 3, 1, 7, 5, 7, 5, 7 sorted: 1 1 1 3 3 | 5 5 7 7 7; median 4; runs of 5 are not a shift.
    assert.deepEqual(flagged(run([1, 3, 1, 3, 1, 7, 5, 7, 5, 7]), 'shift'), []);
  });

  it('passes over a point on the median in a shift', () => {
    // 1, 3, 1, 4, 3, 1, 3, then 7, 5, 7, 5, 7, 5: 13 values, the middle one sorted is 4. Six below, with the 4 passed over.
    const chart = run([1, 3, 1, 4, 3, 1, 3, 7, 5, 7, 5, 7, 5]);
    assert.equal(chart.phases[0].mean, 4);
    assert.deepEqual(flagged(chart, 'shift'), [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('flags a trend of 5 but not 4, passing over equal values', () => {
    // 9, 1, 2, 3, 4, 5: median 3.5; 1 to 5 rises five times in a row.
    assert.deepEqual(flagged(run([9, 1, 2, 3, 4, 5]), 'trend'), [1, 2, 3, 4, 5]);
    assert.deepEqual(flagged(run([9, 1, 2, 3, 4]), 'trend'), []);
    // 1, 2, 2, 3, 4 counts as four points; 1, 2, 2, 3, 4, 5 as five.
    assert.deepEqual(flagged(run([9, 1, 2, 2, 3, 4]), 'trend'), []);
    assert.deepEqual(flagged(run([9, 1, 2, 2, 3, 4, 5]), 'trend'), [1, 2, 4, 5, 6]);
  });
});

describe('SPC charts: the summary sentence', () => {
  it('names the latest value, its variation and why', () => {
    // 11, 13 ×3 then 9, 7 ×3 and 9: mean 129 / 13 = 9.923; the last 7 are below it. Lower is better.
    const chart = xmr([11, 13, 11, 13, 11, 13, 9, 7, 9, 7, 9, 7, 9], 'lower');
    assert.equal(
      chart.summary,
      'The latest value, 9 on 30 March 2026, shows special cause variation: improving (a shift: 7 points below the mean).',
    );
  });

  it('says when limits are trial limits, and rounds only the words', () => {
    const chart = spcChart(weekly([10, 12, 11, 13, 9.04567], '2026-03-02'), 'higher', [], { kind: 'xmr' });
    assert.equal(chart.points[4].value, 9.04567);
    assert.equal(
      chart.summary,
      'The latest value, 9.05 on 30 March 2026, shows common cause variation. Limits are trial limits: fewer than 12 points since 2 March 2026.',
    );
  });

  it('gives every reason for a point, in the measure’s own format', () => {
    const chart = spcChart(weekly([10, 10, 10, 10, 10, 20]), 'lower', [], { kind: 'xmr', format: (value) => `${value} days` });
    assert.match(
      chart.summary,
      /^The latest value, 20 days on 9 February 2026, shows special cause variation: concerning \(above the upper process limit\)\./,
    );
    const trend = xmr([4, 16, 4, 16, 6, 8, 10, 12, 14, 16, 18]);
    assert.match(trend.summary, /improving \(a trend: 7 points rising\)\./);
    assert.match(run([1, 3, 1, 3, 1, 3, 7, 5, 7, 5, 7, 5]).summary, /improving \(a shift: 6 points above the median\)\.$/);
  });
});
