import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sites, users } from './schema.js';

/** The team's rhythm: huddles, contacts, people discussed, actions, the "getting in the way" log and reflections. */

export const OUTCOMES = ['resolved_c1', 'community', 'equipment', 'short_term', 'long_term', 'signposted', 'nfa'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const WAYS_OF_WORKING = ['old', 'new'] as const;
export type WayOfWorking = (typeof WAYS_OF_WORKING)[number];
export const PERSON_FLAGS = ['none', 'risk', 'safeguarding'] as const;
export type PersonFlag = (typeof PERSON_FLAGS)[number];

export const stamps = {
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** One daily huddle of a site. Made when someone first records something for that day. */
export const huddles = pgTable(
  'huddles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    date: date('date', { mode: 'string' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    startedBy: integer('started_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: integer('closed_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('huddles_site_date').on(table.siteId, table.date)],
);

/** Team members ticked as present. A row per person, so two people ticking at once never collide. */
export const huddleAttendance = pgTable(
  'huddle_attendance',
  {
    huddleId: integer('huddle_id')
      .notNull()
      .references(() => huddles.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.huddleId, table.userId] })],
);

/** Guests are recorded by role ("hospital discharge nurse"), never by name. */
export const huddleGuests = pgTable(
  'huddle_guests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    huddleId: integer('huddle_id')
      .notNull()
      .references(() => huddles.id),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The add form's key (see http/kept-pages.ts formKeyOf): the same form sent twice adds one. */
    formKey: text('form_key'),
  },
  (table) => [uniqueIndex('huddle_guests_form_key').on(table.formKey), index('huddle_guests_huddle').on(table.huddleId)],
);

/**
 * A contact: the minimum the tracker keeps about one person's request for help (DOMAIN.md,
 * "The records and the measures"). The huddle adds them; the measures work imports and edits them.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    /** A case-system id or a made-up code, never a name (checked by contacts/person-reference.ts). */
    personRef: text('person_ref').notNull(),
    contactDate: date('contact_date', { mode: 'string' }).notNull(),
    firstConversationDate: date('first_conversation_date', { mode: 'string' }),
    leadWorkerId: integer('lead_worker_id').references(() => users.id),
    c1Date: date('c1_date', { mode: 'string' }),
    c2Date: date('c2_date', { mode: 'string' }),
    c3Date: date('c3_date', { mode: 'string' }),
    /** 1, 2 or 3 when known without dates, as from a case-system extract. */
    highestConversation: smallint('highest_conversation'),
    outcome: text('outcome').$type<Outcome>(),
    handoffs: smallint('handoffs').notNull().default(0),
    fundingPanel: boolean('funding_panel').notNull().default(false),
    weeklyCostGbp: numeric('weekly_cost_gbp', { precision: 10, scale: 2 }),
    wayOfWorking: text('way_of_working').$type<WayOfWorking>().notNull().default('new'),
    team: text('team').notNull().default(''),
    /** The huddle at which the contact was added, when it was. */
    huddleId: integer('huddle_id').references(() => huddles.id),
    /** The import that brought the contact in (see measures-schema.ts), so it can be undone. */
    importId: integer('import_id'),
    /**
     * Whether the same person had another contact at the site within 90 days after this one.
     * Kept by statement triggers on contacts (migration 0008), so the measures need no self-join.
     */
    cameBack: boolean('came_back').notNull().default(false),
    ...stamps,
  },
  (table) => [
    uniqueIndex('contacts_site_person_date').on(table.siteId, table.personRef, table.contactDate),
    // Migration 0008 adds INCLUDE columns (drizzle cannot say so) so the measures scan the index alone.
    index('contacts_site_date').on(table.siteId, table.contactDate),
    // The Today page: the people a worker leads who are in conversation 2, with no outcome yet.
    index('contacts_lead_in_conversation_2')
      .on(table.leadWorkerId, table.contactDate)
      .where(sql`${table.highestConversation} = 2 and ${table.outcome} is null`),
    index('contacts_huddle').on(table.huddleId),
    index('contacts_import')
      .on(table.importId)
      .where(sql`${table.importId} is not null`),
    check(
      'contacts_outcome',
      sql`${table.outcome} in ('resolved_c1', 'community', 'equipment', 'short_term', 'long_term', 'signposted', 'nfa')`,
    ),
    check('contacts_way_of_working', sql`${table.wayOfWorking} in ('old', 'new')`),
    check('contacts_highest_conversation', sql`${table.highestConversation} between 1 and 3`),
    check('contacts_handoffs', sql`${table.handoffs} between 0 and 1000`),
  ],
);

/** "People to talk about" at a huddle: people in crisis and anyone a worker brings. */
export const huddlePeople = pgTable(
  'huddle_people',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    huddleId: integer('huddle_id')
      .notNull()
      .references(() => huddles.id),
    personRef: text('person_ref').notNull(),
    conversation: smallint('conversation').notNull(),
    leadWorkerId: integer('lead_worker_id')
      .notNull()
      .references(() => users.id),
    /** For "days since contact"; filled from the person's latest contact record when not given. */
    contactDate: date('contact_date', { mode: 'string' }),
    note: text('note').notNull().default(''),
    flag: text('flag').$type<PersonFlag>().notNull().default('none'),
    ...stamps,
    /** The add form's key (see http/kept-pages.ts formKeyOf): the same form sent twice adds one. */
    formKey: text('form_key'),
  },
  (table) => [
    uniqueIndex('huddle_people_form_key').on(table.formKey),
    index('huddle_people_huddle').on(table.huddleId),
    check('huddle_people_conversation', sql`${table.conversation} between 1 and 3`),
    check('huddle_people_flag', sql`${table.flag} in ('none', 'risk', 'safeguarding')`),
  ],
);

/** A weekly reflection: one per site per week, the week named by its Monday. */
export const reflections = pgTable(
  'reflections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    wentWell: text('went_well').notNull().default(''),
    thanks: text('thanks').notNull().default(''),
    learned: text('learned').notNull().default(''),
    /** Stories of difference worth capturing, one a line, until stories exist. */
    storyIdeas: text('story_ideas').notNull().default(''),
    /**
     * Each written prompt is saved on its own, with its own version, so two people writing
     * different prompts at once never clash; the row's `version` still moves on every save.
     */
    wentWellVersion: integer('went_well_version').notNull().default(1),
    thanksVersion: integer('thanks_version').notNull().default(1),
    learnedVersion: integer('learned_version').notNull().default(1),
    storyIdeasVersion: integer('story_ideas_version').notNull().default(1),
    /**
     * When the wellbeing check closed: by a lead, or by the housekeeping sweep once the day it was
     * held is over. Results show only once it has closed (and 3 or more answered), so no total can
     * be read before and after one person's answer.
     */
    wellbeingClosedAt: timestamp('wellbeing_closed_at', { withTimezone: true }),
    wellbeingClosedBy: integer('wellbeing_closed_by').references(() => users.id),
    ...stamps,
  },
  (table) => [
    uniqueIndex('reflections_site_week').on(table.siteId, table.weekStart),
    check('reflections_monday', sql`extract(isodow from ${table.weekStart}) = 1`),
  ],
);

/** Anonymous: no person, no time. Who has answered is kept apart, in wellbeing_respondents. */
export const wellbeingResponses = pgTable(
  'wellbeing_responses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    reflectionId: integer('reflection_id')
      .notNull()
      .references(() => reflections.id),
    score: smallint('score').notNull(),
    word: text('word').notNull().default(''),
  },
  (table) => [
    index('wellbeing_responses_reflection').on(table.reflectionId),
    check('wellbeing_responses_score', sql`${table.score} between 1 and 5`),
  ],
);

export const wellbeingRespondents = pgTable(
  'wellbeing_respondents',
  {
    reflectionId: integer('reflection_id')
      .notNull()
      .references(() => reflections.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.reflectionId, table.userId] })],
);

/**
 * A counter per site, raised in the same transaction as every change to its board, so an open
 * board can ask "anything new since revision N?" with one primary-key lookup, on any app instance.
 */
export const boardRevisions = pgTable('board_revisions', {
  siteId: integer('site_id')
    .primaryKey()
    .references(() => sites.id),
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
});

/**
 * A change waiting to move its site's board revision. A trigger deferred to commit (in the
 * migration) applies and deletes each row, so the revision row is locked only while a
 * transaction commits, never while the app works between its statements.
 */
export const boardChanges = pgTable('board_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  siteId: integer('site_id').notNull(),
});

export type Huddle = typeof huddles.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type HuddlePerson = typeof huddlePeople.$inferSelect;
export type Reflection = typeof reflections.$inferSelect;
