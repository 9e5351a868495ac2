/**
 * The use cases of actions: adding one (from the actions page or a reflection) and changing one.
 * See server/use-cases.ts for what a use case owns.
 */
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Action, ActionStatus } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { type Acting, type Written, savedOrStale } from '../use-cases.js';
import type { ActionChange, ActionFields } from './form.js';
import { createAction, updateAction } from './queries.js';

/** An action raised on the site's actions page, or at a weekly reflection (then `reflectionId`). */
export async function addAction(
  db: Db,
  actor: Acting,
  input: { siteId: number; fields: ActionFields; raisedOn: IsoDate; reflectionId?: number },
): Promise<Action> {
  return db.transaction(async (tx) => {
    const origin = { raisedOn: input.raisedOn, ...(input.reflectionId === undefined ? {} : { reflectionId: input.reflectionId }) };
    const action = await createAction(tx, input.siteId, input.fields, origin, actor.userId);
    await recordAudit(
      tx,
      actor,
      input.reflectionId === undefined
        ? { action: 'action.added', recordType: 'action', recordId: action.id, details: { siteId: input.siteId } }
        : { action: 'action.raised', recordType: 'action', recordId: action.id, details: { reflectionId: input.reflectionId } },
    );
    return action;
  });
}

/**
 * Saves a change to an action read at `version`: stale, with nothing written, if someone has saved
 * it since. A new status or note is kept as a review too.
 */
export async function changeAction(
  db: Db,
  actor: Acting,
  input: {
    siteId: number;
    action: { id: number; status: ActionStatus; closedOn: IsoDate | null };
    version: number;
    change: ActionChange;
    today: IsoDate;
  },
): Promise<Written<Action>> {
  const { siteId, action, version, change } = input;
  return savedOrStale(
    db,
    actor,
    (tx) =>
      updateAction(tx, { siteId, id: action.id, version, status: action.status, closedOn: action.closedOn }, change, {
        userId: actor.userId,
        today: input.today,
      }),
    (updated) => ({
      action: 'action.changed',
      recordType: 'action',
      recordId: action.id,
      details: { siteId, version: updated.version, ...(change.review ? { status: change.review.status } : {}) },
    }),
  );
}
