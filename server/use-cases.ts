/**
 * What every use case shares. A use case is a plain function that takes the database, the person
 * acting (and where from), ids and validated input, and owns the whole change: its transaction,
 * its audit entry (in the same transaction, so both land or neither) and, through the database's
 * triggers, the revisions of every kept page it touches. Routes parse, authorise, call one use
 * case and render; the CLI and the demo call the same functions; tests call them without HTTP.
 */
import { isUniqueViolation } from './http/errors.js';

export type { Acting } from './audit/record.js';

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
