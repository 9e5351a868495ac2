import { DateTime } from 'luxon';
import { must } from '../must.js';

export const ZONE = 'Europe/London';

/** A calendar date as YYYY-MM-DD. */
export type IsoDate = string;

export interface SiteCalendar {
  firstFortnightStart: IsoDate;
  fortnightLengthDays: number;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  huddleDays: readonly number[];
}

export interface Fortnight {
  number: number;
  start: IsoDate;
  end: IsoDate;
}

export type FortnightStatus = 'past' | 'current' | 'future';

const DAY_MS = 86_400_000;

/*
 * Fortnights are civil dates, which have no time of day and so no clock changes: day arithmetic
 * is done on whole days since 1970-01-01. luxon, in Europe/London, answers the one question
 * that depends on the clock: what date it is now in England. (Doing every step in luxon's
 * Europe/London zone cost about a millisecond a fortnight, which a list of 260 fortnights felt.)
 */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dayNumber(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const valid =
    date.length === 10 &&
    date[4] === '-' &&
    date[7] === '-' &&
    Number.isInteger(year) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
  if (!valid) throw new RangeError(`Not a date: ${date}`);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(day: number): IsoDate {
  const date = new Date(day * DAY_MS);
  const month = date.getUTCMonth() + 1;
  const dayOfMonth = date.getUTCDate();
  return `${date.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

/** Whole calendar days from one date to another; a day with a clock change still counts as one. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

let lastMinute = Number.NaN;
let lastToday = '';

/** The date it is now in England, whatever the server's own time zone. */
export function todayInLondon(now: Date = new Date()): IsoDate {
  // Every page asks; the answer can only change on a minute boundary (UK offsets are whole hours).
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastToday = must(DateTime.fromJSDate(now, { zone: ZONE }).toISODate(), 'today as a date');
    lastMinute = minute;
  }
  return lastToday;
}

/** 1 = Monday ... 7 = Sunday. 1 January 1970 was a Thursday. */
export function isoWeekday(date: IsoDate): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function fortnight(site: SiteCalendar, number: number): Fortnight {
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`Fortnights are numbered from 1, not ${number}`);
  const start = addDays(site.firstFortnightStart, (number - 1) * site.fortnightLengthDays);
  return { number, start, end: addDays(start, site.fortnightLengthDays - 1) };
}

/** The number of the fortnight a date falls in, or undefined before the first one starts. */
export function fortnightNumberOn(site: SiteCalendar, date: IsoDate): number | undefined {
  const days = daysBetween(site.firstFortnightStart, date);
  return days < 0 ? undefined : Math.floor(days / site.fortnightLengthDays) + 1;
}

export function fortnightStatus(period: Fortnight, today: IsoDate): FortnightStatus {
  if (today < period.start) return 'future';
  if (today > period.end) return 'past';
  return 'current';
}

/** The site's huddle days in a period: its chosen weekdays, less bank holidays. */
export function huddleDaysIn(site: SiteCalendar, period: Fortnight, bankHolidays: ReadonlySet<IsoDate>): IsoDate[] {
  const days: IsoDate[] = [];
  for (let date = period.start; date <= period.end; date = addDays(date, 1)) {
    if (site.huddleDays.includes(isoWeekday(date)) && !bankHolidays.has(date)) days.push(date);
  }
  return days;
}

export function isHuddleDay(site: SiteCalendar, date: IsoDate, bankHolidays: ReadonlySet<IsoDate>): boolean {
  return site.huddleDays.includes(isoWeekday(date)) && !bankHolidays.has(date);
}

/** A show-and-tell falls by default on the fortnight's last huddle day (its last day if it has none). */
export function defaultShowAndTellDate(site: SiteCalendar, period: Fortnight, bankHolidays: ReadonlySet<IsoDate>): IsoDate {
  for (let date = period.end; date >= period.start; date = addDays(date, -1)) {
    if (isHuddleDay(site, date, bankHolidays)) return date;
  }
  return period.end;
}

/** The instant a huddle starts, in UTC, for a local date and HH:MM time in England. */
export function huddleStartsAt(date: IsoDate, huddleTime: string): Date {
  const [hour, minute] = huddleTime.split(':').map(Number);
  return DateTime.fromISO(date, { zone: ZONE }).set({ hour, minute }).toJSDate();
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Monday 2 March 2026", or "2 Mar 2026" where space is short: the GOV.UK style. */
export function formatDate(date: IsoDate, style: 'long' | 'short' = 'long'): string {
  dayNumber(date);
  const [year, month, day] = date.split('-').map(Number);
  return style === 'long'
    ? `${WEEKDAYS[isoWeekday(date) - 1]} ${day} ${MONTHS[month - 1]} ${year}`
    : `${day} ${MONTHS[month - 1].slice(0, 3)} ${year}`;
}

const HOURS_AND_MINUTES = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: ZONE });

/** "09:30", the time in England of an instant (a Date or an ISO string from the database). */
/** "1 minute", "15 minutes": a count of minutes as it is said and heard. */
export function minutesText(minutes: number): string {
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** How long a huddle lasted, in whole minutes and at least one; none when it was closed without being started. */
export function huddleMinutes(startedAt: Date | string | null, closedAt: Date | string): number | undefined {
  if (!startedAt) return undefined;
  return Math.max(1, Math.round((new Date(closedAt).getTime() - new Date(startedAt).getTime()) / 60000));
}

export function formatTime(instant: Date | string): string {
  return HOURS_AND_MINUTES.format(typeof instant === 'string' ? new Date(instant) : instant);
}
