import { DateTime } from 'luxon';

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

function day(date: IsoDate): DateTime {
  const parsed = DateTime.fromISO(date, { zone: ZONE });
  if (!parsed.isValid) throw new RangeError(`Not a date: ${date}`);
  return parsed.startOf('day');
}

function iso(date: DateTime): IsoDate {
  return date.toISODate()!;
}

/** Whole calendar days from one date to another; a day with a clock change still counts as one. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round(day(to).diff(day(from), 'days').days);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return iso(day(date).plus({ days }));
}

/** The date it is now in England, whatever the server's own time zone. */
export function todayInLondon(now: Date = new Date()): IsoDate {
  return iso(DateTime.fromJSDate(now, { zone: ZONE }));
}

export function isoWeekday(date: IsoDate): number {
  return day(date).weekday;
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
  return day(date).set({ hour, minute }).toJSDate();
}

export function formatDate(date: IsoDate, style: 'long' | 'short' = 'long'): string {
  return day(date).setLocale('en-GB').toFormat(style === 'long' ? 'cccc d MMMM yyyy' : 'd MMM yyyy');
}
