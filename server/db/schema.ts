import { sql } from 'drizzle-orm';
import {
  bigint,
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

export const sites = pgTable(
  'sites',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    teamDescription: text('team_description').notNull().default(''),
    goLiveDate: date('go_live_date', { mode: 'string' }).notNull(),
    firstFortnightStart: date('first_fortnight_start', { mode: 'string' }).notNull(),
    fortnightLengthDays: smallint('fortnight_length_days').notNull().default(14),
    /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
    huddleDays: smallint('huddle_days')
      .array()
      .notNull()
      .default(sql`'{1,2,3,4,5}'`),
    /** Local time in Europe/London, HH:MM. */
    huddleTime: text('huddle_time').notNull().default('09:30'),
    /** ISO weekday of the weekly reflection. */
    reflectionDay: smallint('reflection_day').notNull().default(5),
    /** Measures: a point from fewer contacts than this is marked and never drives an icon or a sentence. */
    minContacts: smallint('min_contacts').notNull().default(5),
    /** Measures: days after which a contact's outcome counts as knowable (recorded or not). */
    outcomeDays: smallint('outcome_days').notNull().default(90),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('sites_name_unique').on(sql`lower(${table.name})`),
    check('sites_fortnight_length', sql`${table.fortnightLengthDays} between 5 and 28`),
    check('sites_reflection_day', sql`${table.reflectionDay} between 1 and 7`),
    check('sites_min_contacts', sql`${table.minContacts} between 1 and 1000`),
    check('sites_outcome_days', sql`${table.outcomeDays} between 1 and 730`),
    check('sites_huddle_time', sql`${table.huddleTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
  ],
);

/** What a team records about one fortnight; the fortnight's dates are computed from its site. */
export const fortnightPlans = pgTable(
  'fortnight_plans',
  {
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    number: integer('number').notNull(),
    goal: text('goal').notNull().default(''),
    showAndTellDate: date('show_and_tell_date', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.number] }), check('fortnight_plans_number', sql`${table.number} >= 1`)],
);

/** England and Wales bank holidays: not huddle days. Extended with `npm run cli -- import-bank-holidays`. */
export const bankHolidays = pgTable('bank_holidays', {
  date: date('date', { mode: 'string' }).primaryKey(),
  title: text('title').notNull(),
});

export type Site = typeof sites.$inferSelect;
export type NewSite = typeof sites.$inferInsert;
export type FortnightPlan = typeof fortnightPlans.$inferSelect;

export const ROLES = ['administrator', 'programme_lead', 'practitioner', 'expert_by_experience'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** As typed; unique whatever its case. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    /** The last TOTP time step accepted, so a code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // ICU's lower() folds every letter (Zoë, ZOË); the database's own may be the C locale's, which folds only A to Z.
    uniqueIndex('users_email_unique').on(sql`lower(${table.email} collate "und-x-icu")`),
    check('users_role', sql`${table.role} in ('administrator', 'programme_lead', 'practitioner', 'expert_by_experience')`),
  ],
);

/** Practitioners belong to sites, programme leads lead them, experts by experience join a site's co-production group. */
export const siteMemberships = pgTable(
  'site_memberships',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
  },
  (table) => [primaryKey({ columns: [table.userId, table.siteId] }), index('site_memberships_site').on(table.siteId)],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('recovery_codes_user').on(table.userId)],
);

/** Invitations and password resets: one use, until they expire. Only a hash of the token is kept. */
export const oneTimeLinks = pgTable(
  'one_time_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose').$type<'invite' | 'reset'>().notNull(),
    createdBy: integer('created_by').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('one_time_links_user').on(table.userId), check('one_time_links_purpose', sql`${table.purpose} in ('invite', 'reset')`)],
);

/** Server-side sessions, so any app instance can serve any request. Only a hash of the session id is kept. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id').references(() => users.id),
    /** Signed in with a password but not yet with the second factor. */
    mfaPending: boolean('mfa_pending').notNull().default(false),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [index('sessions_user').on(table.userId), index('sessions_expires').on(table.expiresAt)],
);

/** Failed sign-ins per account and per address, for slowing down and locking out guessing. */
export const signInFailures = pgTable('sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/**
 * Browsers a person has signed in with (OWASP's device cookies): the cookie holds a random token,
 * this table only its hash. A known browser keeps its own allowance of wrong passwords, so
 * strangers' guesses that lock an account out for unknown browsers never lock its owner out.
 */
export const trustedDevices = pgTable(
  'trusted_devices',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('trusted_devices_user').on(table.userId), index('trusted_devices_expires').on(table.expiresAt)],
);

/** Append-only: a trigger in the migration refuses every update, delete and truncate. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: integer('user_id'),
    action: text('action').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index('audit_log_at').on(table.at),
    index('audit_log_user').on(table.userId, table.at),
    index('audit_log_record').on(table.recordType, table.recordId),
  ],
);

export type User = typeof users.$inferSelect;

/** An email address as the unique index compares it: every letter's case folded. */
export function emailKey(value: unknown) {
  return sql`lower(${value} collate "und-x-icu")`;
}
export type Session = typeof sessions.$inferSelect;

export * from './rhythm-schema.js';
export * from './actions-schema.js';
export * from './measures-schema.js';
export * from './stories-schema.js';
export * from './show-and-tells-schema.js';
