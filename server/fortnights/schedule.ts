import {
  defaultShowAndTellDate,
  fortnight,
  fortnightNumberOn,
  fortnightStatus,
  huddleDaysIn,
  type Fortnight,
  type FortnightStatus,
  type IsoDate,
  type SiteCalendar,
} from '../calendar/fortnights.js';
import type { FortnightPlan } from '../db/schema.js';

export interface FortnightSummary extends Fortnight {
  status: FortnightStatus;
  goal: string;
  showAndTellDate: IsoDate;
  showAndTellIsDefault: boolean;
  version: number;
}

/** A fortnight's dates from its site's calendar, with what the team planned for it. */
export function summariseFortnight(
  site: SiteCalendar,
  number: number,
  plan: FortnightPlan | undefined,
  bankHolidays: ReadonlySet<IsoDate>,
  today: IsoDate,
): FortnightSummary {
  const period = fortnight(site, number);
  return {
    ...period,
    status: fortnightStatus(period, today),
    goal: plan?.goal ?? '',
    showAndTellDate: plan?.showAndTellDate ?? defaultShowAndTellDate(site, period, bankHolidays),
    showAndTellIsDefault: !plan?.showAndTellDate,
    version: plan?.version ?? 0,
  };
}

export function huddleDaysOf(site: SiteCalendar, summary: Fortnight, bankHolidays: ReadonlySet<IsoDate>): IsoDate[] {
  return huddleDaysIn(site, summary, bankHolidays);
}

/** The fortnight a site is in today, or fortnight 1 before the first one starts. */
export function currentOrFirstFortnight(site: SiteCalendar, today: IsoDate): number {
  return fortnightNumberOn(site, today) ?? 1;
}

/** The last fortnight anyone can open: fortnights run no later than the end of 2099. */
export function lastFortnightNumber(site: SiteCalendar): number {
  return fortnightNumberOn(site, '2099-12-31') ?? 0;
}
