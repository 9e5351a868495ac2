import { fortnight, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import type { FortnightPlan, Site } from '../db/schema.js';
import { currentOrFirstFortnight, summariseFortnight, type FortnightSummary } from '../fortnights/schedule.js';

export interface SiteOverview {
  /** The fortnight running today, or fortnight 1 while the first is still to come. */
  current: FortnightSummary;
  /** The next show-and-tell on or after today, with the fortnight it closes. */
  nextShowAndTell: FortnightSummary;
  today: IsoDate;
}

/** `plans` holds at least the plans of the current fortnight and the next (see findSiteWithCurrentPlans). */
export async function siteOverview(db: Db, site: Site, plans: FortnightPlan[], today: IsoDate): Promise<SiteOverview> {
  const number = currentOrFirstFortnight(site, today);
  const holidays = await bankHolidaysBetween(db, fortnight(site, number).start, fortnight(site, number + 1).end);
  return siteOverviewWith(site, plans, today, holidays);
}

/** The same from bank holidays already read (at least the current and next fortnights'): for many sites at once. */
export function siteOverviewWith(site: Site, plans: FortnightPlan[], today: IsoDate, holidays: ReadonlySet<IsoDate>): SiteOverview {
  const number = currentOrFirstFortnight(site, today);
  const plan = (n: number) => plans.find((candidate) => candidate.number === n);
  const current = summariseFortnight(site, number, plan(number), holidays, today);
  const next = summariseFortnight(site, number + 1, plan(number + 1), holidays, today);
  return { current, nextShowAndTell: current.showAndTellDate >= today ? current : next, today };
}
