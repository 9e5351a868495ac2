import { and, asc, eq, inArray } from 'drizzle-orm';
import { addDays, fortnightNumberOn, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { siteMemberships, sites, storyThemes, users, type ConsentScope, type Site } from '../db/schema.js';
import { defaultExpiry } from '../stories/consent.js';
import type { StoryFields } from '../stories/form.js';
import { createStory, moveStory, recordConsent, recordReview, saveStory, withdrawConsent } from '../stories/queries.js';
import { DEMO_DRAFTS_WITH_IDENTIFIERS, DEMO_STORY_TEXTS, type DemoStoryText } from './story-texts.js';
import { must } from '../must.js';

type DemoState = 'approved' | 'submitted' | 'returned' | 'draft' | 'approved-then-changed';
type DemoConsent = {
  scope: ConsentScope[];
  givenDaysAgo: number;
  expired?: boolean;
  withdrawnDaysAgo?: number;
  givenBy?: 'person' | 'attorney' | 'best_interests';
} | null;

/** Which demo story goes where, how far through review it is, and its consent: every status, one withdrawn and one expired. */
const PLAN: { site: 0 | 1; state: DemoState; consent: DemoConsent; fortnightsAgo: number }[] = [
  { site: 0, state: 'approved', consent: { scope: ['show_and_tells'], givenDaysAgo: 40 }, fortnightsAgo: 3 },
  {
    site: 0,
    state: 'approved',
    consent: { scope: ['show_and_tells', 'internal_reports', 'public'], givenDaysAgo: 60, givenBy: 'attorney' },
    fortnightsAgo: 4,
  },
  { site: 0, state: 'approved', consent: { scope: ['internal_reports'], givenDaysAgo: 30 }, fortnightsAgo: 2 },
  { site: 0, state: 'approved', consent: { scope: [], givenDaysAgo: 20, givenBy: 'best_interests' }, fortnightsAgo: 2 },
  { site: 0, state: 'approved', consent: { scope: ['show_and_tells'], givenDaysAgo: 90, withdrawnDaysAgo: 10 }, fortnightsAgo: 6 },
  { site: 0, state: 'approved', consent: { scope: ['show_and_tells'], givenDaysAgo: 800, expired: true }, fortnightsAgo: 20 },
  { site: 0, state: 'approved-then-changed', consent: { scope: ['show_and_tells'], givenDaysAgo: 25 }, fortnightsAgo: 1 },
  { site: 0, state: 'returned', consent: { scope: ['show_and_tells'], givenDaysAgo: 12 }, fortnightsAgo: 1 },
  { site: 0, state: 'draft', consent: null, fortnightsAgo: 0 },
  { site: 1, state: 'approved', consent: { scope: ['show_and_tells'], givenDaysAgo: 35 }, fortnightsAgo: 3 },
  { site: 1, state: 'submitted', consent: { scope: ['show_and_tells', 'internal_reports'], givenDaysAgo: 8 }, fortnightsAgo: 1 },
  { site: 1, state: 'approved', consent: { scope: ['internal_reports'], givenDaysAgo: 50 }, fortnightsAgo: 5 },
];

interface DemoTeam {
  site: Site;
  leadId: number;
  writerIds: number[];
  themeIds: Map<string, number>;
}

async function teamOf(tx: Db, siteId: number, themeNames: string[]): Promise<DemoTeam> {
  const [site] = await tx.select().from(sites).where(eq(sites.id, siteId));
  const members = await tx
    .select({ id: users.id, role: users.role })
    .from(siteMemberships)
    .innerJoin(users, eq(users.id, siteMemberships.userId))
    .where(and(eq(siteMemberships.siteId, siteId), inArray(users.role, ['programme_lead', 'practitioner'])))
    .orderBy(asc(users.id));
  const themes = new Map<string, number>();
  for (const name of [...new Set(themeNames)].sort()) {
    const [theme] = await tx.insert(storyThemes).values({ siteId, name }).returning();
    themes.set(name, theme.id);
  }
  return {
    site,
    leadId: must(
      members.find((member) => member.role === 'programme_lead'),
      'a programme lead in the demo team',
    ).id,
    writerIds: members.filter((member) => member.role === 'practitioner').map((member) => member.id),
    themeIds: themes,
  };
}

function fieldsOf(text: DemoStoryText, team: DemoTeam, fortnight: number): StoryFields {
  return {
    title: text.title,
    fortnight,
    conversations: [...text.conversations],
    whatMattered: text.whatMattered,
    whatWeDid: text.whatWeDid,
    differenceItMade: text.differenceItMade,
    oldWay: text.oldWay,
    themeIds: text.themes.map((name) => must(team.themeIds.get(name), `the demo theme ${name}`)),
    personRef: null,
  };
}

/**
 * A dozen fictional stories across two innovation sites and every status (one withdrawn, one
 * expired, one approved and changed since), and two drafts the identifier check has much to say
 * about. `siteIds` are the demo's two innovation sites, with their teams already made.
 */
export async function seedDemoStories(tx: Db, siteIds: readonly number[], today: IsoDate): Promise<string[]> {
  const teams: DemoTeam[] = [];
  for (const [index, siteId] of siteIds.entries()) {
    const texts = [...DEMO_STORY_TEXTS.filter((_, at) => PLAN[at]?.site === index), DEMO_DRAFTS_WITH_IDENTIFIERS[index]].filter(Boolean);
    teams.push(
      await teamOf(
        tx,
        siteId,
        texts.flatMap((text) => text.themes),
      ),
    );
  }
  let made = 0;
  for (const [at, text] of DEMO_STORY_TEXTS.entries()) {
    const plan = PLAN[at];
    if (!plan) break;
    const team = teams[plan.site];
    const current = fortnightNumberOn(team.site, today) ?? 1;
    const author = team.writerIds[at % team.writerIds.length];
    let story = await createStory(tx, team.site.id, author, fieldsOf(text, team, Math.max(1, current - plan.fortnightsAgo)), []);
    made += 1;
    if (plan.consent) {
      const consentDate = addDays(today, -plan.consent.givenDaysAgo);
      const consent = await recordConsent(tx, {
        storyId: story.id,
        givenBy: plan.consent.givenBy ?? 'person',
        decidedBy: plan.consent.givenBy === 'best_interests' ? 'Her social worker with her GP' : '',
        consentDate,
        scope: plan.consent.scope,
        expiresOn: plan.consent.expired ? addDays(today, -70) : defaultExpiry(consentDate),
        sawFinalText: true,
        recordedBy: author,
      });
      if (plan.consent.withdrawnDaysAgo)
        await withdrawConsent(tx, consent, {
          withdrawnOn: addDays(today, -plan.consent.withdrawnDaysAgo),
          toldBy: 'The person, by phone',
          recordedBy: team.leadId,
        });
    }
    if (plan.state === 'draft') continue;
    story = must(await moveStory(tx, story, ['draft'], 'submitted'), 'a draft story submitted');
    if (plan.state === 'submitted') continue;
    if (plan.state === 'returned') {
      await moveStory(tx, story, ['submitted'], 'returned');
      await recordReview(tx, {
        storyId: story.id,
        version: story.version,
        decision: 'returned',
        reviewerId: team.leadId,
        comments:
          'Please say a little more about what the old way would have cost, and check the second paragraph does not say which street she lives on.',
      });
      continue;
    }
    await moveStory(tx, story, ['submitted'], 'approved');
    await recordReview(tx, {
      storyId: story.id,
      version: story.version,
      decision: 'approved',
      reviewerId: team.leadId,
      identifierCheck: 'clean',
      motivatedIntruder: true,
    });
    if (plan.state === 'approved-then-changed') {
      const changed = {
        ...fieldsOf(text, team, story.fortnight),
        differenceItMade: `${text.differenceItMade} A month on, things are still going well.`,
      };
      await saveStory(tx, { id: story.id, version: story.version }, changed, [], author);
    }
  }
  for (const [index, text] of DEMO_DRAFTS_WITH_IDENTIFIERS.entries()) {
    const team = teams[index % teams.length];
    await createStory(tx, team.site.id, team.writerIds[0], fieldsOf(text, team, fortnightNumberOn(team.site, today) ?? 1), []);
    made += 1;
  }
  return [
    `  ${made} stories of difference: approved, waiting for review, returned and drafts; one with consent withdrawn, one expired, and two drafts full of identifiers to show the check`,
  ];
}
