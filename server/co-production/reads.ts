/**
 * What the audit log keeps of experts by experience reading packs: every refusal, whatever its
 * reason (the page itself is the same 404 for all of them). Named here so the loader says what
 * it records.
 */
import type { Db } from '../db/connection.js';
import { recordAudit, type Actor } from '../audit/record.js';

export function sharedPackRefused(db: Db, actor: Actor, packId: number, details: { reason: string; path: string }): Promise<void> {
  return recordAudit(db, actor, { action: 'co-production.refused', recordType: 'show-and-tell', recordId: packId, details });
}
