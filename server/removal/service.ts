import type { Db } from '../db/connection.js';
import { recordAudit } from '../audit/record.js';
import type { Acting } from '../use-cases.js';
import type { Place, Removable } from './routes.js';

/**
 * The use case of removing a record added by mistake: deleted if it is still at `version`, with
 * its audit entry, in one transaction; false (nothing written) when it has changed or gone.
 */
export async function removeRecord<R extends { id: number; version: number }>(
  db: Db,
  acting: Acting,
  kind: Pick<Removable<R>, 'remove' | 'action' | 'recordType'>,
  input: { place: Place; record: R; version: number },
): Promise<boolean> {
  const { place, record, version } = input;
  return db.transaction(async (tx) => {
    if (!(await kind.remove(tx, place, record, version))) return false;
    await recordAudit(tx, acting, {
      action: kind.action,
      recordType: kind.recordType,
      recordId: record.id,
      details: { siteId: place.site.id, ...place.details, reason: 'added by mistake', version },
    });
    return true;
  });
}
