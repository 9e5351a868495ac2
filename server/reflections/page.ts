import type { Request, Response } from 'express';
import { blankActionAnswers, ACTION_MAX } from '../actions/form.js';
import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Reflection, Site } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { parseId } from '../http/ids.js';
import { renderPage, renderPartial } from '../http/render.js';
import { blankItemAnswers, CATEGORY_NAMES, DESCRIPTION_MAX, STATUS_NAMES, TITLE_MAX } from '../getting-in-the-way/form.js';
import { loadSite } from '../sites/load.js';
import { teamMembers, type TeamMember } from '../sites/team.js';
import { partsAsReadFrom, SCORES, storyLines, TEXT_LABELS, TEXT_MAX, textAnswersFrom, WORD_MAX } from './form.js';
import { actionsRaisedAt, findReflection, itemsAt, openItemsToLink } from './queries.js';
import { hasAnswered, wellbeingTotals } from './wellbeing.js';
import { personOf } from '../http/auth.js';
import { can } from '../permissions.js';

export interface Loaded {
  site: Site;
  reflection: Reflection;
}

/** The site and reflection named in the URL: 404 for a reflection of another site, or an id that is not one. */
export async function loadReflection(db: Db, req: Request, res: Response): Promise<Loaded> {
  const site = await loadSite(db, req, res);
  const reflection = await findReflection(db, site.id, parseId(String(req.params.reflectionId), 'reflection'));
  if (!reflection) throw new NotFound('reflection');
  return { site, reflection };
}

export function reflectionPath(site: { id: number }, reflection: { id: number }): string {
  return `/sites/${site.id}/reflections/${reflection.id}`;
}

/** Who may answer the wellbeing check: people in the site's team, not administrators looking in. */
export function isTeamMember(team: readonly TeamMember[], res: Response): boolean {
  const user = res.locals.user;
  return Boolean(user && team.some((member) => member.id === user.id));
}

/** Everything the reflection page and its parts show. `extra` carries a part's answers and errors. */
export async function reflectionLocals(
  db: Db,
  res: Response,
  { site, reflection }: Loaded,
  today: IsoDate,
  extra: Record<string, unknown> = {},
) {
  const [team, items, openItems, actions, wellbeing, answered] = await Promise.all([
    teamMembers(db, site.id),
    itemsAt(db, reflection.id),
    openItemsToLink(db, site.id, reflection.id),
    actionsRaisedAt(db, reflection.id),
    wellbeingTotals(db, reflection, today),
    hasAnswered(db, reflection.id, personOf(res).id),
  ]);
  return {
    site,
    reflection,
    path: reflectionPath(site, reflection),
    team,
    items,
    openItems,
    actions,
    wellbeing,
    answered,
    canAnswer: isTeamMember(team, res),
    canClose: can(personOf(res), 'reflections.close-wellbeing'),
    storyList: storyLines(reflection.storyIdeas),
    textAnswers: textAnswersFrom(reflection),
    partsAsRead: partsAsReadFrom(reflection),
    itemAnswers: blankItemAnswers(),
    actionAnswers: blankActionAnswers(today),
    wellbeingAnswers: { score: '', word: '' },
    limits: { text: TEXT_MAX, word: WORD_MAX, title: TITLE_MAX, description: DESCRIPTION_MAX, action: ACTION_MAX },
    labels: TEXT_LABELS,
    scores: SCORES,
    categoryNames: CATEGORY_NAMES,
    statusNames: STATUS_NAMES,
    ...extra,
  };
}

export async function renderReflection(
  db: Db,
  res: Response,
  loaded: Loaded,
  today: IsoDate,
  extra: Record<string, unknown> = {},
  status = 200,
): Promise<void> {
  const locals = await reflectionLocals(db, res, loaded, today, extra);
  await renderPage(
    res,
    'reflections/show',
    {
      title: `Weekly reflection, week of ${formatDate(loaded.reflection.weekStart)} – ${loaded.site.name}`,
      navigation: 'sites',
      backLink: { href: `/sites/${loaded.site.id}/reflections`, text: 'All weekly reflections' },
      ...locals,
    },
    status,
  );
}

/** One part of the page (`_in-the-way`, `_try-differently`, `_wellbeing`), for htmx to swap in place. */
export async function renderPart(
  db: Db,
  res: Response,
  part: string,
  loaded: Loaded,
  today: IsoDate,
  extra: Record<string, unknown> = {},
  status = 200,
): Promise<void> {
  await renderPartial(res, `reflections/${part}`, await reflectionLocals(db, res, loaded, today, extra), status);
}
