import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { sites, users } from './schema.js';
import type { Outcome, WayOfWorking } from './rhythm-schema.js';

/** Measures: imports of contact records, and the dates a lead marks as changes on the charts. */

export const IMPORT_STATUSES = ['checking', 'failed', 'ready', 'imported', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One upload of a CSV of contacts: checked into staging rows, then imported all at once or not at all. */
export const contactImports = pgTable(
  'contact_imports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    fileName: text('file_name').notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('checking'),
    onDuplicate: text('on_duplicate').$type<'skip' | 'update'>().notNull().default('skip'),
    /** Rows checked so far, for the progress shown while a large file is read. */
    rowsChecked: integer('rows_checked').notNull().default(0),
    /** Moved on with each batch checked: a check that stops moving was cut off (the app stopped) and is marked failed. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    rowCount: integer('row_count').notNull().default(0),
    problemCount: integer('problem_count').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    /** The "check your answers" figures: date range, counts by way of working, extra columns. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    /** Every problem found: { row, column, value, problem }. */
    problems: jsonb('problems').$type<{ row: number; column: string; value: string; problem: string }[]>().notNull().default([]),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    importedAt: timestamp('imported_at', { withTimezone: true }),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (table) => [
    index('contact_imports_site').on(table.siteId, table.createdAt),
    index('contact_imports_checking')
      .on(table.heartbeatAt)
      .where(sql`${table.status} = 'checking'`),
    check('contact_imports_status', sql`${table.status} in ('checking', 'failed', 'ready', 'imported', 'undone')`),
    check('contact_imports_on_duplicate', sql`${table.onDuplicate} in ('skip', 'update')`),
  ],
);

/**
 * The checked rows of an import, waiting for the person to confirm. Confirming copies them into
 * contacts in one statement; for rows that update a contact, `previous` keeps what it replaced,
 * so the import can be undone as a whole.
 */
export const contactImportRows = pgTable(
  'contact_import_rows',
  {
    importId: integer('import_id')
      .notNull()
      .references(() => contactImports.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    personRef: text('person_ref').notNull(),
    contactDate: date('contact_date', { mode: 'string' }).notNull(),
    firstConversationDate: date('first_conversation_date', { mode: 'string' }),
    highestConversation: smallint('highest_conversation'),
    outcome: text('outcome').$type<Outcome>(),
    handoffs: smallint('handoffs').notNull().default(0),
    fundingPanel: boolean('funding_panel').notNull().default(false),
    weeklyCostGbp: numeric('weekly_cost_gbp', { precision: 10, scale: 2 }),
    wayOfWorking: text('way_of_working').$type<WayOfWorking>().notNull(),
    team: text('team').notNull().default(''),
    previous: jsonb('previous').$type<Record<string, unknown>>(),
  },
  (table) => [index('contact_import_rows_import').on(table.importId, table.personRef, table.contactDate)],
);

/** A date a lead marks on the measures' charts (a new phase: limits recalculated), with its label. */
export const measureChanges = pgTable(
  'measure_changes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    date: date('date', { mode: 'string' }).notNull(),
    label: text('label').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('measure_changes_site').on(table.siteId, table.date)],
);

export type ContactImport = typeof contactImports.$inferSelect;
export type MeasureChange = typeof measureChanges.$inferSelect;
