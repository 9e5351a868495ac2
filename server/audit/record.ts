import type { Request, Response } from 'express';
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
