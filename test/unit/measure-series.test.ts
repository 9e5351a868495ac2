import assert from 'node:assert/strict';
import { measureNamed } from '../../server/measures/definitions.js';
import type { PeriodRow } from '../../server/measures/queries.js';
import { isIncomplete, seriesFor, type SeriesContext } from '../../server/measures/series.js';

const row = (periodStart: string, wayOfWorking: 'old' | 'new', overrides: Partial<PeriodRow> = {}): PeriodRow => ({
  periodStart,
  wayOfWorking,
  days: 7,
  contacts: 10,
  daysWaited: 3,
  daysWaitedP90: 9,
  withFirstConversation: 8,
  withOutcome: 5,
  resolvedC1: 40,
  longTerm: 20,
  longTermCount: 2,
  handoffs: 1,
  fundingPanel: 10,
  weeklyCost: 300,
  withCost: 2,
  oldEnough: 10,
  repeatContact: 30,
  unknownOutcomes: 0,
  ...overrides,
});

/** Weeks of March 2026, long past. */
const march: SeriesContext = { period: 'week', range: { from: '2026-03-02', to: '2026-03-29' }, today: '2026-12-03' };

describe('measure series', () => {
  const rows = [
    row('2026-03-02', 'new'),
    row('2026-03-02', 'old', { daysWaited: 24 }),
    row('2026-03-09', 'new', { longTermCount: 3, days: 3 }),
  ];

  it('takes each measure’s value and the contacts behind it, for one way of working, with the 90th percentile beside days waited', () => {
    assert.deepEqual(seriesFor(measureNamed('days-waited')!, rows, [], 'new', march), [
      { periodStart: '2026-03-02', value: 3, n: 8, p90: 9 },
      { periodStart: '2026-03-09', value: 3, n: 8, p90: 9 },
    ]);
    assert.deepEqual(seriesFor(measureNamed('days-waited')!, rows, [], 'old', march), [
      { periodStart: '2026-03-02', value: 24, n: 8, p90: 9 },
    ]);
    assert.deepEqual(seriesFor(measureNamed('resolved-c1')!, rows, [], 'new', march)[0], { periodStart: '2026-03-02', value: 40, n: 5 });
  });

  it('counts new long-term support per week, scaling a part-period to a week', () => {
    const points = seriesFor(measureNamed('new-long-term-per-week')!, rows, [], 'new', march);
    assert.equal(points[0].value, 2);
    assert.equal(points[1].value, 7, '3 in 3 days is 7 a week');
  });

  it('says one new person, and two new people, a week', () => {
    const measure = measureNamed('new-long-term-per-week')!;
    assert.equal(measure.describe('1'), '1 new person a week went into long-term support');
    assert.equal(measure.describe('2.5'), '2.5 new people a week went into long-term support');
  });

  it('gives a count a zero for a week of use with no contacts, and leaves rates and medians out', () => {
    const gap = [row('2026-03-02', 'new'), row('2026-03-16', 'new')];
    assert.deepEqual(
      seriesFor(measureNamed('new-long-term-per-week')!, gap, [], 'new', march).map((p) => [p.periodStart, p.value, p.n]),
      [
        ['2026-03-02', 2, 10],
        ['2026-03-09', 0, 0],
        ['2026-03-16', 2, 10],
      ],
    );
    assert.deepEqual(
      seriesFor(measureNamed('long-term')!, gap, [], 'new', march).map((p) => p.periodStart),
      ['2026-03-02', '2026-03-16'],
    );
    assert.deepEqual(
      seriesFor(measureNamed('days-waited')!, gap, [], 'new', march).map((p) => p.periodStart),
      ['2026-03-02', '2026-03-16'],
    );
  });

  it('marks the week so far, and a week the dates asked for cut short, as incomplete', () => {
    const today = { period: 'week' as const, range: { from: '2026-11-04', to: '2026-12-03' }, today: '2026-12-03' };
    assert.equal(isIncomplete('2026-11-30', today), true, 'this week, Monday 30 November to Sunday 6 December');
    assert.equal(isIncomplete('2026-11-23', today), false);
    assert.equal(isIncomplete('2026-11-02', today), true, 'the range starts on Wednesday 4 November');
    assert.equal(isIncomplete('2026-11-01', { ...today, period: 'month' }), true, 'November, from the 4th');
    assert.equal(
      isIncomplete('2026-10-01', { period: 'month', range: { from: '2026-10-01', to: '2026-12-03' }, today: '2026-12-03' }),
      false,
    );
    assert.equal(isIncomplete('2026-11-23', { ...today, today: '2026-11-29' }), true, 'Sunday is not over on Sunday');
    const points = seriesFor(measureNamed('days-waited')!, [row('2026-11-23', 'new'), row('2026-11-30', 'new')], [], 'new', today);
    assert.deepEqual(
      points.map((p) => p.incomplete ?? false),
      [false, true],
    );
  });

  it('marks outcome measures immature while a period has contacts whose outcome cannot be known yet', () => {
    const young = [row('2026-03-02', 'new', { unknownOutcomes: 2, oldEnough: 10 }), row('2026-03-09', 'new', { oldEnough: 6 })];
    for (const name of ['resolved-c1', 'long-term', 'new-long-term-per-week', 'handoffs', 'funding-panel', 'weekly-cost']) {
      assert.deepEqual(
        seriesFor(measureNamed(name)!, young, [], 'new', march).map((p) => p.immature ?? false),
        [true, false],
        name,
      );
    }
    assert.deepEqual(
      seriesFor(measureNamed('repeat-contact')!, young, [], 'new', march).map((p) => p.immature ?? false),
      [false, true],
    );
    assert.deepEqual(
      seriesFor(measureNamed('days-waited')!, young, [], 'new', march).map((p) => p.immature ?? false),
      [false, false],
    );
  });

  it('takes people waiting from the waiting rows, only while the way of working was in use', () => {
    const waiting = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'].flatMap((periodStart, i) => [
      { periodStart, wayOfWorking: 'new' as const, waiting: [0, 0, 4, 6][i] },
      { periodStart, wayOfWorking: 'old' as const, waiting: [9, 5, 0, 0][i] },
    ]);
    // The new way's first contact on Wednesday 18 March; the old way's last on Tuesday 10 March.
    const newWay = seriesFor(measureNamed('waiting')!, [], waiting, 'new', {
      ...march,
      inUse: { first: '2026-03-18', last: '2026-03-27' },
    });
    assert.deepEqual(
      newWay.map((p) => [p.periodStart, p.value]),
      [
        ['2026-03-16', 4],
        ['2026-03-23', 6],
      ],
    );
    const oldWay = seriesFor(measureNamed('waiting')!, [], waiting, 'old', {
      ...march,
      inUse: { first: '2025-01-06', last: '2026-03-10' },
    });
    assert.deepEqual(
      oldWay.map((p) => [p.periodStart, p.value]),
      [
        ['2026-03-02', 9],
        ['2026-03-09', 5],
      ],
    );
    assert.deepEqual(seriesFor(measureNamed('waiting')!, [], waiting, 'old', march), [], 'no contacts at all: no points');
  });
});
