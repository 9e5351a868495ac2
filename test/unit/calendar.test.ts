import assert from 'node:assert/strict';
import {
  addDays,
  daysBetween,
  defaultShowAndTellDate,
  fortnight,
  fortnightNumberOn,
  fortnightStatus,
  huddleDaysIn,
  huddleStartsAt,
  todayInLondon,
} from '../../server/calendar/fortnights.js';

const site = { firstFortnightStart: '2026-03-02', fortnightLengthDays: 14, huddleDays: [1, 2, 3, 4, 5] };
const none = new Set<string>();

describe('fortnightly calendar', () => {
  it('numbers fortnights from 1 at the first start date', () => {
    assert.deepEqual(fortnight(site, 1), { number: 1, start: '2026-03-02', end: '2026-03-15' });
    assert.deepEqual(fortnight(site, 2), { number: 2, start: '2026-03-16', end: '2026-03-29' });
    assert.equal(fortnightNumberOn(site, '2026-03-02'), 1);
    assert.equal(fortnightNumberOn(site, '2026-03-15'), 1);
    assert.equal(fortnightNumberOn(site, '2026-03-16'), 2);
    assert.equal(fortnightNumberOn(site, '2026-03-01'), undefined);
  });

  it('refuses fortnight numbers below 1', () => {
    assert.throws(() => fortnight(site, 0), RangeError);
    assert.throws(() => fortnight(site, 1.5), RangeError);
  });

  it('keeps whole days across the spring clock change (29 March 2026, 23 hours long)', () => {
    // Fortnight 2 runs 16 to 29 March and contains the change; fortnight 3 must start on 30 March.
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.deepEqual(fortnight(site, 3), { number: 3, start: '2026-03-30', end: '2026-04-12' });
    assert.equal(fortnightNumberOn(site, '2026-03-29'), 2);
    assert.equal(fortnightNumberOn(site, '2026-03-30'), 3);
  });

  it('keeps whole days across the autumn clock change (25 October 2026, 25 hours long)', () => {
    assert.equal(daysBetween('2026-10-24', '2026-10-26'), 2);
    // Fortnight 17 starts 224 days after 2 March and ends on the day the clocks go back.
    assert.deepEqual(fortnight(site, 17), { number: 17, start: '2026-10-12', end: '2026-10-25' });
    assert.equal(fortnightNumberOn(site, '2026-10-25'), 17);
    assert.equal(fortnightNumberOn(site, '2026-10-26'), 18);
    assert.deepEqual(fortnight(site, 18), { number: 18, start: '2026-10-26', end: '2026-11-08' });
  });

  it('counts 29 February in a leap year', () => {
    const leap = { ...site, firstFortnightStart: '2028-02-21' };
    assert.deepEqual(fortnight(leap, 1), { number: 1, start: '2028-02-21', end: '2028-03-05' });
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2027-02-28', 1), '2027-03-01');
    assert.equal(fortnightNumberOn(leap, '2028-03-06'), 2);
    assert.equal(daysBetween('2028-02-01', '2028-03-01'), 29);
  });

  it('runs for years without drifting', () => {
    // 10 years of 14-day fortnights: 261 fortnights from 2 March 2026 reach 2036.
    assert.deepEqual(fortnight(site, 262), {
      number: 262,
      start: addDays('2026-03-02', 261 * 14),
      end: addDays('2026-03-02', 262 * 14 - 1),
    });
    assert.equal(fortnightNumberOn(site, addDays('2026-03-02', 261 * 14)), 262);
  });

  it('supports other fortnight lengths', () => {
    const tenDays = { ...site, fortnightLengthDays: 10 };
    assert.deepEqual(fortnight(tenDays, 2), { number: 2, start: '2026-03-12', end: '2026-03-21' });
  });

  it('says whether a fortnight is past, current or future', () => {
    const second = fortnight(site, 2);
    assert.equal(fortnightStatus(second, '2026-03-15'), 'future');
    assert.equal(fortnightStatus(second, '2026-03-16'), 'current');
    assert.equal(fortnightStatus(second, '2026-03-29'), 'current');
    assert.equal(fortnightStatus(second, '2026-03-30'), 'past');
  });

  it('leaves bank holidays out of huddle days', () => {
    const easter = new Set(['2026-04-03', '2026-04-06']);
    const third = fortnight(site, 3); // 30 March to 12 April 2026
    const days = huddleDaysIn(site, third, easter);
    assert.equal(days.length, 8);
    assert.ok(!days.includes('2026-04-03'), 'Good Friday is not a huddle day');
    assert.ok(!days.includes('2026-04-06'), 'Easter Monday is not a huddle day');
    assert.ok(!days.includes('2026-04-04'), 'Saturday is not a huddle day');
  });

  it('holds the show-and-tell on the last huddle day, skipping a bank holiday', () => {
    // Fortnight ending Sunday 31 May 2026: the last huddle day is Friday 29 May.
    const f = { number: 1, start: '2026-05-18', end: '2026-05-31' };
    assert.equal(defaultShowAndTellDate(site, f, none), '2026-05-29');
    // A fortnight whose last weekday is the Summer bank holiday, Monday 31 August 2026.
    const g = { number: 1, start: '2026-08-18', end: '2026-08-31' };
    assert.equal(defaultShowAndTellDate(site, g, new Set(['2026-08-31'])), '2026-08-28');
    // Huddles on Mondays and Wednesdays only.
    assert.equal(defaultShowAndTellDate({ ...site, huddleDays: [1, 3] }, f, none), '2026-05-27');
  });

  it('falls back to the last day when a fortnight has no huddle day', () => {
    const f = { number: 1, start: '2026-12-24', end: '2026-12-27' };
    assert.equal(defaultShowAndTellDate({ ...site, huddleDays: [5] }, f, new Set(['2026-12-25'])), '2026-12-27');
  });

  it('tells the date in England, not the server’s time zone', () => {
    assert.equal(todayInLondon(new Date('2026-06-01T23:30:00Z')), '2026-06-02'); // 00:30 BST
    assert.equal(todayInLondon(new Date('2026-12-01T23:30:00Z')), '2026-12-01'); // 23:30 GMT
    assert.equal(todayInLondon(new Date('2026-03-29T00:30:00Z')), '2026-03-29');
  });

  it('places the huddle in local time on both sides of a clock change', () => {
    assert.equal(huddleStartsAt('2026-03-27', '09:30').toISOString(), '2026-03-27T09:30:00.000Z'); // GMT
    assert.equal(huddleStartsAt('2026-03-30', '09:30').toISOString(), '2026-03-30T08:30:00.000Z'); // BST
  });
});
