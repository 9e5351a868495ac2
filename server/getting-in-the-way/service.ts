/**
 * The use cases of the log of what is getting in the way: raising an item from the log and
 * changing one. See server/use-cases.ts for what a use case owns.
 */
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { GettingInTheWayItem } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { type Acting, type Written, savedOrStale } from '../use-cases.js';
import type { ItemFields } from './form.js';
import { createItem, updateItem } from './queries.js';

export async function raiseItem(
  db: Db,
  acting: Acting,
  input: { siteId: number; fields: ItemFields; raisedOn: IsoDate },
): Promise<GettingInTheWayItem> {
  return db.transaction(async (tx) => {
    const item = await createItem(tx, input.siteId, input.fields, { raisedOn: input.raisedOn }, acting.userId);
    await recordAudit(tx, acting, {
      action: 'getting-in-the-way.added',
      recordType: 'getting-in-the-way',
      recordId: item.id,
      details: { siteId: input.siteId, status: item.status },
    });
    return item;
  });
}

/** Saves a change to an item read at `version`; stale, with nothing written, if someone has saved it since. */
export async function changeItem(
  db: Db,
  acting: Acting,
  input: {
    item: { siteId: number; id: number; status: string; resolvedOn: IsoDate | null };
    version: number;
    fields: ItemFields;
    today: IsoDate;
  },
): Promise<Written<GettingInTheWayItem>> {
  return savedOrStale(
    db,
    acting,
    (tx) => updateItem(tx, { ...input.item, version: input.version }, input.fields, input.today),
    (updated) => ({
      action: 'getting-in-the-way.changed',
      recordType: 'getting-in-the-way',
      recordId: input.item.id,
      details: { siteId: input.item.siteId, version: updated.version, status: updated.status },
    }),
  );
}
