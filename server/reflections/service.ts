/**
 * The use cases of a weekly reflection: starting one, saving its parts, raising or bringing back
 * what is getting in the way, and the wellbeing check. See server/use-cases.ts for what a use
 * case owns. (Actions raised at a reflection are the actions' use case, actions/service.ts.)
 */
import { sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { GettingInTheWayItem, Reflection } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import type { ItemFields } from '../getting-in-the-way/form.js';
import { createItem, mentionItem } from '../getting-in-the-way/queries.js';
import type { Acting } from '../use-cases.js';
import type { Part } from './form.js';
import { createReflection, isBroughtTo, saveParts } from './queries.js';
import { answerWellbeing, closeWellbeing } from './wellbeing.js';

/** The week's reflection, made if nobody has started it yet (then audited). */
export async function startReflection(
  db: Db,
  acting: Acting,
  input: { siteId: number; week: { weekStart: IsoDate; heldOn: IsoDate } },
): Promise<{ reflection: Reflection; created: boolean }> {
  return db.transaction(async (tx) => {
    const made = await createReflection(tx, input.siteId, input.week, acting.userId);
    if (made.created) {
      await recordAudit(tx, acting, {
        action: 'reflection.started',
        recordType: 'reflection',
        recordId: made.reflection.id,
        details: { siteId: input.siteId, ...input.week },
      });
    }
    return made;
  });
}

/**
 * Saves each edited part read at its version. Parts someone has saved since are stale and left
 * as they are; the others are saved, and audited together.
 */
export async function saveReflectionParts(
  db: Db,
  acting: Acting,
  input: {
    reflection: { siteId: number; id: number; version: number };
    edits: { part: Part; text: string; version: number | undefined }[];
  },
): Promise<{ saved: Part[]; stale: Part[] }> {
  return db.transaction(async (tx) => {
    const result = await saveParts(tx, input.reflection, input.edits);
    if (result.saved.length) {
      await recordAudit(tx, acting, {
        action: 'reflection.saved',
        recordType: 'reflection',
        recordId: input.reflection.id,
        details: { version: result.reflection?.version ?? input.reflection.version, parts: result.saved },
      });
    }
    return { saved: result.saved, stale: result.stale };
  });
}

/** A new item for the log, raised at the reflection and mentioned there. */
export async function raiseItemAtReflection(
  db: Db,
  acting: Acting,
  input: { siteId: number; reflectionId: number; fields: ItemFields; raisedOn: IsoDate },
): Promise<GettingInTheWayItem> {
  return db.transaction(async (tx) => {
    const item = await createItem(
      tx,
      input.siteId,
      input.fields,
      { raisedOn: input.raisedOn, reflectionId: input.reflectionId },
      acting.userId,
    );
    await mentionItem(tx, item, { reflectionId: input.reflectionId });
    await recordAudit(tx, acting, {
      action: 'getting-in-the-way.raised',
      recordType: 'getting_in_the_way',
      recordId: item.id,
      details: { reflectionId: input.reflectionId },
    });
    return item;
  });
}

/** Brings an open item back to the reflection; bringing it twice, even at once (a double click), changes nothing. */
export async function bringItemBack(
  db: Db,
  acting: Acting,
  input: { reflectionId: number; item: { siteId: number; id: number } },
): Promise<'brought' | 'already'> {
  return db.transaction(async (tx) => {
    // The item's row is locked first, so a double click's second request waits and then sees the first's mention.
    await tx.execute(sql`select id from getting_in_the_way where id = ${input.item.id} for update`);
    if (await isBroughtTo(tx, input.reflectionId, input.item.id)) return 'already';
    await mentionItem(tx, input.item, { reflectionId: input.reflectionId });
    await recordAudit(tx, acting, {
      action: 'getting-in-the-way.brought-back',
      recordType: 'getting_in_the_way',
      recordId: input.item.id,
      details: { reflectionId: input.reflectionId },
    });
    return 'brought';
  });
}

/** One person's answer to the week's wellbeing check. Not audited as each person answers: the closing is, with who answered (wellbeing.ts). */
export async function answerWellbeingCheck(
  db: Db,
  acting: Acting,
  input: { reflectionId: number; answer: { score: number; word: string }; today: IsoDate },
): Promise<'recorded' | 'already' | 'closed'> {
  return db.transaction((tx) => answerWellbeing(tx, input.reflectionId, acting.userId, input.answer, input.today));
}

/** Closes the wellbeing check (its results are shown from then on), audited; false if it had closed already. */
export async function closeWellbeingCheck(
  db: Db,
  acting: Acting,
  input: { siteId: number; reflectionId: number; today: IsoDate },
): Promise<boolean> {
  return db.transaction((tx) =>
    closeWellbeing(tx, input.reflectionId, { userId: acting.userId, today: input.today }, (details) =>
      recordAudit(tx, acting, {
        action: 'reflection.wellbeing-closed',
        recordType: 'reflection',
        recordId: input.reflectionId,
        details: { siteId: input.siteId, ...details },
      }),
    ),
  );
}
