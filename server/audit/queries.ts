import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { auditLog, users } from '../db/schema.js';
import type { AuditSearch } from './search.js';

export const AUDIT_PAGE_SIZE = 100;

export interface AuditRow {
  id: number;
  at: Date;
  /** `at` to the microsecond, which a JavaScript Date cannot hold: where the next CSV batch starts. */
  atKey: string;
  userId: number | null;
  userName: string | null;
  userEmail: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  atKey: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  userId: auditLog.userId,
  userName: users.name,
  userEmail: users.email,
  action: auditLog.action,
  recordType: auditLog.recordType,
  recordId: auditLog.recordId,
  ip: auditLog.ip,
  details: auditLog.details,
};

/** Midnight at the start of a day in Europe/London, as an instant. */
const londonMidnight = (date: string) => sql`(${date}::date)::timestamp at time zone 'Europe/London'`;

/**
 * The search as SQL. The person is matched among accounts first, so the log is read through
 * its (user_id, at) index; the record through (record_type, record_id); dates through (at).
 */
function matching(db: Db, search: AuditSearch): SQL | undefined {
  // ICU folds every letter's case, whatever the database's locale.
  const contains = (column: SQL, text: string) => sql`strpos(lower(${column} collate "und-x-icu"), lower(${text} collate "und-x-icu")) > 0`;
  return and(
    search.person
      ? inArray(
          auditLog.userId,
          db
            .select({ id: users.id })
            .from(users)
            .where(or(contains(sql`${users.email}`, search.person), contains(sql`${users.name}`, search.person))),
        )
      : undefined,
    search.recordType ? eq(auditLog.recordType, search.recordType) : undefined,
    search.recordId ? eq(auditLog.recordId, search.recordId) : undefined,
    search.from ? gte(auditLog.at, londonMidnight(search.from)) : undefined,
    search.to ? lt(auditLog.at, sql`${londonMidnight(search.to)} + interval '1 day'`) : undefined,
  );
}

/** One page of matching entries, newest first, and how many match in all. */
export async function searchAudit(db: Db, search: AuditSearch, page: number): Promise<{ rows: AuditRow[]; total: number }> {
  const where = matching(db, search);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(columns)
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows, total };
}

/** The next batch of matching entries after `after`, newest first: the CSV download reads the log this way, a batch at a time. */
export async function auditBatch(
  db: Db,
  search: AuditSearch,
  after: { atKey: string; id: number } | undefined,
  limit: number,
): Promise<AuditRow[]> {
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(
      and(matching(db, search), after ? sql`(${auditLog.at}, ${auditLog.id}) < (${after.atKey}::timestamptz, ${after.id})` : undefined),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
