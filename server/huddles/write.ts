import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actorOf, recordAudit } from '../audit/record.js';
import type { FlashKey } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { loadHuddleDay } from './load.js';
import { afterChange, prefixed, showBoard, type BoardContext, type Section } from './board-view.js';
import { ensureHuddle } from './queries.js';
import type { TeamMember } from '../sites/team.js';

export async function huddleContext(db: Db, req: Request, res: Response, today: () => IsoDate): Promise<BoardContext & { team: TeamMember[] }> {
  return { ...(await loadHuddleDay(db, req, res, today())), today: today() };
}

/**
 * One change to a huddle, in one transaction with its audit entry: the huddle is made if this is
 * its first record, and a change after the huddle closed says so in the audit log.
 */
export async function changeHuddle(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  change: { section: Section; flash: FlashKey; action: string; recordType: string },
  write: (tx: Db, huddleId: number) => Promise<number | string | undefined>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const huddle = context.huddle ?? (await ensureHuddle(tx, context.site.id, context.date));
    const recordId = await write(tx, huddle.id);
    await recordAudit(tx, actorOf(req, res), {
      action: change.action,
      recordType: change.recordType,
      recordId: recordId ?? huddle.id,
      details: { siteId: context.site.id, date: context.date, ...(huddle.closedAt ? { afterClose: true } : {}) },
    });
  });
  await afterChange(db, req, res, context, change.section, change.flash);
}

/** The board again with one form's answers and errors: 422, nothing saved. */
export function refuse(db: Db, req: Request, res: Response, context: BoardContext, section: Section, form: { name: string; answers: unknown; errors?: FormErrors }): Promise<void> {
  return showBoard(db, req, res, context, { section, status: 422, form: { ...form, errors: prefixed(form.errors, form.name) } });
}
