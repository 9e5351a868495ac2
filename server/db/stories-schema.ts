import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sites, users } from './schema.js';

/** Stories of difference: the story and every version of it, its consent records, its reviews, and a site's themes. */

export const STORY_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
/** Where a story may be used beyond the team; none of them means team only. Public implies the others. */
export const CONSENT_SCOPES = ['show_and_tells', 'internal_reports', 'public'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
/** The person; a carer with lasting power of attorney; a best-interests decision. */
export const CONSENT_GIVERS = ['person', 'attorney', 'best_interests'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** A site's own list of themes ("connected to community", "no hand-offs"); retired themes stay on the stories that have them. */
export const storyThemes = pgTable(
  'story_themes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('story_themes_site_name').on(table.siteId, sql`lower(${table.name})`)],
);

/** What a story says: the same columns on the story (its latest version) and on each kept version. */
const storyText = {
  title: text('title').notNull().default(''),
  fortnight: integer('fortnight').notNull(),
  /** Conversations involved: 1, 2 and 3. */
  conversations: smallint('conversations')
    .array()
    .notNull()
    .default(sql`'{}'`),
  whatMattered: text('what_mattered').notNull().default(''),
  whatWeDid: text('what_we_did').notNull().default(''),
  differenceItMade: text('difference_it_made').notNull().default(''),
  oldWay: text('old_way').notNull().default(''),
  themeIds: integer('theme_ids')
    .array()
    .notNull()
    .default(sql`'{}'`),
  /** The contact record's person reference (checked by contacts/person-reference.ts); shown to the team only. */
  personRef: text('person_ref'),
};

/** A story of difference as it stands now: its latest version, where it is in review, and which version was approved. */
export const stories = pgTable(
  'stories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    status: text('status').$type<StoryStatus>().notNull().default('draft'),
    /** The number of the latest version; every save makes the next. */
    version: integer('version').notNull().default(1),
    /** The version last approved, kept when a later edit sends the story back for review. */
    approvedVersion: integer('approved_version'),
    ...storyText,
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('stories_site_fortnight').on(table.siteId, table.fortnight),
    check('stories_status', sql`${table.status} in ('draft', 'submitted', 'approved', 'returned')`),
    check('stories_fortnight', sql`${table.fortnight} >= 1`),
    check('stories_conversations', sql`${table.conversations} <@ '{1,2,3}'::smallint[]`),
    check('stories_approved', sql`${table.status} <> 'approved' or ${table.approvedVersion} = ${table.version}`),
  ],
);

/** One explanation of why a finding of the identifier check is fine, kept with the version it explains. */
export interface FindingExplanation {
  /** The field the finding is in ("whatWeDid"), its kind and the text found: together, the finding's key. */
  field: string;
  kind: string;
  text: string;
  explanation: string;
}

/** Every saved version of a story, kept for good: approval applies to one. */
export const storyVersions = pgTable(
  'story_versions',
  {
    storyId: integer('story_id')
      .notNull()
      .references(() => stories.id),
    version: integer('version').notNull(),
    ...storyText,
    explanations: jsonb('explanations').$type<FindingExplanation[]>().notNull().default([]),
    savedBy: integer('saved_by')
      .notNull()
      .references(() => users.id),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.storyId, table.version] })],
);

/** A lead's decision on one version: approved (with the checks it records) or returned with comments. */
export const storyReviews = pgTable(
  'story_reviews',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    storyId: integer('story_id')
      .notNull()
      .references(() => stories.id),
    version: integer('version').notNull(),
    decision: text('decision').$type<'approved' | 'returned'>().notNull(),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    comments: text('comments').notNull().default(''),
    /** At approval: whether the identifier check was clean or every finding was explained, and how many there were. */
    identifierCheck: text('identifier_check').$type<'clean' | 'explained'>(),
    findings: integer('findings').notNull().default(0),
    /** The reviewer confirmed a "motivated intruder" could not recognise the person. */
    motivatedIntruder: boolean('motivated_intruder').notNull().default(false),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('story_reviews_story').on(table.storyId, table.version),
    check('story_reviews_decision', sql`${table.decision} in ('approved', 'returned')`),
    check(
      'story_reviews_approval',
      sql`${table.decision} <> 'approved' or (${table.motivatedIntruder} and ${table.identifierCheck} is not null)`,
    ),
    check('story_reviews_returned', sql`${table.decision} <> 'returned' or ${table.comments} <> ''`),
  ],
);

/** Consent for a story. Renewing adds a record; the latest recorded one is the story's consent. */
export const storyConsents = pgTable(
  'story_consents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    storyId: integer('story_id')
      .notNull()
      .references(() => stories.id),
    givenBy: text('given_by').$type<ConsentGiver>().notNull(),
    /** Who made a best-interests decision (a role, not a name is best). */
    decidedBy: text('decided_by').notNull().default(''),
    consentDate: date('consent_date', { mode: 'string' }).notNull(),
    /** Empty for team only. */
    scope: text('scope')
      .array()
      .$type<ConsentScope[]>()
      .notNull()
      .default(sql`'{}'`),
    /** The last day the consent covers. */
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    sawFinalText: boolean('saw_final_text').notNull(),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    /** Who told the team the consent was withdrawn. */
    withdrawalToldBy: text('withdrawal_told_by'),
    withdrawalRecordedBy: integer('withdrawal_recorded_by').references(() => users.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('story_consents_story').on(table.storyId, table.id),
    check('story_consents_given_by', sql`${table.givenBy} in ('person', 'attorney', 'best_interests')`),
    check('story_consents_decided_by', sql`${table.givenBy} <> 'best_interests' or ${table.decidedBy} <> ''`),
    check('story_consents_scope', sql`${table.scope} <@ '{show_and_tells,internal_reports,public}'::text[]`),
    check('story_consents_expiry', sql`${table.expiresOn} >= ${table.consentDate}`),
    check(
      'story_consents_withdrawn',
      sql`${table.withdrawnOn} is null or (${table.withdrawnOn} >= ${table.consentDate} and coalesce(${table.withdrawalToldBy}, '') <> '')`,
    ),
  ],
);

export type Story = typeof stories.$inferSelect;
export type StoryVersion = typeof storyVersions.$inferSelect;
export type StoryReview = typeof storyReviews.$inferSelect;
export type StoryConsent = typeof storyConsents.$inferSelect;
export type StoryTheme = typeof storyThemes.$inferSelect;
