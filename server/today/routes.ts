/**
 * "Today": where a team member lands after signing in. For each of their sites, today's huddle
 * (one click to the board or the shared screen); their own actions due and overdue; the people
 * they lead who are in conversation 2; stories sent back to them; and for leads, the feedback
 * waiting for an answer and the next show-and-tell.
 */
import { formatDate, fortnight, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { notAHuddleDay } from '../huddles/load.js';
import { can } from '../permissions.js';
import { siteOverviewWith } from '../sites/overview.js';
import { findSitesWithCurrentPlans } from '../sites/queries.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import { currentOrFirstFortnight } from '../fortnights/schedule.js';
import { must } from '../must.js';
import { actionsDue, feedbackWaiting, huddlesToday, peopleInConversationTwo, storiesReturned, DUE_WITHIN_DAYS } from './queries.js';

const earliest = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const latest = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

export function todayRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/today',
      allow: 'today.view',
      async handler(req, res, person) {
        const date = today();
        const siteIds = person.siteIds;
        const leadSiteIds = siteIds.filter((id) => can(person, 'show-and-tells.prepare', id));
        // A handful of queries however many sites: every site's calendar from one read of sites and
        // plans and one of bank holidays.
        const [huddles, actions, people, stories, waiting, found] = await Promise.all([
          huddlesToday(db, siteIds, date),
          actionsDue(db, person.id, siteIds, date),
          peopleInConversationTwo(db, person.id, siteIds),
          storiesReturned(db, person.id, siteIds),
          feedbackWaiting(db, leadSiteIds),
          findSitesWithCurrentPlans(db, siteIds, date),
        ]);
        const periods = found.flatMap(({ site }) => {
          const number = currentOrFirstFortnight(site, date);
          return [fortnight(site, number), fortnight(site, number + 1)];
        });
        const holidays = periods.length
          ? await bankHolidaysBetween(
              db,
              periods.map((p) => p.start).reduce(earliest, date),
              periods.map((p) => p.end).reduce(latest, date),
            )
          : new Set<IsoDate>();
        const sites = huddles.map((huddle) => {
          const { site, plans } = must(
            found.find((row) => row.site.id === huddle.siteId),
            'a site of the person',
          );
          return {
            ...huddle,
            noHuddle: notAHuddleDay(site, date, holidays),
            nextShowAndTell: leadSiteIds.includes(site.id) ? siteOverviewWith(site, plans, date, holidays).nextShowAndTell : undefined,
          };
        });
        await renderPage(res, 'today/today', {
          title: `Today, ${formatDate(date)}`,
          navigation: 'today',
          date,
          sites,
          actions: actions.map((action) => ({
            ...action,
            overdue: action.dueDate < date,
            dueToday: action.dueDate === date,
          })),
          dueWithinDays: DUE_WITHIN_DAYS,
          people,
          stories,
          waiting,
        });
      },
    },
  ];
}
