import type { Request, Response } from 'express';
import { addDays, formatDate, isHuddleDay, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { HttpError, NotFound } from '../http/errors.js';
import { canAccessSite } from '../sites/load.js';
import { parseId } from '../http/ids.js';
import { findHuddleDay, type HuddleDayRow } from './queries.js';

const WEEKDAY_NAMES = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/** A date in the URL that is not one of the site's huddle days: the page says why and where to go. */
export class NotAHuddleDay extends HttpError {
  constructor(status: number, site: Site, date: IsoDate, problem: string, nearest: IsoDate | undefined) {
    super(status, 'huddle-day', {
      view: 'huddles/not-a-huddle-day',
      title: 'Not a huddle day',
      locals: { site, date, problem, nearest, navigation: 'sites' },
    });
  }
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    return formatDate(value).length > 0;
  } catch {
    return false;
  }
}

export function huddleDaysDescription(site: Site): string {
  const days = [...site.huddleDays].sort().map((day) => WEEKDAY_NAMES[day - 1]);
  return days.length > 1 ? `${days.slice(0, -1).join(', ')} and ${days.at(-1)}` : days[0];
}

/** The latest huddle day on or before `date`, looking back a few weeks. */
export async function huddleDayOnOrBefore(db: Db, site: Site, date: IsoDate): Promise<IsoDate | undefined> {
  const from = addDays(date, -28);
  const holidays = await bankHolidaysBetween(db, from, date);
  for (let day = date; day >= from && day >= site.firstFortnightStart; day = addDays(day, -1)) {
    if (isHuddleDay(site, day, holidays)) return day;
  }
  return undefined;
}

/**
 * The site and huddle date named in the URL: 404 for a date that is not a date; NotAHuddleDay for
 * one that is not a huddle day, is in the future or is before the site's first fortnight. Reading
 * a board needs no team (`team: false`); a change names owners and lead workers from it.
 */
export async function loadHuddleDay(
  db: Db,
  req: Request,
  res: Response,
  today: IsoDate,
  options = { team: true },
): Promise<Omit<HuddleDayRow, 'site'> & { site: Site; date: IsoDate }> {
  const siteId = parseId(String(req.params.siteId), 'site');
  const date = String(req.params.date);
  if (!isIsoDate(date)) throw new NotFound('huddle');
  // loadSite's checks, with what every board request needs read in the same round trip.
  const found = await findHuddleDay(db, siteId, date, options);
  if (!found) throw new NotFound('site');
  const { site } = found;
  if (!canAccessSite(res.locals.user, site.id)) throw new HttpError(403, 'site');
  const problem = await huddleDayProblem(db, site, date, today);
  if (problem)
    throw new NotAHuddleDay(
      req.method === 'POST' ? 422 : 404,
      site,
      date,
      problem,
      await huddleDayOnOrBefore(db, site, date < today ? date : today),
    );
  return { ...found, date };
}

/** How far ahead the next huddle day is looked for (a fortnight of weekends and bank holidays). */
const LOOK_AHEAD_DAYS = 14;

/** The first huddle day after `today`: the huddle a team can prepare ahead of time. */
export async function nextHuddleDay(db: Db, site: Site, today: IsoDate): Promise<IsoDate | undefined> {
  const holidays = await bankHolidaysBetween(db, addDays(today, 1), addDays(today, LOOK_AHEAD_DAYS));
  for (let date = addDays(today, 1); date <= addDays(today, LOOK_AHEAD_DAYS); date = addDays(date, 1)) {
    if (date >= site.firstFortnightStart && isHuddleDay(site, date, holidays)) return date;
  }
  return undefined;
}

/**
 * Why a date cannot have a huddle, in plain English, or undefined when it can: today's, an
 * earlier one, or the next huddle day, prepared ahead of time.
 */
export async function huddleDayProblem(db: Db, site: Site, date: IsoDate, today: IsoDate): Promise<string | undefined> {
  if (date > today) {
    const next = await nextHuddleDay(db, site, today);
    if (date === next) return undefined;
    return `${formatDate(date)} is in the future. You can open today’s huddle or an earlier one${next ? `, or prepare the next one (${formatDate(next)}) ahead of time` : ''}.`;
  }
  return notAHuddleDay(site, date, await bankHolidaysBetween(db, date, date));
}

/** Why a date on or before today has no huddle, from bank holidays already read; undefined when it has one. */
export function notAHuddleDay(site: Site, date: IsoDate, holidays: ReadonlySet<IsoDate>): string | undefined {
  if (date < site.firstFortnightStart)
    return `${site.name} started huddling on ${formatDate(site.firstFortnightStart)}, after ${formatDate(date)}.`;
  if (holidays.has(date)) return `${formatDate(date)} is a bank holiday, so there is no huddle.`;
  if (!isHuddleDay(site, date, holidays))
    return `${formatDate(date)} is not a huddle day: ${site.name} huddles on ${huddleDaysDescription(site)}.`;
  return undefined;
}
