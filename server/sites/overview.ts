import { fortnight, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { plansBetween } from '../fortnights/queries.js';
import { currentOrFirstFortnight, summariseFortnight, type FortnightSummary } from '../fortnights/schedule.js';

export interface SiteOverview {
  /** The fortnight running today, or fortnight 1 while the first is still to come. */
  current: FortnightSummary;
  /** The next show-and-tell on or after today, with the fortnight it closes. */
  nextShowAndTell: FortnightSummary;
  today: IsoDate;
}

export async function siteOverview(db: Db, site: Site, today: IsoDate): Promise<SiteOverview> {
  const number = currentOrFirstFortnight(site, today);
  const [plans, holidays] = await Promise.all([
    plansBetween(db, site.id, number, number + 1),
    bankHolidaysBetween(db, fortnight(site, number).start, fortnight(site, number + 1).end),
  ]);
  const current = summariseFortnight(site, number, plans.get(number), holidays, today);
  const next = summariseFortnight(site, number + 1, plans.get(number + 1), holidays, today);
  return { current, nextShowAndTell: current.showAndTellDate >= today ? current : next, today };
}
