/** The use case of marking a change date on a site's measures. See server/use-cases.ts. */
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { measureChanges, type MeasureChange } from '../db/schema.js';
import { audited, type Acting } from '../use-cases.js';

export async function markMeasureChange(
  db: Db,
  acting: Acting,
  input: { siteId: number; date: IsoDate; label: string },
): Promise<MeasureChange> {
  return audited(
    db,
    acting,
    async (tx) => {
      const [change] = await tx
        .insert(measureChanges)
        .values({ siteId: input.siteId, date: input.date, label: input.label, createdBy: acting.userId })
        .returning();
      return change;
    },
    (change) => ({
      action: 'measures.change-added',
      recordType: 'measure-change',
      recordId: change.id,
      details: { siteId: input.siteId, date: input.date, label: input.label },
    }),
  );
}
