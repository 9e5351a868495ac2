import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { PendingQuery, Row } from 'postgres';
import { sqlOf, type Db, type Sql } from '../db/connection.js';
import { actorOf, recordAudit } from '../audit/record.js';
import type { FlashKey } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { loadHuddleDay } from './load.js';
import { afterChange, prefixed, showBoard, type BoardContext, type Section } from './board-view.js';
import { ensureHuddle } from './queries.js';
import { type TeamMember } from '../sites/team.js';

export async function huddleContext(
  db: Db,
  req: Request,
  res: Response,
  today: () => IsoDate,
): Promise<BoardContext & { team: TeamMember[] }> {
  return { ...(await loadHuddleDay(db, req, res, today())), today: today() };
}

/**
 * One change to a huddle, in one transaction with its audit entry: the huddle is made if this is
 * its first record, and a change after the huddle closed says so in the audit log.
 */
export async function changeHuddle(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  change: { section: Section; flash: FlashKey; action: string; recordType: string },
  write: (tx: Db, huddleId: number) => Promise<number | string | undefined | null>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const huddle = context.huddle ?? (await ensureHuddle(tx, context.site.id, context.date));
    const recordId = await write(tx, huddle.id);
    // null: nothing was written (the same form sent again): nothing to audit, and the answer is as before.
    if (recordId === null) return;
    await recordAudit(tx, actorOf(req, res), {
      action: change.action,
      recordType: change.recordType,
      recordId: recordId ?? huddle.id,
      details: { siteId: context.site.id, date: context.date, ...(huddle.closedAt ? { afterClose: true } : {}) },
    });
  });
  await afterChange(db, req, res, context, change.section, change.flash);
}

/**
 * A change that is one new record: made, marked for the boards and audited in a single statement,
 * its own transaction, so no connection is held open while the app works between statements (the
 * adds a huddle makes most, by everyone at once). The day's first record makes its huddle too, in
 * a transaction as changeHuddle does.
 */
export async function addToHuddle(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  change: { section: Section; flash: FlashKey; action: string; recordType: string },
  insert: (sql: Sql, huddleId: number) => PendingQuery<Row[]>,
): Promise<void> {
  const siteId = context.site.id;
  if (!context.huddle) {
    return changeHuddle(db, req, res, context, change, async (tx, huddleId) => {
      const [row] = await insert(sqlOf(tx), huddleId);
      if (!row) return null;
      return (row as { id: number }).id;
    });
  }
  const sql = sqlOf(db);
  const actor = actorOf(req, res);
  const details = { siteId, date: context.date, ...(context.huddle.closedAt ? { afterClose: true } : {}) };
  await sql`
    -- drizzle has postgres.js leave JSON as it is given, so the details go as text.
    with written as (${insert(sql, context.huddle.id)}),
    audited as (
      insert into audit_log (user_id, ip, action, record_type, record_id, details)
      select ${actor.userId}, ${actor.ip}, ${change.action}, ${change.recordType}, written.id::text, ${JSON.stringify(details)}::jsonb from written)
    select id from written`;
  await afterChange(db, req, res, context, change.section, change.flash);
}

/** The key an add form carried (see http/kept-pages.ts formKeyOf); null for one without, or a made-up value. */
export function formKeyFrom(body: unknown): string | null {
  const key = (body as Record<string, unknown> | undefined)?.formKey;
  return typeof key === 'string' && /^[\w-]{22}$/.test(key) ? key : null;
}

/** The board again with one form's answers and errors: 422, nothing saved. */
export function refuse(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  section: Section,
  form: { name: string; answers: unknown; errors?: FormErrors },
): Promise<void> {
  return showBoard(db, req, res, context, { section, status: 422, form: { ...form, errors: prefixed(form.errors, form.name) } });
}
