import { and, eq, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actionReviews, actions, type Action, type ActionStatus } from '../db/schema.js';
import { bumpBoardRevision } from '../sites/team.js';
import type { ActionFields } from './form.js';

export interface ActionOrigin {
  raisedOn: IsoDate;
  huddleId?: number | null;
  reflectionId?: number | null;
}

/** Call inside a transaction: the board's revision moves with the new action. */
export async function createAction(tx: Db, siteId: number, fields: ActionFields, origin: ActionOrigin, createdBy: number): Promise<Action> {
  const [action] = await tx
    .insert(actions)
    .values({ siteId, ...fields, raisedOn: origin.raisedOn, huddleId: origin.huddleId ?? null, reflectionId: origin.reflectionId ?? null, createdBy })
    .returning();
  await bumpBoardRevision(tx, siteId);
  return action;
}

export async function findAction(db: Db, siteId: number, id: number): Promise<Action | undefined> {
  const [action] = await db.select().from(actions).where(and(eq(actions.siteId, siteId), eq(actions.id, id)));
  return action;
}

/**
 * Records a review if nobody has changed the action since `version` was read; undefined when
 * someone has, so the caller can show both versions. Call inside a transaction.
 */
export async function reviewAction(
  tx: Db,
  action: { siteId: number; id: number; version: number },
  review: { status: ActionStatus; note: string; huddleId?: number | null; reviewedBy: number; today: IsoDate },
): Promise<Action | undefined> {
  const [updated] = await tx
    .update(actions)
    .set({
      status: review.status,
      statusNote: review.note,
      closedOn: review.status === 'open' ? null : review.today,
      version: sql`${actions.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(actions.siteId, action.siteId), eq(actions.id, action.id), eq(actions.version, action.version)))
    .returning();
  if (!updated) return undefined;
  await tx.insert(actionReviews).values({ actionId: action.id, huddleId: review.huddleId ?? null, status: review.status, note: review.note, reviewedBy: review.reviewedBy });
  await bumpBoardRevision(tx, action.siteId);
  return updated;
}
