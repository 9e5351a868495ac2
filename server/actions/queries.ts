import { and, asc, eq, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actionReviews, actions, huddles, users, type Action, type ActionStatus } from '../db/schema.js';
import type { ActionChange, ActionFields } from './form.js';

export interface ActionOrigin {
  raisedOn: IsoDate;
  huddleId?: number | null;
  reflectionId?: number | null;
}

/** Call inside a transaction: the board's revision moves with the new action. */
export async function createAction(tx: Db, siteId: number, fields: ActionFields, origin: ActionOrigin, createdBy: number): Promise<Action> {
  const action = await createActionOnce(tx, siteId, fields, origin, createdBy, null);
  // Without a form key there is nothing to be a repeat of: an action is always made.
  if (!action) throw new Error('An action without a form key was not created');
  return action;
}

/** As createAction, but undefined when this form (by its key) has added its action already. */
export async function createActionOnce(
  tx: Db,
  siteId: number,
  fields: ActionFields,
  origin: ActionOrigin,
  createdBy: number,
  formKey: string | null,
): Promise<Action | undefined> {
  const [action] = await tx
    .insert(actions)
    .values({
      siteId,
      ...fields,
      raisedOn: origin.raisedOn,
      huddleId: origin.huddleId ?? null,
      reflectionId: origin.reflectionId ?? null,
      createdBy,
      formKey,
    })
    .onConflictDoNothing({ target: actions.formKey })
    .returning();
  return action;
}

export async function findAction(db: Db, siteId: number, id: number): Promise<Action | undefined> {
  const [action] = await db
    .select()
    .from(actions)
    .where(and(eq(actions.siteId, siteId), eq(actions.id, id)));
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
  await tx.insert(actionReviews).values({
    actionId: action.id,
    huddleId: review.huddleId ?? null,
    status: review.status,
    note: review.note,
    reviewedBy: review.reviewedBy,
  });
  return updated;
}

/**
 * Saves a changed action if nobody has changed it since `version` was read; undefined when
 * someone has. A new status or note is also kept as a review. Call inside a transaction.
 */
export async function updateAction(
  tx: Db,
  action: { siteId: number; id: number; version: number; status: ActionStatus; closedOn: IsoDate | null },
  change: ActionChange,
  by: { userId: number; today: IsoDate },
): Promise<Action | undefined> {
  const status = change.review?.status ?? action.status;
  const closedOn = status === 'open' ? null : status === action.status ? action.closedOn : by.today;
  const [updated] = await tx
    .update(actions)
    .set({
      ...change.fields,
      ...(change.review ? { status, statusNote: change.review.note } : {}),
      closedOn,
      version: sql`${actions.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(actions.siteId, action.siteId), eq(actions.id, action.id), eq(actions.version, action.version)))
    .returning();
  if (!updated) return undefined;
  if (change.review)
    await tx.insert(actionReviews).values({ actionId: action.id, status, note: change.review.note, reviewedBy: by.userId });
  return updated;
}

export interface ActionReviewRow {
  id: number;
  status: ActionStatus;
  note: string;
  reviewedAt: Date;
  reviewerName: string | null;
  huddleDate: IsoDate | null;
}

/** An action's reviews, oldest first, with who reviewed it and at which huddle. */
export async function reviewsOf(db: Db, actionId: number): Promise<ActionReviewRow[]> {
  return db
    .select({
      id: actionReviews.id,
      status: actionReviews.status,
      note: actionReviews.note,
      reviewedAt: actionReviews.reviewedAt,
      reviewerName: users.name,
      huddleDate: huddles.date,
    })
    .from(actionReviews)
    .leftJoin(users, eq(users.id, actionReviews.reviewedBy))
    .leftJoin(huddles, eq(huddles.id, actionReviews.huddleId))
    .where(eq(actionReviews.actionId, actionId))
    .orderBy(asc(actionReviews.reviewedAt), asc(actionReviews.id));
}

/** Removes an action added by mistake, with its reviews, if it is still at `version`. False when it has changed or gone. */
export async function removeAction(tx: Db, siteId: number, id: number, version: number): Promise<boolean> {
  const [held] = await tx.execute(sql`select id from actions where site_id = ${siteId} and id = ${id} and version = ${version} for update`);
  if (!held) return false;
  await tx.delete(actionReviews).where(eq(actionReviews.actionId, id));
  await tx.delete(actions).where(eq(actions.id, id));
  return true;
}
