import { DateTime } from 'luxon';
import { addDays, isoWeekday, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import {
  actionReviews,
  actions,
  contacts,
  gettingInTheWay,
  gettingInTheWayMentions,
  huddleAttendance,
  huddleGuests,
  huddlePeople,
  huddles,
  reflections,
  wellbeingRespondents,
  wellbeingResponses,
  type ObstacleCategory,
  type Site,
} from '../db/schema.js';

/** Fictional and non-identifying: what a team might say, never who it is about. */
const PERSON_NOTES = [
  'Carer has been admitted to hospital; staying with the family until a plan is in place',
  'Lives alone and had a fall last week; the team is visiting daily for now',
  'Daughter rang worried about money for food this week; small payment agreed',
  'Discharge planned for tomorrow; needs someone at home on the first night',
  'Neighbour has been helping but is going away; looking at who else can',
  'Wants to get back to the allotment; connecting with the gardening group',
  'Asked for a care home; what matters is not being lonely in the evenings',
  'Crisis has settled; ready to move back to conversation 1 next week',
];
const ACTIONS = [
  'Ring the equipment service about the bath lift',
  'Ask the housing team for a date to visit',
  'Find out when the lunch club has space',
  'Check the emergency plan with the family tonight',
  'Take the panel question to the head of service',
  'Book the community connector for Thursday’s huddle',
  'Share the short emergency plan template with the team',
  'Follow up with the GP practice about the medication review',
  'Write up the story of difference for the show-and-tell',
  'Ask the library about a Tuesday drop-in room',
];
const DROPPED_REASONS = ['No longer needed: the family sorted it', 'Overtaken by the panel decision', 'Duplicate of another action'];
const OBSTACLES: { title: string; category: ObstacleCategory; description: string; whatChanged: string; escalatedTo?: string }[] = [
  {
    title: 'Panel needs a full assessment before small payments',
    category: 'process',
    description: 'A crisis payment under £50 still goes to the weekly panel, so people wait days.',
    whatChanged: 'Team manager can now agree payments under £100 the same day.',
    escalatedTo: 'Head of adult social care',
  },
  {
    title: 'Case system forces an assessment form at first contact',
    category: 'it_system',
    description: 'The system will not close a contact without the full form, even when a conversation resolved it.',
    whatChanged: 'A short “conversation 1” form was added to the case system.',
    escalatedTo: 'Systems team',
  },
  {
    title: 'Equipment takes three weeks to arrive',
    category: 'resources',
    description: 'Simple equipment goes through the same queue as complex adaptations.',
    whatChanged: 'Team can order simple items directly from the store.',
  },
  {
    title: 'Hospital discharges arrive after 4pm on Fridays',
    category: 'process',
    description: 'Late notice means people go home without support for the weekend.',
    whatChanged: 'Ward agreed to call the huddle by Thursday.',
    escalatedTo: 'Discharge lead',
  },
  {
    title: 'No evening community groups in the north of the borough',
    category: 'community',
    description: 'People who are lonely in the evenings have nowhere to go.',
    whatChanged: 'A church hall now hosts a Wednesday evening group.',
  },
  {
    title: 'Eligibility policy read as “assess first”',
    category: 'policy',
    description: 'Some managers still ask for an eligibility decision before any help.',
    whatChanged: 'Principal social worker issued a note on proportionate assessment.',
    escalatedTo: 'Principal social worker',
  },
  {
    title: 'Team cannot see the health record',
    category: 'it_system',
    description: 'Workers ring the GP practice to check medication, which takes hours.',
    whatChanged: 'Read access agreed for two workers per team.',
    escalatedTo: 'Information governance',
  },
  {
    title: 'Transport to day centres only on weekdays',
    category: 'resources',
    description: 'People who want to go at weekends cannot.',
    whatChanged: 'Community transport now runs on Saturdays.',
  },
];
const WENT_WELL = [
  'Every new contact had a first conversation within two days.',
  'The community connector joined three huddles and linked four people to groups.',
  'We stayed with a family in crisis all week and avoided a hospital admission.',
  'Fewer forms: most conversation 1 contacts closed on the short form.',
];
const THANKS = [
  'Thanks to the OTs for covering the late visits.',
  'Thank you to the ward for ringing us early.',
  'Thanks to the duty team for the handover notes.',
];
const LEARNED = [
  'Asking “what matters to you?” first changes the whole conversation.',
  'Crisis work goes better when one person stays with the family.',
  'People often need a connection, not a service.',
  'The panel slows us down most on small, urgent decisions.',
];
const TRY = [
  'Try a daily slot for the community connector',
  'Test booking equipment straight from the huddle',
  'Try visiting together with the district nurse',
];
const STORY_IDEAS = [
  'The man who got back to his allotment',
  'A carer who avoided a care home admission',
  'How a small payment stopped a crisis',
];
const WORDS = ['tired', 'hopeful', 'busy', 'proud', 'stretched', 'positive', 'calm', 'energised'];
const GUEST_ROLES = ['Community connector', 'District nurse', 'Hospital discharge nurse', 'Housing officer'];

/** A repeatable sequence, so the demo is the same each time it is made for a date. */
function sequence(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface DemoTeam {
  site: Site;
  memberIds: number[];
}

export interface RhythmCounts {
  huddles: number;
  contacts: number;
  actions: number;
  items: number;
  reflections: number;
}

/** The moment it was `time` in England on `date`, either side of the clocks changing. */
function at(date: IsoDate, time: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/London' }).toJSDate();
}

/**
 * A year of the team's rhythm for one site: a huddle every huddle day until yesterday, with who
 * was there, new contacts, people talked about, actions and the log; a reflection every week with
 * the wellbeing check. Recent actions and items are still open, so today's board has work on it.
 */
export async function seedRhythm(tx: Db, { site, memberIds }: DemoTeam, days: IsoDate[], today: IsoDate): Promise<RhythmCounts> {
  const random = sequence(site.id * 7919 + days.length);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const member = () => pick(memberIds);
  const madeHuddles = await tx
    .insert(huddles)
    .values(
      days.map((date) => {
        const [hour, minute] = site.huddleTime.split(':').map(Number);
        const closing = hour * 60 + minute + 9 + Math.floor(random() * 7);
        const close = `${String(Math.floor(closing / 60)).padStart(2, '0')}:${String(closing % 60).padStart(2, '0')}`;
        return {
          siteId: site.id,
          date,
          startedAt: at(date, site.huddleTime),
          startedBy: memberIds[0],
          closedAt: at(date, close),
          closedBy: memberIds[0],
        };
      }),
    )
    .returning({ id: huddles.id, date: huddles.date });
  const attendance = madeHuddles.flatMap((huddle) =>
    memberIds.filter(() => random() > 0.15).map((userId) => ({ huddleId: huddle.id, userId })),
  );
  await tx.insert(huddleAttendance).values(attendance);
  const guests = madeHuddles.filter(() => random() < 0.15).map((huddle) => ({ huddleId: huddle.id, role: pick(GUEST_ROLES) }));
  if (guests.length) await tx.insert(huddleGuests).values(guests);

  let counter = 0;
  const newContacts = madeHuddles.flatMap((huddle, index) =>
    Array.from({ length: Math.floor(random() * 4) }, () => {
      counter += 1;
      const contactDate = index > 0 ? madeHuddles[index - 1].date : huddle.date;
      const waited = Math.floor(random() * 3);
      return {
        siteId: site.id,
        huddleId: huddle.id,
        personRef: `KB-${String(site.id * 100000 + counter).padStart(6, '0')}`,
        contactDate,
        leadWorkerId: member(),
        firstConversationDate: addDays(contactDate, waited) < today ? addDays(contactDate, waited) : null,
        wayOfWorking: 'new' as const,
        createdBy: memberIds[0],
      };
    }),
  );
  if (newContacts.length) await tx.insert(contacts).values(newContacts);

  const people = madeHuddles.flatMap((huddle, index) => {
    const recent = newContacts.filter(
      (contact) => contact.contactDate <= huddle.date && contact.contactDate >= (madeHuddles[Math.max(0, index - 5)]?.date ?? huddle.date),
    );
    return recent.slice(0, Math.floor(random() * 3)).map((contact) => ({
      siteId: site.id,
      huddleId: huddle.id,
      personRef: contact.personRef,
      conversation: (random() < 0.6 ? 2 : random() < 0.5 ? 1 : 3) as 1 | 2 | 3,
      leadWorkerId: contact.leadWorkerId,
      note: pick(PERSON_NOTES),
      flag: random() < 0.1 ? ('safeguarding' as const) : random() < 0.2 ? ('risk' as const) : ('none' as const),
      createdBy: memberIds[0],
    }));
  });
  if (people.length) await tx.insert(huddlePeople).values(people);

  const recentFrom = addDays(today, -10);
  const agreed = madeHuddles
    .filter(() => random() < 0.8)
    .map((huddle) => {
      const open = huddle.date >= recentFrom;
      const dropped = !open && random() < 0.08;
      const dueDate = addDays(huddle.date, 2 + Math.floor(random() * 6));
      return {
        siteId: site.id,
        huddleId: huddle.id,
        description: pick(ACTIONS),
        ownerId: member(),
        dueDate: open && dueDate < today ? today : dueDate,
        raisedOn: huddle.date,
        status: open ? ('open' as const) : dropped ? ('dropped' as const) : ('done' as const),
        statusNote: dropped ? pick(DROPPED_REASONS) : '',
        closedOn: open ? null : addDays(huddle.date, 1 + Math.floor(random() * 5)),
        createdBy: memberIds[0],
      };
    });
  const madeActions = agreed.length ? await tx.insert(actions).values(agreed).returning() : [];
  const reviews = madeActions.flatMap(({ closedOn, ...action }) => {
    if (action.status === 'open' || closedOn === null) return [];
    const reviewedAt = madeHuddles.find((huddle) => huddle.date >= closedOn);
    return [
      {
        actionId: action.id,
        huddleId: reviewedAt?.id ?? null,
        status: action.status,
        note: action.statusNote,
        reviewedBy: action.ownerId,
        reviewedAt: at(closedOn, site.huddleTime),
      },
    ];
  });
  if (reviews.length) await tx.insert(actionReviews).values(reviews);

  // A new obstacle every couple of weeks; the older ones resolved, as a site's log would be.
  const raisedAt = madeHuddles.filter((huddle, index) => index % 9 === 4);
  const items = raisedAt.map((huddle, index) => {
    const obstacle = OBSTACLES[index % OBSTACLES.length];
    const age = raisedAt.length - index;
    const status =
      age <= 2 ? 'open' : age <= 4 ? (obstacle.escalatedTo ? 'escalated' : 'in_hand') : index % 7 === 3 ? 'cannot_change' : 'resolved';
    return {
      siteId: site.id,
      huddleId: huddle.id,
      title: obstacle.title,
      category: obstacle.category,
      description: obstacle.description,
      ownerId: member(),
      escalatedTo: status === 'escalated' || status === 'resolved' ? (obstacle.escalatedTo ?? '') : '',
      status: status as 'open' | 'in_hand' | 'escalated' | 'resolved' | 'cannot_change',
      whatChanged: status === 'resolved' ? obstacle.whatChanged : '',
      raisedOn: huddle.date,
      resolvedOn: status === 'resolved' ? addDays(huddle.date, 10 + Math.floor(random() * 40)) : null,
      createdBy: memberIds[0],
    };
  });
  for (const item of items) if (item.resolvedOn && item.resolvedOn >= today) item.resolvedOn = addDays(today, -1);
  const madeItems = items.length ? await tx.insert(gettingInTheWay).values(items).returning() : [];
  const mentions = madeItems.flatMap((item) => {
    const later = madeHuddles.filter((huddle) => huddle.date > item.raisedOn && (!item.resolvedOn || huddle.date <= item.resolvedOn));
    return later
      .filter((_, index) => index % 5 === 4)
      .map((huddle) => ({ itemId: item.id, huddleId: huddle.id, note: 'Update given at the huddle' }));
  });
  if (mentions.length) await tx.insert(gettingInTheWayMentions).values(mentions);

  // One reflection a week, on the site's reflection day (or the last huddle day before it).
  const weeks = new Map<IsoDate, IsoDate>();
  for (const day of days) {
    const monday = addDays(day, 1 - isoWeekday(day));
    if (isoWeekday(day) <= site.reflectionDay) weeks.set(monday, day);
  }
  let reflectionCount = 0;
  let weekNumber = 0;
  for (const [weekStart, heldOn] of weeks) {
    weekNumber += 1;
    const [reflection] = await tx
      .insert(reflections)
      .values({
        siteId: site.id,
        weekStart,
        heldOn,
        wentWell: pick(WENT_WELL),
        thanks: pick(THANKS),
        learned: pick(LEARNED),
        storyIdeas: weekNumber % 3 === 0 ? pick(STORY_IDEAS) : '',
        createdBy: memberIds[0],
      })
      .returning();
    reflectionCount += 1;
    // Morale rises over the year, from about 3 to about 4; now and then too few answer to show.
    const answering = memberIds.filter(() => random() < 0.75);
    const trend = Math.min(1, weekNumber / weeks.size);
    if (answering.length) {
      await tx.insert(wellbeingRespondents).values(answering.map((userId) => ({ reflectionId: reflection.id, userId })));
      await tx.insert(wellbeingResponses).values(
        answering.map(() => ({
          reflectionId: reflection.id,
          score: Math.max(1, Math.min(5, Math.round(2.8 + trend + (random() - 0.5) * 2))),
          word: random() < 0.6 ? pick(WORDS) : '',
        })),
      );
    }
    if (weekNumber % 2 === 0) {
      await tx.insert(actions).values({
        siteId: site.id,
        reflectionId: reflection.id,
        description: pick(TRY),
        ownerId: member(),
        dueDate: heldOn >= recentFrom ? addDays(today, 7) : addDays(heldOn, 14),
        raisedOn: heldOn,
        status: heldOn >= recentFrom ? 'open' : 'done',
        closedOn: heldOn >= recentFrom ? null : addDays(heldOn, 10),
        createdBy: memberIds[0],
      });
    }
    const open = madeItems.find((item) => item.raisedOn <= heldOn && (!item.resolvedOn || item.resolvedOn >= heldOn));
    if (open && weekNumber % 3 === 1)
      await tx
        .insert(gettingInTheWayMentions)
        .values({ itemId: open.id, reflectionId: reflection.id, note: 'Talked about at the reflection' });
  }
  // The boards' revisions moved with every row above (drizzle/0020_revisions_from_the_database.sql).
  return {
    huddles: madeHuddles.length,
    contacts: newContacts.length,
    actions: madeActions.length,
    items: madeItems.length,
    reflections: reflectionCount,
  };
}
