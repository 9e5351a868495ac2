/**
 * The use cases that change a show-and-tell pack: preparing it, its sections, its status, sharing
 * and attendance, and answering the group's feedback. See server/use-cases.ts for what a use case
 * owns. A pack that has been presented is frozen: a change to it answers `{ frozen: true }`.
 */
import type { Db } from '../db/connection.js';
import type { FeedbackAnswer, ShowAndTellFeedback, ShowAndTellPack, ShowAndTellSection } from '../db/schema.js';
import { recordAudit, type AuditEntry } from '../audit/record.js';
import type { IsoDate } from '../calendar/fortnights.js';
import { audited, STALE, type Acting, type Written } from '../use-cases.js';
import { changePack, freezePack, type PackChange } from './status.js';
import type { PackSnapshot } from './shown.js';
import { answerFeedback, keepFeedback, type NewFeedback } from './feedback.js';
import {
  addSection,
  createPack,
  moveSection,
  removeSection,
  saveSection,
  type Change,
  type NewSection,
  type SectionFields,
} from './queries.js';

const packEntry = (packId: number, action: string, details: Record<string, unknown>): AuditEntry => ({
  action,
  recordType: 'show-and-tell',
  recordId: packId,
  details,
});

/**
 * One change to a pack in a transaction with its audit entry, written only when the change was
 * saved (`audit` says what to record of it, or nothing for a change that changed nothing).
 */
export async function packChange<T>(
  db: Db,
  acting: Acting,
  write: (tx: Db) => Promise<Change<T>>,
  audit: (saved: T) => AuditEntry | undefined,
): Promise<Change<T>> {
  return audited(db, acting, write, (changed) => ('saved' in changed ? audit(changed.saved) : undefined));
}

/** What each change to the pack itself is audited as. */
function packChangeAction(change: PackChange): string {
  if ('status' in change) return `show-and-tell.${change.status}`;
  if ('sharedWithGroup' in change) return change.sharedWithGroup ? 'show-and-tell.shared' : 'show-and-tell.unshared';
  return 'show-and-tell.attendance';
}

/**
 * Changes the pack itself (draft or ready, sharing with the group, attendance) read at
 * `version`: stale when anyone changed the pack since, so of two changes sent at once from the
 * same page one is saved and the other shown both versions.
 */
export function changePackItself(
  db: Db,
  acting: Acting,
  input: { packId: number; version: number; change: PackChange },
): Promise<Change<ShowAndTellPack>> {
  const { change } = input;
  return packChange(
    db,
    acting,
    (tx) => changePack(tx, input.packId, input.version, change),
    (saved) =>
      packEntry(input.packId, packChangeAction(change), { ...('attendance' in change ? change.attendance : {}), version: saved.version }),
  );
}

/**
 * Marks the pack presented and freezes what was shown (`snapshot`, made from `sections` as read):
 * stale if the pack or any section changed since; `early` when it was before its date.
 */
export function presentPack(
  db: Db,
  acting: Acting,
  input: {
    packId: number;
    version: number;
    sections: Pick<ShowAndTellSection, 'id' | 'version'>[];
    snapshot: PackSnapshot;
    today: IsoDate;
    early?: { showAndTellDate: IsoDate };
  },
): Promise<Change<ShowAndTellPack>> {
  return packChange(
    db,
    acting,
    (tx) => freezePack(tx, input.packId, input.version, input.sections, input.snapshot, { userId: acting.userId, today: input.today }),
    (saved) =>
      packEntry(input.packId, 'show-and-tell.presented', {
        presentedOn: input.today,
        ...(input.early ? { early: true, showAndTellDate: input.early.showAndTellDate } : {}),
        version: saved.version,
      }),
  );
}

/** Prepares the fortnight's pack from its records and the stories offered; undefined when someone prepared it first. */
export async function preparePack(
  db: Db,
  acting: Acting,
  input: { siteId: number; fortnight: number; sections: NewSection[] },
): Promise<ShowAndTellPack | undefined> {
  return db.transaction(async (tx) => {
    const pack = await createPack(tx, input.siteId, input.fortnight, input.sections, acting.userId);
    if (pack)
      await recordAudit(tx, acting, {
        action: 'show-and-tell.prepared',
        recordType: 'show-and-tell',
        recordId: pack.id,
        details: { siteId: input.siteId, fortnight: input.fortnight },
      });
    return pack;
  });
}

export function addPackSection(db: Db, acting: Acting, packId: number, section: NewSection): Promise<Change<ShowAndTellSection>> {
  return packChange(
    db,
    acting,
    (tx) => addSection(tx, packId, section),
    (saved) => packEntry(packId, 'show-and-tell.section-added', { sectionId: saved.id }),
  );
}

export function changePackSection(
  db: Db,
  acting: Acting,
  input: { packId: number; sectionId: number; version: number; fields: SectionFields },
): Promise<Change<ShowAndTellSection>> {
  return packChange(
    db,
    acting,
    (tx) => saveSection(tx, input.packId, input.sectionId, input.version, input.fields),
    (saved) => packEntry(input.packId, 'show-and-tell.section-changed', { sectionId: input.sectionId, version: saved.version }),
  );
}

/** Moves a section up or down; saved false (and nothing audited) when it is already first or last. */
export function movePackSection(
  db: Db,
  acting: Acting,
  input: { packId: number; sectionId: number; direction: 'up' | 'down' },
): Promise<Change<boolean>> {
  return packChange(
    db,
    acting,
    (tx) => moveSection(tx, input.packId, input.sectionId, input.direction),
    (moved) =>
      moved
        ? packEntry(input.packId, 'show-and-tell.section-moved', { sectionId: input.sectionId, direction: input.direction })
        : undefined,
  );
}

export function removePackSection(
  db: Db,
  acting: Acting,
  input: { packId: number; section: { id: number; title: string }; version: number },
): Promise<Change<true>> {
  return packChange(
    db,
    acting,
    (tx) => removeSection(tx, input.packId, input.section.id, input.version),
    () => packEntry(input.packId, 'show-and-tell.section-removed', { sectionId: input.section.id, title: input.section.title }),
  );
}

/** Answers the co-production group's feedback, read at `version`: stale if someone answered it since. */
export async function answerPackFeedback(
  db: Db,
  acting: Acting,
  input: {
    feedback: { packId: number; id: number };
    version: number;
    fields: { answer: FeedbackAnswer; answerText: string };
    today: IsoDate;
  },
): Promise<Written<ShowAndTellFeedback>> {
  return db.transaction(async (tx) => {
    const answered = await answerFeedback(tx, { ...input.feedback, version: input.version }, input.fields, {
      userId: acting.userId,
      today: input.today,
    });
    if (!answered) return STALE;
    await recordAudit(tx, acting, {
      action: 'show-and-tell.feedback-answered',
      recordType: 'show-and-tell-feedback',
      recordId: input.feedback.id,
      details: { answer: input.fields.answer, version: answered.version },
    });
    return { saved: answered };
  });
}

/**
 * Keeps a co-production group member's feedback. Named feedback is audited with it; anonymous
 * feedback is kept alone and audited later in a batch, so the log cannot tie it to its giver
 * (see keepFeedback).
 */
export async function giveFeedback(
  db: Db,
  acting: Acting,
  input: { feedback: NewFeedback; anonymous: boolean; today: IsoDate },
): Promise<ShowAndTellFeedback> {
  const by = { userId: acting.userId, anonymous: input.anonymous, today: input.today };
  if (input.anonymous) return keepFeedback(db, input.feedback, by);
  return db.transaction(async (tx) => {
    const given = await keepFeedback(tx, input.feedback, by);
    await recordAudit(tx, acting, {
      action: 'show-and-tell.feedback-given',
      recordType: 'show-and-tell-feedback',
      recordId: given.id,
      details: { packId: input.feedback.packId, anonymous: false },
    });
    return given;
  });
}
