import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sites, users } from './schema.js';

/** Show-and-tells: one pack per site fortnight, its sections, and the co-production group's feedback. */

export const PACK_STATUSES = ['draft', 'ready', 'presented'] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];
export const SECTION_KINDS = ['welcome', 'what-we-did', 'what-we-learned', 'what-next', 'questions', 'free-text'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];
export const GOAL_MET = ['yes', 'partly', 'no'] as const;
export type GoalMet = (typeof GOAL_MET)[number];
export const FEEDBACK_ANSWERS = ['did', 'not_yet', 'wont'] as const;
export type FeedbackAnswer = (typeof FEEDBACK_ANSWERS)[number];

/**
 * A show-and-tell pack. `version` moves with every change to the pack itself (status, sharing,
 * attendance, sections added, removed or moved); each section has a version of its own for its
 * text. Once presented, `snapshot` holds what was shown (see show-and-tells/snapshot.ts).
 */
export const showAndTellPacks = pgTable(
  'show_and_tell_packs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    fortnight: integer('fortnight').notNull(),
    status: text('status').$type<PackStatus>().notNull().default('draft'),
    sharedWithGroup: boolean('shared_with_group').notNull().default(false),
    attendanceTeam: smallint('attendance_team'),
    attendanceManagers: smallint('attendance_managers'),
    attendancePartners: smallint('attendance_partners'),
    attendanceExperts: smallint('attendance_experts'),
    presentedOn: date('presented_on', { mode: 'string' }),
    presentedBy: integer('presented_by').references(() => users.id),
    snapshot: jsonb('snapshot').$type<unknown>(),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('show_and_tell_packs_site_fortnight').on(table.siteId, table.fortnight),
    check('show_and_tell_packs_status', sql`${table.status} in ('draft', 'ready', 'presented')`),
    check('show_and_tell_packs_frozen', sql`(${table.status} = 'presented') = (${table.snapshot} is not null)`),
    check(
      'show_and_tell_packs_attendance',
      sql`coalesce(${table.attendanceTeam}, 0) between 0 and 999 and coalesce(${table.attendanceManagers}, 0) between 0 and 999 and coalesce(${table.attendancePartners}, 0) between 0 and 999 and coalesce(${table.attendanceExperts}, 0) between 0 and 999`,
    ),
  ],
);

export const showAndTellSections = pgTable(
  'show_and_tell_sections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    packId: integer('pack_id')
      .notNull()
      .references(() => showAndTellPacks.id),
    kind: text('kind').$type<SectionKind>().notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    body: text('body').notNull().default(''),
    /** The site's vision, on the welcome section, carried over from the last pack. */
    vision: text('vision').notNull().default(''),
    /** Whether the fortnight's goal was met, on the "what we did" section. */
    goalMet: text('goal_met').$type<GoalMet>(),
    /** Measure names (server/measures/definitions.ts) shown as SPC charts. */
    measures: text('measures')
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Stories of difference chosen; each is checked again whenever the pack is shown. */
    storyIds: integer('story_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('show_and_tell_sections_pack').on(table.packId, table.position),
    check(
      'show_and_tell_sections_kind',
      sql`${table.kind} in ('welcome', 'what-we-did', 'what-we-learned', 'what-next', 'questions', 'free-text')`,
    ),
    check('show_and_tell_sections_goal_met', sql`${table.goalMet} in ('yes', 'partly', 'no')`),
  ],
);

/**
 * Feedback from the co-production group on a pack or one of its sections. Anonymous feedback
 * keeps no trace of who gave it: `given_by` is null, the day but no time, a random id, audited
 * later in a batch, and the rate limit (feedback_allowances) is keyed so that it names nobody.
 */
export const showAndTellFeedback = pgTable(
  'show_and_tell_feedback',
  {
    /**
     * Random, not a sequence: the order of ids must not tell anonymous feedback from the named
     * feedback given just before or after it. An insert that draws a taken id tries again.
     */
    id: integer('id')
      .primaryKey()
      .default(sql`(floor(random() * 2147483646) + 1)::int`),
    packId: integer('pack_id')
      .notNull()
      .references(() => showAndTellPacks.id),
    sectionId: integer('section_id').references(() => showAndTellSections.id, { onDelete: 'set null' }),
    /** The section's title when the feedback was given, so it still reads if the section goes. */
    sectionTitle: text('section_title'),
    liked: text('liked').notNull().default(''),
    worried: text('worried').notNull().default(''),
    tryNext: text('try_next').notNull().default(''),
    givenBy: integer('given_by').references(() => users.id),
    /** The day only: a time could be matched against who was signed in. */
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    answer: text('answer').$type<FeedbackAnswer>(),
    answerText: text('answer_text').notNull().default(''),
    answeredBy: integer('answered_by').references(() => users.id),
    answeredOn: date('answered_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    /**
     * Anonymous feedback is not audited as it arrives (the audit row's time and place in the log
     * would match the person's other activity): the housekeeping sweep audits it later, in
     * batches per pack, and marks it here.
     */
    audited: boolean('audited').notNull().default(true),
  },
  (table) => [
    index('show_and_tell_feedback_pack').on(table.packId),
    index('show_and_tell_feedback_unaudited')
      .on(table.packId)
      .where(sql`not ${table.audited}`),
    index('show_and_tell_feedback_open')
      .on(table.packId)
      .where(sql`${table.answer} is null or ${table.answer} = 'not_yet'`),
    check('show_and_tell_feedback_answer', sql`${table.answer} in ('did', 'not_yet', 'wont')`),
    check('show_and_tell_feedback_something', sql`${table.liked} <> '' or ${table.worried} <> '' or ${table.tryNext} <> ''`),
    check('show_and_tell_feedback_reason', sql`${table.answer} is distinct from 'wont' or ${table.answerText} <> ''`),
  ],
);

/**
 * The feedback rate limit, shared by every app instance: one row per person per 10-minute window,
 * keyed by an HMAC (with APP_SECRET) of the person and the window, so that no row names who sent
 * feedback or when: nothing here can be matched with anonymous feedback. Old rows are swept.
 */
export const feedbackAllowances = pgTable('feedback_allowances', {
  key: text('key').primaryKey(),
  used: integer('used').notNull().default(0),
  windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
});

export type ShowAndTellPack = typeof showAndTellPacks.$inferSelect;
export type ShowAndTellSection = typeof showAndTellSections.$inferSelect;
export type ShowAndTellFeedback = typeof showAndTellFeedback.$inferSelect;
