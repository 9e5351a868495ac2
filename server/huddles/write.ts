import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { PendingQuery, Row } from 'postgres';
import type { Db, Sql } from '../db/connection.js';
import { actingOf } from '../audit/record.js';
import { personOf } from '../http/auth.js';
import { addHuddleRecord, changeHuddleRecords } from './service.js';
import type { FlashKey } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { loadHuddleDay } from './load.js';
import { afterChange, prefixed, showBoard, type BoardContext, type Section } from './board-view.js';
import type { FormOf } from './sections.js';
import { type TeamMember } from '../sites/team.js';

export async function huddleContext(
  db: Db,
  req: Request,
  res: Response,
  today: () => IsoDate,
): Promise<BoardContext & { team: TeamMember[] }> {
  return { ...(await loadHuddleDay(db, req, res, today())), today: today() };
}

/** The day a board context is for, as the use cases take it. */
const dayOf = (context: BoardContext) => ({ siteId: context.site.id, date: context.date, huddle: context.huddle });

/** One change to a huddle through its use case (service.ts), then the board or section again. */
export async function changeHuddle(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  change: { section: Section; flash: FlashKey; action: string; recordType: string },
  write: (tx: Db, huddleId: number) => Promise<number | string | undefined | null>,
): Promise<void> {
  await changeHuddleRecords(db, actingOf(req, personOf(res)), dayOf(context), change, write);
  await afterChange(db, req, res, context, change.section, change.flash);
}

/** One new record through its use case (service.ts), then the board or section again. */
export async function addToHuddle(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  change: { section: Section; flash: FlashKey; action: string; recordType: string },
  insert: (sql: Sql, huddleId: number) => PendingQuery<Row[]>,
): Promise<void> {
  await addHuddleRecord(db, actingOf(req, personOf(res)), dayOf(context), change, insert);
  await afterChange(db, req, res, context, change.section, change.flash);
}

/** The key an add form carried (see http/kept-pages.ts formKeyOf); null for one without, or a made-up value. */
export function formKeyFrom(body: unknown): string | null {
  const key = (body as Record<string, unknown> | undefined)?.formKey;
  return typeof key === 'string' && /^[\w-]{22}$/.test(key) ? key : null;
}

/** The board again with one form's answers and errors: 422, nothing saved. */
export function refuse<S extends Section>(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  section: S,
  form: { name: FormOf<S>; answers: unknown; errors?: FormErrors },
): Promise<void> {
  return showBoard(db, req, res, context, { section, status: 422, form: { ...form, errors: prefixed(form.errors, form.name) } });
}
