import { and, asc, eq, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { gettingInTheWay, gettingInTheWayMentions, huddles, reflections, users, type GettingInTheWayItem } from '../db/schema.js';
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
  const item = await createItemOnce(tx, siteId, fields, origin, createdBy, null);
  // Without a form key there is nothing to be a repeat of: an item is always made.
  if (!item) throw new Error('A getting-in-the-way item without a form key was not created');
  return item;
}

/** As createItem, but undefined when this form (by its key) has raised its item already. */
export async function createItemOnce(
  tx: Db,
  siteId: number,
  fields: ItemFields,
  origin: { raisedOn: IsoDate; huddleId?: number | null; reflectionId?: number | null },
  createdBy: number,
  formKey: string | null,
): Promise<GettingInTheWayItem | undefined> {
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
      formKey,
    })
    .onConflictDoNothing({ target: gettingInTheWay.formKey })
    .returning();
  return item;
}

export async function findItem(db: Db, siteId: number, id: number): Promise<GettingInTheWayItem | undefined> {
  const [item] = await db
    .select()
    .from(gettingInTheWay)
    .where(and(eq(gettingInTheWay.siteId, siteId), eq(gettingInTheWay.id, id)));
  return item;
}

/**
 * Brings an item back to a huddle or reflection; doing it twice, even at once, changes nothing
 * (a unique index each): false then. Call inside a transaction.
 */
export async function mentionItem(
  tx: Db,
  item: { siteId: number; id: number },
  at: { huddleId: number } | { reflectionId: number },
  note = '',
): Promise<boolean> {
  const made = await tx
    .insert(gettingInTheWayMentions)
    .values({ itemId: item.id, note, ...at })
    .onConflictDoNothing()
    .returning({ id: gettingInTheWayMentions.id });
  return made.length > 0;
}

/**
 * Saves a changed item if nobody has changed it since `version` was read; undefined when someone
 * has. Resolving sets the day it was resolved; anything else clears it. Call inside a transaction.
 */
export async function updateItem(
  tx: Db,
  item: { siteId: number; id: number; version: number; status: string; resolvedOn: IsoDate | null },
  fields: ItemFields,
  today: IsoDate,
): Promise<GettingInTheWayItem | undefined> {
  const resolvedOn = fields.status !== 'resolved' ? null : item.status === 'resolved' ? item.resolvedOn : today;
  const [updated] = await tx
    .update(gettingInTheWay)
    .set({ ...fields, resolvedOn, version: sql`${gettingInTheWay.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(gettingInTheWay.siteId, item.siteId), eq(gettingInTheWay.id, item.id), eq(gettingInTheWay.version, item.version)))
    .returning();
  if (!updated) return undefined;
  return updated;
}

export interface Mention {
  huddleDate: IsoDate | null;
  reflectionId: number | null;
  reflectionDate: IsoDate | null;
  note: string;
}

/** The huddles and reflections an item was brought back to, in the order it happened. */
export async function mentionsOf(db: Db, itemId: number): Promise<Mention[]> {
  return db
    .select({
      huddleDate: huddles.date,
      reflectionId: gettingInTheWayMentions.reflectionId,
      reflectionDate: reflections.heldOn,
      note: gettingInTheWayMentions.note,
    })
    .from(gettingInTheWayMentions)
    .leftJoin(huddles, eq(huddles.id, gettingInTheWayMentions.huddleId))
    .leftJoin(reflections, eq(reflections.id, gettingInTheWayMentions.reflectionId))
    .where(eq(gettingInTheWayMentions.itemId, itemId))
    .orderBy(asc(gettingInTheWayMentions.createdAt), asc(gettingInTheWayMentions.id));
}

export interface ItemOrigin {
  ownerName: string;
  huddleDate: IsoDate | null;
  reflectionId: number | null;
}

/** Who owns an item and where it was raised, for its page. */
export async function findItemOrigin(
  db: Db,
  item: { ownerId: number; huddleId: number | null; reflectionId: number | null },
): Promise<ItemOrigin> {
  const [owner] = await db.select({ name: users.name }).from(users).where(eq(users.id, item.ownerId));
  const [huddle] = item.huddleId ? await db.select({ date: huddles.date }).from(huddles).where(eq(huddles.id, item.huddleId)) : [];
  return { ownerName: owner?.name ?? '', huddleDate: huddle?.date ?? null, reflectionId: item.reflectionId };
}

/** Removes a log item added by mistake, with the times it was brought back, if it is still at `version`. False when it has changed or gone. */
export async function removeItem(tx: Db, siteId: number, id: number, version: number): Promise<boolean> {
  const [held] = await tx.execute(
    sql`select id from getting_in_the_way where site_id = ${siteId} and id = ${id} and version = ${version} for update`,
  );
  if (!held) return false;
  await tx.delete(gettingInTheWayMentions).where(eq(gettingInTheWayMentions.itemId, id));
  await tx.delete(gettingInTheWay).where(eq(gettingInTheWay.id, id));
  return true;
}
