/**
 * The use cases that change a day's huddle: any change to its records (see server/use-cases.ts
 * for what a use case owns). The routes in this folder parse, authorise, call one of these and
 * answer with the board (write.ts).
 */
import type { PendingQuery, Row } from 'postgres';
import type { IsoDate } from '../calendar/fortnights.js';
import { sqlOf, type Db, type Sql } from '../db/connection.js';
import { recordAudit } from '../audit/record.js';
import { audited, type Acting } from '../use-cases.js';
import { closeHuddle, ensureHuddle, reopenHuddle, startHuddle } from './queries.js';

/** The huddle a change is to: its site and day, and the huddle as read (null: not made yet). */
export interface HuddleDay {
  siteId: number;
  date: IsoDate;
  huddle?: { id: number; closedAt: string | null } | null;
}

/** What the audit log calls the change. */
export interface HuddleAudit {
  action: string;
  recordType: string;
}

/**
 * One change to a huddle, in one transaction with its audit entry: the huddle is made if this is
 * its first record, and a change after the huddle closed says so in the audit log. `write` returns
 * the record's id, undefined for the huddle itself, or null when nothing was written (the same
 * form sent again): then nothing is audited and the answer is 'unchanged'. A `write` that throws
 * rolls everything back.
 */
export async function changeHuddleRecords(
  db: Db,
  acting: Acting,
  day: HuddleDay,
  audit: HuddleAudit,
  write: (tx: Db, huddleId: number) => Promise<number | string | undefined | null>,
): Promise<'written' | 'unchanged'> {
  return db.transaction(async (tx) => {
    const huddle = day.huddle ?? (await ensureHuddle(tx, day.siteId, day.date));
    const recordId = await write(tx, huddle.id);
    if (recordId === null) return 'unchanged';
    await recordAudit(tx, acting, {
      action: audit.action,
      recordType: audit.recordType,
      recordId: recordId ?? huddle.id,
      details: { siteId: day.siteId, date: day.date, ...(huddle.closedAt ? { afterClose: true } : {}) },
    });
    return 'written';
  });
}

/**
 * A change that is one new record: made and audited in a single statement, its own transaction,
 * so no connection is held open while the app works between statements (the adds a huddle makes
 * most, by everyone at once). The day's first record makes its huddle too, in a transaction as
 * changeHuddleRecords does. `insert` returns the new row's id, or no row when the form was sent before.
 */
export async function addHuddleRecord(
  db: Db,
  acting: Acting,
  day: HuddleDay,
  audit: HuddleAudit,
  insert: (sql: Sql, huddleId: number) => PendingQuery<Row[]>,
): Promise<void> {
  if (!day.huddle) {
    await changeHuddleRecords(db, acting, day, audit, async (tx, huddleId) => {
      const [row] = await insert(sqlOf(tx), huddleId);
      return row ? (row as { id: number }).id : null;
    });
    return;
  }
  const sql = sqlOf(db);
  const details = { siteId: day.siteId, date: day.date, ...(day.huddle.closedAt ? { afterClose: true } : {}) };
  await sql`
    -- drizzle has postgres.js leave JSON as it is given, so the details go as text.
    with written as (${insert(sql, day.huddle.id)}),
    audited as (
      insert into audit_log (user_id, ip, action, record_type, record_id, details)
      select ${acting.userId}, ${acting.ip}, ${audit.action}, ${audit.recordType}, written.id::text, ${JSON.stringify(details)}::jsonb from written)
    select id from written`;
}

/** Starts or closes the day's huddle (making it if nobody has recorded anything yet), audited. */
async function markHuddle(db: Db, acting: Acting, day: { siteId: number; date: IsoDate }, mark: 'started' | 'closed'): Promise<void> {
  await db.transaction(async (tx) => {
    const huddle = await ensureHuddle(tx, day.siteId, day.date);
    await (mark === 'started' ? startHuddle : closeHuddle)(tx, day.siteId, huddle.id, acting.userId);
    await recordAudit(tx, acting, {
      action: `huddle.${mark}`,
      recordType: 'huddle',
      recordId: huddle.id,
      details: { siteId: day.siteId, date: day.date },
    });
  });
}

export const startTheHuddle = (db: Db, acting: Acting, day: { siteId: number; date: IsoDate }) => markHuddle(db, acting, day, 'started');
export const closeTheHuddle = (db: Db, acting: Acting, day: { siteId: number; date: IsoDate }) => markHuddle(db, acting, day, 'closed');

/** The longest reason a lead may give for reopening a huddle. */
export const REOPEN_REASON_MAX = 300;

/**
 * A lead opening a closed huddle again (closed by mistake, or too soon), with their reason in the
 * audit log. False, and nothing audited, when it was not closed (reopened a moment ago by someone else).
 */
export async function reopenTheHuddle(
  db: Db,
  acting: Acting,
  day: { siteId: number; date: IsoDate; huddleId: number },
  reason: string,
): Promise<boolean> {
  return audited(
    db,
    acting,
    (tx) => reopenHuddle(tx, day.siteId, day.huddleId),
    (reopened) =>
      reopened
        ? {
            action: 'huddle.reopened',
            recordType: 'huddle',
            recordId: day.huddleId,
            details: { siteId: day.siteId, date: day.date, reason },
          }
        : undefined,
  );
}
