/**
 * What the audit log keeps of people reading the log itself. A search shown on the page is a
 * read (recordRead); a download of it is kept as surely as a change, since the file leaves the
 * tracker. Named here so the route says what it records.
 */
import type { Db } from '../db/connection.js';
import { recordAudit, type Actor } from './record.js';

export function auditExported(db: Db, actor: Actor, search: unknown): Promise<void> {
  return recordAudit(db, actor, { action: 'audit.exported', details: { search } });
}
