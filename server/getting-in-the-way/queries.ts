import { and, eq } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { gettingInTheWay, gettingInTheWayMentions, type GettingInTheWayItem } from '../db/schema.js';
import { bumpBoardRevision } from '../sites/team.js';
import type { ItemFields } from './form.js';

const CLOSED = ['resolved', 'cannot_change'];

export function isClosed(item: { status: string }): boolean {
  return CLOSED.includes(item.status);
}

/** Call inside a transaction. */
export async function createItem(
  tx: Db,
  siteId: number,
  fields: ItemFields,
  origin: { raisedOn: IsoDate; huddleId?: number | null; reflectionId?: number | null },
  createdBy: number,
): Promise<GettingInTheWayItem> {
  const [item] = await tx
    .insert(gettingInTheWay)
    .values({
      siteId,
      ...fields,
      raisedOn: origin.raisedOn,
      resolvedOn: fields.status === 'resolved' ? origin.raisedOn : null,
      huddleId: origin.huddleId ?? null,
      reflectionId: origin.reflectionId ?? null,
      createdBy,
    })
    .returning();
  await bumpBoardRevision(tx, siteId);
  return item;
}

export async function findItem(db: Db, siteId: number, id: number): Promise<GettingInTheWayItem | undefined> {
  const [item] = await db.select().from(gettingInTheWay).where(and(eq(gettingInTheWay.siteId, siteId), eq(gettingInTheWay.id, id)));
  return item;
}

/** Brings an item back to a huddle or reflection; doing it twice changes nothing. Call inside a transaction. */
export async function mentionItem(tx: Db, item: { siteId: number; id: number }, at: { huddleId: number } | { reflectionId: number }, note = ''): Promise<void> {
  await tx
    .insert(gettingInTheWayMentions)
    .values({ itemId: item.id, note, ...at })
    .onConflictDoNothing();
  await bumpBoardRevision(tx, item.siteId);
}
