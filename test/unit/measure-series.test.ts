import assert from 'node:assert/strict';
import { measureNamed } from '../../server/measures/definitions.js';
import type { PeriodRow } from '../../server/measures/queries.js';
import { seriesFor } from '../../server/measures/series.js';

const row = (periodStart: string, wayOfWorking: 'old' | 'new', overrides: Partial<PeriodRow> = {}): PeriodRow => ({
  periodStart, wayOfWorking, days: 7, contacts: 10, daysWaited: 3, daysWaitedP90: 9, withFirstConversation: 8, withOutcome: 5, resolvedC1: 40, longTerm: 20,
  longTermCount: 2, handoffs: 1, fundingPanel: 10, weeklyCost: 300, withCost: 2, oldEnough: 10, repeatContact: 30, ...overrides,
});

describe('measure series', () => {
  const rows = [row('2026-03-02', 'new'), row('2026-03-02', 'old', { daysWaited: 24 }), row('2026-03-09', 'new', { longTermCount: 3, days: 3 })];

  it('takes each measure’s value and the contacts behind it, for one way of working', () => {
    assert.deepEqual(seriesFor(measureNamed('days-waited')!, rows, [], 'new'), [
      { periodStart: '2026-03-02', value: 3, n: 8 },
      { periodStart: '2026-03-09', value: 3, n: 8 },
    ]);
    assert.deepEqual(seriesFor(measureNamed('days-waited')!, rows, [], 'old'), [{ periodStart: '2026-03-02', value: 24, n: 8 }]);
    assert.deepEqual(seriesFor(measureNamed('resolved-c1')!, rows, [], 'new')[0], { periodStart: '2026-03-02', value: 40, n: 5 });
  });

  it('counts new long-term support per week, scaling a part-period to a week', () => {
    const points = seriesFor(measureNamed('new-long-term-per-week')!, rows, [], 'new');
    assert.equal(points[0].value, 2);
    assert.equal(points[1].value, 7, '3 in 3 days is 7 a week');
  });

  it('takes people waiting from the waiting rows', () => {
    const waiting = [{ periodStart: '2026-03-02', wayOfWorking: 'new' as const, waiting: 4 }];
    assert.deepEqual(seriesFor(measureNamed('waiting')!, rows, waiting, 'new'), [{ periodStart: '2026-03-02', value: 4, n: 4 }]);
  });
});
