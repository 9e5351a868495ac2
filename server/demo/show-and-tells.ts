import { and, eq, sql } from 'drizzle-orm';
import { fortnight, fortnightNumberOn, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import {
  fortnightPlans,
  showAndTellFeedback,
  showAndTellPacks,
  siteMemberships,
  sites,
  users,
  type FeedbackAnswer,
  type Site,
} from '../db/schema.js';
import { summariseFortnight } from '../fortnights/schedule.js';
import { teamMembers } from '../sites/team.js';
import { offeredStories } from '../stories/offered.js';
import { assembleSections, fortnightRecords } from '../show-and-tells/assemble.js';
import { createPack, findPackById } from '../show-and-tells/queries.js';
import { packPrivacyProblems } from '../show-and-tells/section-checks.js';
import { showLive, snapshotOf } from '../show-and-tells/shown.js';
import { must } from '../must.js';

const VISION = 'Everyone gets the right help, close to home, the first time they ask.';

/**
 * What a co-production group might say (fictional, and about the work, never about a person),
 * each with the team's answer to that very feedback.
 */
export const DEMO_FEEDBACK: { liked?: string; worried?: string; tryNext?: string; answer: { answer: FeedbackAnswer; text: string } }[] = [
  {
    liked: 'Hearing that people got a conversation in days, not weeks.',
    tryNext: 'Tell people at the start how long they might wait.',
    answer: { answer: 'did', text: 'We now say how long the wait is likely to be on the first phone call.' },
  },
  {
    worried: 'People who do not use the internet might miss the library drop-in.',
    tryNext: 'Put posters up at the GP surgery and the chemist.',
    answer: { answer: 'did', text: 'Posters went up at two surgeries and the chemist on the high street.' },
  },
  {
    liked: 'The story about getting back to the allotment. That is what matters.',
    answer: { answer: 'did', text: 'We read this out at the weekly reflection, and we keep asking first what matters to each person.' },
  },
  {
    worried: 'Carers get tired too. Who asks the carer what matters to them?',
    tryNext: 'Ask carers the same first question.',
    answer: { answer: 'not_yet', text: 'We are planning this with the carers’ centre next month.' },
  },
  {
    liked: 'The charts were easier to follow this time.',
    worried: 'I still did not understand the dotted lines.',
    answer: { answer: 'wont', text: 'We cannot change the charts’ lines, but we added a sentence in plain words under each one.' },
  },
  {
    tryNext: 'Invite someone from the housing team to the next show-and-tell.',
    answer: { answer: 'did', text: 'The housing team came on the last Friday of the month.' },
  },
];

/** A repeatable sequence, so the demo is the same each time it is made for a date. */
function sequence(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function memberOf(tx: Db, siteId: number, role: 'programme_lead' | 'expert_by_experience'): Promise<number | undefined> {
  const [row] = await tx
    .select({ id: users.id })
    .from(siteMemberships)
    .innerJoin(users, eq(users.id, siteMemberships.userId))
    .where(and(eq(siteMemberships.siteId, siteId), eq(users.role, role)))
    .orderBy(users.id)
    .limit(1);
  return row?.id;
}

/**
 * A year of show-and-tells for each innovation site: every past fortnight's pack made from its
 * records as a lead would start it, presented on its show-and-tell day (the charts as they were
 * then), with who came, shared with the co-production group; the group's feedback on some, most
 * answered, a few still open; and this fortnight's pack in preparation at the first site.
 */
export async function seedDemoShowAndTells(tx: Db, siteIds: number[], today: IsoDate): Promise<string[]> {
  const lines: string[] = [];
  for (const [index, siteId] of siteIds.entries()) {
    const [site] = (await tx.select().from(sites).where(eq(sites.id, siteId))) as Site[];
    const leadId = await memberOf(tx, siteId, 'programme_lead');
    const expertId = await memberOf(tx, siteId, 'expert_by_experience');
    if (!leadId) continue;
    const workerNames = (await teamMembers(tx, siteId)).map((member) => member.name);
    const random = sequence(siteId * 104729);
    const current = fortnightNumberOn(site, today) ?? 1;
    let presented = 0;
    let feedbackGiven = 0;
    for (let number = 1; number <= current; number += 1) {
      const period = fortnight(site, number);
      const [plan] = await tx
        .select()
        .from(fortnightPlans)
        .where(and(eq(fortnightPlans.siteId, siteId), eq(fortnightPlans.number, number)));
      const summary = summariseFortnight(site, number, plan, await bankHolidaysBetween(tx, period.start, period.end), today);
      const past = summary.showAndTellDate < today;
      if (!past && index > 0) continue;
      const day = past ? summary.showAndTellDate : today;
      const [records, stories] = await Promise.all([
        fortnightRecords(tx, siteId, period),
        offeredStories(tx, siteId, { audience: 'show-and-tell', on: day }),
      ]);
      const sections = assembleSections(site, period, records, stories, day).map((section) => {
        if (section.kind === 'welcome' && number === 1) return { ...section, vision: VISION };
        if (section.kind === 'what-we-did' && past)
          return { ...section, goalMet: (['yes', 'yes', 'partly', 'no'] as const)[Math.floor(random() * 4)] };
        return section;
      });
      const pack = await createPack(tx, siteId, number, sections, leadId);
      if (!pack || !past) continue;
      const made = must(await findPackById(tx, pack.id), 'the pack just made');
      const snapshot = snapshotOf(await showLive(tx, site, summary, made.sections, day));
      const shareable = packPrivacyProblems(snapshot.sections, { workerNames, siteName: site.name }).length === 0;
      await tx
        .update(showAndTellPacks)
        .set({
          status: 'presented',
          snapshot,
          presentedOn: day,
          presentedBy: leadId,
          sharedWithGroup: shareable,
          attendanceTeam: 5 + Math.floor(random() * 6),
          attendanceManagers: 1 + Math.floor(random() * 4),
          attendancePartners: Math.floor(random() * 6),
          attendanceExperts: Math.floor(random() * 5),
          version: sql`${showAndTellPacks.version} + 1`,
        })
        .where(eq(showAndTellPacks.id, pack.id));
      presented += 1;
      if (!shareable || !expertId || number % 3 !== 0) continue;
      // Older feedback has its answer; the last few fortnights' are still open, for the next pack to take up.
      for (let piece = 0; piece < 1 + Math.floor(random() * 2); piece += 1) {
        const said = DEMO_FEEDBACK[(number + piece) % DEMO_FEEDBACK.length];
        const section = piece === 0 ? undefined : made.sections[1 + Math.floor(random() * 3)];
        // The answer is the team's answer to this very feedback.
        const answered = number < current - 4 ? said.answer : undefined;
        await tx.insert(showAndTellFeedback).values({
          packId: pack.id,
          sectionId: section?.id ?? null,
          sectionTitle: section?.title ?? null,
          liked: said.liked ?? '',
          worried: said.worried ?? '',
          tryNext: said.tryNext ?? '',
          givenBy: random() < 0.3 ? null : expertId,
          givenOn: day,
          answer: answered?.answer ?? null,
          answerText: answered?.text ?? '',
          answeredBy: answered ? leadId : null,
          answeredOn: answered ? fortnight(site, number + 1).end : null,
        });
        feedbackGiven += 1;
      }
    }
    lines.push(
      `  ${site.name}: ${presented} show-and-tells presented${index === 0 ? ', this fortnight’s in preparation' : ''}, ${feedbackGiven} pieces of feedback from the co-production group`,
    );
  }
  return lines;
}
