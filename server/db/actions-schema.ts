import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sites, users } from './schema.js';
import { huddles, reflections, stamps } from './rhythm-schema.js';

/** Actions agreed at huddles and reflections, and the "getting in the way" log. */

export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const OBSTACLE_CATEGORIES = ['process', 'policy', 'it_system', 'resources', 'community', 'other'] as const;
export type ObstacleCategory = (typeof OBSTACLE_CATEGORIES)[number];
export const OBSTACLE_STATUSES = ['open', 'in_hand', 'escalated', 'resolved', 'cannot_change'] as const;
export type ObstacleStatus = (typeof OBSTACLE_STATUSES)[number];

/** One actions list per site, whatever raised them. */
export const actions = pgTable(
  'actions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    description: text('description').notNull(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').$type<ActionStatus>().notNull().default('open'),
    /** Why it is still open, or why it was dropped. */
    statusNote: text('status_note').notNull().default(''),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    huddleId: integer('huddle_id').references(() => huddles.id),
    reflectionId: integer('reflection_id').references(() => reflections.id),
    closedOn: date('closed_on', { mode: 'string' }),
    ...stamps,
    /** The add form's key (see http/kept-pages.ts formKeyOf): the same form sent twice adds one. */
    formKey: text('form_key'),
  },
  (table) => [
    uniqueIndex('actions_form_key').on(table.formKey),
    // The board lists a site's open actions, oldest first, whatever the size of its history.
    index('actions_site_open')
      .on(table.siteId, table.raisedOn, table.id)
      .where(sql`${table.status} = 'open'`),
    // The actions list shows open actions soonest due first.
    index('actions_site_open_due')
      .on(table.siteId, table.dueDate, table.id)
      .where(sql`${table.status} = 'open'`),
    // The Today page: a person's own open actions, soonest due first.
    index('actions_owner_open_due')
      .on(table.ownerId, table.dueDate)
      .where(sql`${table.status} = 'open'`),
    index('actions_site_raised').on(table.siteId, table.raisedOn),
    index('actions_huddle').on(table.huddleId),
    index('actions_reflection').on(table.reflectionId),
    check('actions_status', sql`${table.status} in ('open', 'done', 'dropped')`),
  ],
);

/** Each time an action is reviewed (done, still open with a note, dropped with a reason). */
export const actionReviews = pgTable(
  'action_reviews',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    actionId: integer('action_id')
      .notNull()
      .references(() => actions.id),
    huddleId: integer('huddle_id').references(() => huddles.id),
    status: text('status').$type<ActionStatus>().notNull(),
    note: text('note').notNull().default(''),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('action_reviews_action').on(table.actionId), index('action_reviews_huddle').on(table.huddleId)],
);

/** The "getting in the way" log: the system's obstacles to working the new way. */
export const gettingInTheWay = pgTable(
  'getting_in_the_way',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    title: text('title').notNull(),
    category: text('category').$type<ObstacleCategory>().notNull(),
    description: text('description').notNull().default(''),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id),
    escalatedTo: text('escalated_to').notNull().default(''),
    status: text('status').$type<ObstacleStatus>().notNull().default('open'),
    whatChanged: text('what_changed').notNull().default(''),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    resolvedOn: date('resolved_on', { mode: 'string' }),
    huddleId: integer('huddle_id').references(() => huddles.id),
    reflectionId: integer('reflection_id').references(() => reflections.id),
    ...stamps,
    /** The add form's key (see http/kept-pages.ts formKeyOf): the same form sent twice adds one. */
    formKey: text('form_key'),
  },
  (table) => [
    uniqueIndex('getting_in_the_way_form_key').on(table.formKey),
    index('getting_in_the_way_site_open')
      .on(table.siteId, table.raisedOn, table.id)
      .where(sql`${table.status} not in ('resolved', 'cannot_change')`),
    index('getting_in_the_way_site_raised').on(table.siteId, table.raisedOn),
    check('getting_in_the_way_category', sql`${table.category} in ('process', 'policy', 'it_system', 'resources', 'community', 'other')`),
    check('getting_in_the_way_status', sql`${table.status} in ('open', 'in_hand', 'escalated', 'resolved', 'cannot_change')`),
  ],
);

/** An item brought back to a huddle or a reflection. */
export const gettingInTheWayMentions = pgTable(
  'getting_in_the_way_mentions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer('item_id')
      .notNull()
      .references(() => gettingInTheWay.id),
    huddleId: integer('huddle_id').references(() => huddles.id),
    reflectionId: integer('reflection_id').references(() => reflections.id),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('getting_in_the_way_mentions_huddle').on(table.huddleId, table.itemId),
    uniqueIndex('getting_in_the_way_mentions_reflection').on(table.reflectionId, table.itemId),
    check('getting_in_the_way_mentions_one', sql`num_nonnulls(${table.huddleId}, ${table.reflectionId}) = 1`),
  ],
);

export type Action = typeof actions.$inferSelect;
export type GettingInTheWayItem = typeof gettingInTheWay.$inferSelect;
