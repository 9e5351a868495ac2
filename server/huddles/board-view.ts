import type { Request, Response } from 'express';
import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { setFlash, type FlashKey } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { wantsPartial } from '../http/htmx.js';
import { pageHtml, renderPage, renderPartial, renderView } from '../http/render.js';
import {
  CSRF_PLACEHOLDER,
  FORM_KEY_PLACEHOLDER,
  filledPage,
  keepPage,
  keptHtml,
  perRequest,
  sessionWithGap,
  type KeptPage,
} from '../http/kept-pages.js';
import { blankActionAnswers, ACTION_MAX, NOTE_MAX } from '../actions/form.js';
import { blankItemAnswers, CATEGORY_NAMES, STATUS_NAMES, DESCRIPTION_MAX, TITLE_MAX } from '../getting-in-the-way/form.js';
import { blankContactAnswers, blankPersonAnswers, GUEST_ROLE_MAX } from './form.js';
import { boardRevision } from './queries.js';
import { loadBoard, type Board } from './board-query.js';
import type { TeamMember } from '../sites/team.js';
import { bodyOf } from '../http/forms.js';
import { cacheOf } from '../cache.js';
import { BOARD_SECTIONS, formsOf, sectionHeading, type Section } from './sections.js';
import type { Role } from '../db/schema.js';

export { SECTIONS, type Section } from './sections.js';

/**
 * What someone was doing when the answer is not a plain board: a form with errors, or an edit
 * that met someone else's newer save. `name` says which form on the board it was.
 */
export interface FormState {
  name: string;
  answers: unknown;
  errors?: FormErrors;
  conflict?: Record<string, unknown>;
  version?: number;
}

export interface BoardContext {
  site: Site;
  date: IsoDate;
  today: IsoDate;
  /** The board revision when the request began; left out once the request has changed the board. */
  revision?: number;
  /** The day's huddle as the request began (null: not made yet). */
  huddle?: { id: number; closedAt: string | null } | null;
  team?: TeamMember[];
}

export function boardUrl(site: Site, date: IsoDate): string {
  return `/sites/${site.id}/huddles/${date}`;
}

/** Prefixes error-summary links with a form's id prefix, since the board holds many forms. */
export function prefixed(errors: FormErrors | undefined, prefix: string): FormErrors | undefined {
  if (!errors) return undefined;
  return { fields: errors.fields, summary: errors.summary.map((item) => ({ text: item.text, href: `#${prefix}-${item.href.slice(1)}` })) };
}

export function boardLocals(
  context: BoardContext,
  board: Board,
  extra: { form?: FormState; display?: 'board' | 'page'; partial?: boolean } = {},
) {
  const { site, date, today } = context;
  const form = extra.form;
  return {
    site,
    date,
    today,
    board,
    base: boardUrl(site, date),
    display: extra.display ?? 'page',
    partial: extra.partial ?? false,
    form,
    /** The answers of the named form when it is the one being shown again, else its blank answers. */
    answersFor: (name: string, blank: unknown) => (form?.name === name ? form.answers : blank),
    errorsFor: (name: string) => (form?.name === name ? form.errors : undefined),
    blank: {
      contact: blankContactAnswers(date),
      person: blankPersonAnswers(),
      action: blankActionAnswers(today),
      item: blankItemAnswers(),
    },
    limits: { note: NOTE_MAX, action: ACTION_MAX, title: TITLE_MAX, description: DESCRIPTION_MAX, guestRole: GUEST_ROLE_MAX },
    categoryNames: CATEGORY_NAMES,
    statusNames: STATUS_NAMES,
    teamItems: board.team.map((member) => ({ value: member.id, text: member.name })),
    sections: BOARD_SECTIONS,
    sectionHeading,
    formsOf,
  };
}

export function displayOf(req: Request): 'board' | 'page' {
  return req.query.view === 'board' || bodyOf(req).view === 'board' ? 'board' : 'page';
}

/**
 * A board as rendered: its site, date, display and revision (which the database moves on every
 * change a board shows, names and teams included), and the day it was rendered on (for "overdue").
 */
interface BoardKey {
  siteId: number;
  date: string;
  display: 'board' | 'page';
  today: string;
  revision: number;
}
const boardKey = (context: BoardContext, display: 'board' | 'page', revision: number): BoardKey => ({
  siteId: context.site.id,
  date: context.date,
  display,
  today: context.today,
  revision,
});
const boardParts = ({ siteId, date, display, today, revision }: BoardKey) => [siteId, date, display, today, revision];
/** The agenda alone, for htmx and for the page around it. */
const keptAgendas = cacheOf<BoardKey, KeptPage>('board', { maxEntries: 500, key: boardParts });
/** The whole page, per role too (the menu differs), and whether it was closed (a lead may open it again). */
const keptBoardPages = cacheOf<BoardKey & { role: Role | 'visitor'; closed: boolean }, KeptPage>('board-page', {
  maxEntries: 500,
  key: (parts) => [...boardParts(parts), parts.role, parts.closed],
});

/**
 * The board's agenda with gaps for the CSRF token: from the cache when nothing has changed since
 * it was rendered (see http/kept-pages.ts), otherwise rendered and kept under the revision read with it.
 */
async function keptAgenda(
  db: Db,
  res: Response,
  context: BoardContext,
  display: 'board' | 'page',
): Promise<{ agenda: KeptPage; revision: number }> {
  let revision = context.revision ?? (await boardRevision(db, context.site.id));
  const agenda = await keptAgendas.keptOrMade(db, boardKey(context, display, revision), async () => {
    const board = await loadBoard(db, context.site.id, context.date);
    revision = board.revision;
    const html = await renderView(res, 'huddles/_board', {
      ...boardLocals(context, board, { display }),
      csrfToken: CSRF_PLACEHOLDER,
      formKey: FORM_KEY_PLACEHOLDER,
    });
    return { value: keepPage(html.trim()), under: boardKey(context, display, board.revision) };
  });
  return { agenda, revision };
}

/**
 * The board's agenda for this request. A board showing a form's answers or errors is this
 * person's alone, so it is rendered fresh and never kept.
 */
export async function boardHtml(db: Db, req: Request, res: Response, context: BoardContext, form?: FormState): Promise<string | Buffer> {
  const display = displayOf(req);
  if (form)
    return renderView(res, 'huddles/_board', boardLocals(context, await loadBoard(db, context.site.id, context.date), { form, display }));
  return filledPage((await keptAgenda(db, res, context, display)).agenda, perRequest(res));
}

function pageLocals(req: Request, context: BoardContext, boardHtml: string, form?: FormState) {
  return {
    site: context.site,
    date: context.date,
    base: boardUrl(context.site, context.date),
    display: displayOf(req),
    boardHtml,
    closed: Boolean(context.huddle?.closedAt),
    today: context.today,
    title: `Huddle, ${formatDate(context.date)} – ${context.site.name}`,
    navigation: 'sites',
    scripts: ['/static/js/huddle-board.js'],
    errors: form?.errors,
    conflict: form?.conflict,
  };
}

/**
 * The whole board page as most requests see it (no form shown again, no one-off message): kept
 * per revision and role like the agenda, so a board nobody has changed costs no rendering.
 */
async function plainBoardPage(db: Db, req: Request, res: Response, context: BoardContext): Promise<Buffer> {
  const display = displayOf(req);
  const { agenda, revision } = await keptAgenda(db, res, context, display);
  const key = {
    ...boardKey(context, display, revision),
    role: res.locals.user?.role ?? 'visitor',
    closed: Boolean(context.huddle?.closedAt),
    today: context.today,
  } as const;
  const page = await keptBoardPages.keptOrMade(db, key, async () => {
    const html = await pageHtml(res, 'huddles/board', {
      ...pageLocals(req, context, keptHtml(agenda)),
      csrfToken: CSRF_PLACEHOLDER,
      formKey: FORM_KEY_PLACEHOLDER,
      session: sessionWithGap(res),
    });
    return { value: keepPage(html) };
  });
  return filledPage(page, perRequest(res));
}

/** The whole board page, or one section of it for htmx, with a form's answers and errors when given. */
export async function showBoard(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  options: { section?: Section; form?: FormState; status?: number } = {},
): Promise<void> {
  if (options.section && wantsPartial(req, res)) {
    const board = await loadBoard(db, context.site.id, context.date, options.section);
    return renderPartial(
      res,
      `huddles/_${options.section}`,
      boardLocals(context, board, { form: options.form, display: displayOf(req), partial: true }),
      options.status ?? 200,
    );
  }
  if (!options.form && !res.locals.flash) {
    res
      .status(options.status ?? 200)
      .type('html')
      .send(await plainBoardPage(db, req, res, context));
    return;
  }
  const agenda = await boardHtml(db, req, res, context, options.form);
  await renderPage(res, 'huddles/board', pageLocals(req, context, agenda.toString(), options.form), options.status ?? 200);
}

/** After a change: the section again for htmx, otherwise back to the board at that section (POST, redirect, GET). */
export async function afterChange(
  db: Db,
  req: Request,
  res: Response,
  context: BoardContext,
  section: Section,
  flash: FlashKey,
): Promise<void> {
  // The revision read before the change is out of date now.
  if (wantsPartial(req, res)) return showBoard(db, req, res, { ...context, revision: undefined }, { section });
  setFlash(res, flash);
  res.redirect(303, `${boardUrl(context.site, context.date)}${displayOf(req) === 'board' ? '?view=board' : ''}#section-${section}`);
}
