/**
 * "Today": where a team member lands after signing in. For each of their sites, today's huddle
 * (one click to the board or the shared screen); their own actions due and overdue; the people
 * they lead who are in conversation 2; stories sent back to them; and for leads, the feedback
 * waiting for an answer and the next show-and-tell.
 */
import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { huddleDayProblem } from '../huddles/load.js';
import { can } from '../permissions.js';
import { siteOverview } from '../sites/overview.js';
import { findSiteWithCurrentPlans } from '../sites/queries.js';
import { must } from '../must.js';
import { actionsDue, feedbackWaiting, huddlesToday, peopleInConversationTwo, storiesReturned, DUE_WITHIN_DAYS } from './queries.js';

export function todayRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/today',
      allow: 'today.view',
      async handler(req, res, person) {
        const date = today();
        const siteIds = person.siteIds;
        const [huddles, actions, people, stories] = await Promise.all([
          huddlesToday(db, siteIds, date),
          actionsDue(db, person.id, siteIds, date),
          peopleInConversationTwo(db, person.id, siteIds),
          storiesReturned(db, person.id, siteIds),
        ]);
        const sites = await Promise.all(
          huddles.map(async (huddle) => {
            const { site, plans } = must(await findSiteWithCurrentPlans(db, huddle.siteId, date), 'a site of the person');
            const leads = can(person, 'show-and-tells.prepare', site.id);
            const [noHuddle, overview] = await Promise.all([
              huddleDayProblem(db, site, date, date),
              leads ? siteOverview(db, site, plans, date) : undefined,
            ]);
            return { ...huddle, noHuddle, nextShowAndTell: overview?.nextShowAndTell };
          }),
        );
        const leadSites = sites.filter((site) => site.nextShowAndTell).map((site) => site.siteId);
        const waiting = await feedbackWaiting(db, leadSites);
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
