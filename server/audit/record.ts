import type { Request, Response } from 'express';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { auditLog } from '../db/schema.js';

export interface AuditEntry {
  action: string;
  recordType?: string;
  recordId?: string | number;
  details?: Record<string, unknown>;
}

/** Who is acting and from where, for the audit log. */
export interface Actor {
  userId: number | null;
  ip: string | null;
}

/** A signed-in person acting: who every use case is given (server/use-cases.ts). */
export interface Acting extends Actor {
  userId: number;
}

export function actingOf(req: Request, person: { id: number }): Acting {
  return { userId: person.id, ip: req.ip ?? null };
}

/** `userId` names the person when they are not (yet) the signed-in user, as while signing in. */
export function actorOf(req: Request, res: Response, userId: number | null = res.locals.user?.id ?? null): Actor {
  return { userId, ip: req.ip ?? null };
}

/** Appends to the audit log. Pass the transaction that made the change, so both land or neither. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    userId: actor.userId,
    ip: actor.ip,
    action: entry.action,
    recordType: entry.recordType ?? null,
    recordId: entry.recordId === undefined ? null : String(entry.recordId),
    details: entry.details ?? {},
  });
}

/**
 * Writes a refused request (a 403: a role or site the person may not use, or a failed CSRF
 * check) to the audit log. A signed-in person's refusals are all kept; a visitor's are kept at
 * most once a minute an address, so a flood of forged requests cannot flood the log.
 */
export async function recordRefusal(db: Db, req: Request, res: Response, reason: string): Promise<void> {
  const actor = actorOf(req, res);
  const action = reason === 'csrf' ? 'csrf.refused' : 'access.refused';
  const details = JSON.stringify({ method: req.method, path: req.path.slice(0, 200), reason: reason.slice(0, 200) });
  const insert = (tx: Db) =>
    tx.execute(sql`
      insert into audit_log (user_id, ip, action, details)
      select ${actor.userId}, ${actor.ip}, ${action}, ${details}::jsonb
      where ${actor.userId}::int is not null or not exists (
        select 1 from audit_log where at > now() - interval '1 minute' and action = ${action} and user_id is null and ip is not distinct from ${actor.ip})`);
  if (actor.userId !== null) {
    await insert(db);
    return;
  }
  // A visitor's: one address's refusals take turns (a lock for this transaction), so of many sent at
  // once exactly one checks "none this minute" and writes; the rest then see its row.
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`refusal:${action}:${actor.ip ?? ''}`}))`);
    await insert(tx);
  });
}

/**
 * Appends that someone read something (a page of person references, a search of the log). Its
 * commit does not wait for the disk (synchronous_commit off for this one statement): a busy board
 * opened hundreds of times a second would otherwise wait on a disk flush each time. A crash can
 * lose the last fraction of a second of these entries, never corrupt the log; changes are audited
 * with recordAudit, in their own transaction, and wait as they always did.
 */
export async function recordRead(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.execute(sql`
    with relaxed as (select set_config('synchronous_commit', 'off', true))
    insert into audit_log (user_id, ip, action, record_type, record_id, details)
    select ${actor.userId}::int, ${actor.ip}, ${entry.action}, ${entry.recordType ?? null}, ${entry.recordId === undefined ? null : String(entry.recordId)}, ${JSON.stringify(entry.details ?? {})}::jsonb
    from relaxed`);
}
