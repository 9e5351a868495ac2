/**
 * What every use case shares. A use case is a plain function that takes the database, the person
 * acting (and where from), ids and validated input, and owns the whole change: its transaction,
 * its audit entry (in the same transaction, so both land or neither) and, through the database's
 * triggers, the revisions of every kept page it touches. Routes parse, authorise, call one use
 * case and render; the CLI and the demo call the same functions; tests call them without HTTP.
 */
import type { Db } from './db/connection.js';
import { recordAudit, type Acting, type Actor, type AuditEntry } from './audit/record.js';
import { isUniqueViolation } from './http/errors.js';

export type { Acting };

/**
 * The one convention for a write that loses a race: a use case given a version that is no longer
 * the record's answers `{ stale: true }` and writes nothing; the route shows both versions (409).
 */
export type Written<T> = { saved: T; stale?: never } | { stale: true; saved?: never };

export const STALE: { stale: true } = Object.freeze({ stale: true as const });

/**
 * Runs `work`, answering `taken` instead when it broke the unique index `constraint` (a name or
 * a contact already there, or sent twice at once): the one way a use case says "already exists".
 */
export async function unlessTaken<T, Taken>(constraint: string, taken: Taken, work: () => Promise<T>): Promise<T | Taken> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, constraint)) return taken;
    throw error;
  }
}

/**
 * The shape most changes take: in one transaction, `write` saves the record if it is still at the
 * version read (undefined when it is not) and the audit entry `entry` describes is written with
 * it; a write that lost the race is stale and audits nothing.
 */
export async function savedOrStale<T>(
  db: Db,
  acting: Acting,
  write: (tx: Db) => Promise<T | undefined>,
  entry: (saved: T) => AuditEntry,
): Promise<Written<T>> {
  const saved = await audited(db, acting, write, (written) => (written === undefined ? undefined : entry(written)));
  return saved === undefined ? STALE : { saved };
}

/**
 * The shape every other change takes: in one transaction, `work` makes the change and the audit
 * entry `entry` describes from its result is written with it (none when `entry` answers
 * undefined: the change was not needed, and nothing happened to audit).
 */
export async function audited<T>(
  db: Db,
  actor: Actor,
  work: (tx: Db) => Promise<T>,
  entry: (result: T) => AuditEntry | undefined,
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await work(tx);
    const described = entry(result);
    if (described) await recordAudit(tx, actor, described);
    return result;
  });
}
