import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
    huddleDays: smallint('huddle_days').array().notNull().default(sql`'{1,2,3,4,5}'`),
    /** Local time in Europe/London, HH:MM. */
    huddleTime: text('huddle_time').notNull().default('09:30'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('sites_name_unique').on(sql`lower(${table.name})`),
    check('sites_fortnight_length', sql`${table.fortnightLengthDays} between 5 and 28`),
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
