import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db/connection.js';

const FAILED = ['sign-in.failed', 'sign-in.second-step-failed', 'sign-in.locked'];

/** Failed attempts on the account since its last successful sign-in, from the audit log. */
export async function failedSignInsSinceLastSignIn(db: Db, userId: number): Promise<number> {
  const [row] = await db.execute<{ count: number }>(sql`
    select count(*)::int as count from audit_log
    where record_type = 'user' and record_id = ${String(userId)} and action in ${FAILED}
      and at > coalesce((select max(at) from audit_log where record_type = 'user' and record_id = ${String(userId)} and action = 'sign-in.succeeded'), '-infinity')`);
  return row.count;
}

export interface SignInEvent {
  /** "3 Dec 2026, 16:05", in England. */
  when: string;
  what: string;
  ip: string | null;
}

const WHAT: Record<string, string> = {
  'sign-in.failed': 'Wrong password',
  'sign-in.second-step-failed': 'Wrong code',
  'locked:unknown-browsers': 'Locked for browsers the account has not signed in on, for 15 minutes',
  'locked:this-browser': 'Locked for that browser, for 15 minutes',
  'locked:second-step': 'Locked for wrong codes, for 15 minutes',
};

/** The account's failed and locked sign-ins in the last 30 days, newest first, for its owner and administrators. */
export async function recentFailedSignIns(db: Db, userId: number, limit = 20): Promise<SignInEvent[]> {
  const rows = await db.execute<{ at: Date; action: string; ip: string | null; scope: string | null }>(sql`
    select at, action, ip, details->>'scope' as scope from audit_log
    where record_type = 'user' and record_id = ${String(userId)} and action in ${FAILED} and at > now() - interval '30 days'
    order by at desc, id desc limit ${limit}`);
  return rows.map((row) => ({
    when: DateTime.fromJSDate(new Date(row.at)).setZone('Europe/London').toFormat('d LLL yyyy, HH:mm'),
    what: WHAT[row.action === 'sign-in.locked' ? `locked:${row.scope}` : row.action] ?? 'Locked',
    ip: row.ip,
  }));
}
