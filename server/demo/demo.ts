import { addDays, fortnightNumberOn, isoWeekday, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { fortnightPlans, sites } from '../db/schema.js';
import { countSites } from '../sites/queries.js';

/** Fictional goals, in the words a team might use; no real people, places or councils. */
const GOALS = [
  'Hold every first conversation within 3 days of contact',
  'Try a community connector at the huddle every day',
  'Stop using the assessment form for conversation 1',
  'Find out why people are still waiting for equipment',
  'No hand-offs: one lead worker for every new contact',
  'Meet the housing team to unblock two long waits',
  'Bring the funding panel’s questions into our conversations',
  'Record a story of difference for the show-and-tell',
  'Test a drop-in at the library on Tuesdays',
  'Agree a short emergency plan template for crisis work',
  'Cut the time from contact to first conversation again',
  'Ask experts by experience what a good conversation feels like',
];

function mondayOnOrBefore(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

export type DemoResult = { ok: true; lines: string[] } | { ok: false; reason: string };

/**
 * A programme with two innovation sites and a comparison team, and a year of fortnights.
 * Refuses a database that already has sites, so it can never mix with a council's own data.
 */
export async function seedDemo(db: Db, today: IsoDate): Promise<DemoResult> {
  if ((await countSites(db)) > 0) {
    return { ok: false, reason: 'The database already has sites. The demo only fills an empty database: point DATA_DIR or DATABASE_URL at a new one.' };
  }
  const yearAgo = mondayOnOrBefore(addDays(today, -364));
  const demoSites = [
    {
      name: 'Northgate Community Team',
      teamDescription: 'Innovation site of the Kingsbridge Three Conversations programme (a fictional council). Social workers, occupational therapists and a community connector covering the north of the borough.',
      goLiveDate: yearAgo,
      firstFortnightStart: yearAgo,
      huddleTime: '09:15',
      goals: true,
    },
    {
      name: 'Riverside Integrated Team',
      teamDescription: 'Second innovation site of the Kingsbridge programme: a health and social care team working from the community hospital, huddling Monday to Thursday.',
      goLiveDate: addDays(yearAgo, 28),
      firstFortnightStart: yearAgo,
      huddleTime: '09:30',
      huddleDays: [1, 2, 3, 4],
      goals: true,
    },
    {
      name: 'Eastfield Locality Team (comparison)',
      teamDescription: 'Comparison team for the Kingsbridge programme: keeps working the old way (assessment, panel, hand-offs) until its planned go-live, so the two ways of working can be compared.',
      goLiveDate: mondayOnOrBefore(addDays(today, 91)),
      firstFortnightStart: yearAgo,
      huddleTime: '10:00',
      goals: false,
    },
  ];
  const lines: string[] = [];
  await db.transaction(async (tx) => {
    for (const { goals, ...fields } of demoSites) {
      const [site] = await tx.insert(sites).values(fields).returning();
      lines.push(`Created ${site.name} (site ${site.id})`);
      if (!goals) continue;
      const current = fortnightNumberOn(site, today) ?? 1;
      const plans = Array.from({ length: current }, (_, index) => ({
        siteId: site.id,
        number: index + 1,
        goal: GOALS[(index + site.id) % GOALS.length],
      }));
      await tx.insert(fortnightPlans).values(plans);
      lines.push(`  ${plans.length} fortnights with goals, from ${site.firstFortnightStart}`);
    }
  });
  lines.push('Demo data is fictional: no real people, places or councils.');
  return { ok: true, lines };
}
