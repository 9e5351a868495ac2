import type { Response } from 'express';
import { fortnight as fortnightOf, formatDate, fortnightNumberOn, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { FindingExplanation, Site } from '../db/schema.js';
import type { FormErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import { mayEdit, mayReview } from './access.js';
import { GIVER_NAMES, scopeText, STATE_NAMES } from './consent.js';
import { findingKey, KIND_NAMES, FIELD_NAMES } from './findings.js';
import { CONVERSATION_NAMES, STATUS_NAMES, TEXT_MAX, TITLE_MAX } from './form.js';
import type { LoadedStory } from './load.js';
import { contactOf, findVersion, reviewsOf } from './queries.js';
import { themeNames, themesOf } from './themes.js';
import { checkView } from './view.js';

/** Names and limits every story view may use. */
export const storyNames = {
  statusNames: STATUS_NAMES,
  conversationNames: CONVERSATION_NAMES,
  consentStateNames: STATE_NAMES,
  giverNames: GIVER_NAMES,
  kindNames: KIND_NAMES,
  fieldNames: FIELD_NAMES,
  scopeText,
  titleMax: TITLE_MAX,
  textMax: TEXT_MAX,
};

/** The site's fortnights a story may be about, newest first: up to the one running today. */
export function fortnightChoices(site: Site, today: IsoDate, chosen?: number): { value: number; text: string }[] {
  const latest = Math.max(fortnightNumberOn(site, today) ?? 1, chosen ?? 1);
  return Array.from({ length: latest }, (_, index) => {
    const period = fortnightOf(site, latest - index);
    return {
      value: period.number,
      text: `Fortnight ${period.number} (${formatDate(period.start, 'short')} to ${formatDate(period.end, 'short')})`,
    };
  });
}

export function fortnightText(site: Site, number: number): string {
  const period = fortnightOf(site, number);
  return `Fortnight ${number}: ${formatDate(period.start, 'short')} to ${formatDate(period.end, 'short')}`;
}

export function storyBase(site: { id: number }, story?: { id: number }): string {
  return `/sites/${site.id}/stories${story ? `/${story.id}` : ''}`;
}

/** Everything the story page shows besides the story itself: its themes, contact record, reviews and the check of its latest version. */
export async function storyPageLocals(db: Db, res: Response, loaded: LoadedStory): Promise<Record<string, unknown>> {
  const { site, story } = loaded;
  const [themes, current, reviews, contactId] = await Promise.all([
    themesOf(db, site.id),
    findVersion(db, story.id, story.version),
    reviewsOf(db, story.id),
    story.personRef && loaded.textShown ? contactOf(db, site.id, story.personRef) : undefined,
  ]);
  const user = res.locals.user;
  return {
    ...loaded,
    ...storyNames,
    themes: themeNames(themes, story.themeIds),
    fortnightText: fortnightText(site, story.fortnight),
    contactId,
    reviews,
    explanations: current?.explanations ?? [],
    check: loaded.textShown ? checkView(story, current?.explanations ?? []) : undefined,
    canEdit: mayEdit(user, story),
    canReview: mayReview(user, story),
    base: storyBase(site, story),
  };
}

export async function renderStoryPage(
  db: Db,
  res: Response,
  loaded: LoadedStory,
  options: { errors?: FormErrors; flash?: string } = {},
  status = 200,
): Promise<void> {
  const { site, story } = loaded;
  await renderPage(
    res,
    'stories/show',
    {
      title: `${story.title || 'Untitled story'} – ${site.name}`,
      navigation: 'sites',
      ...(await storyPageLocals(db, res, loaded)),
      errors: options.errors,
      backLink: { href: storyBase(site), text: 'Back to stories' },
    },
    status,
  );
}

/** The explanations as the check reads them, from the form's map of finding key to explanation. */
export function explanationList(explanations: ReadonlyMap<string, string>): FindingExplanation[] {
  return [...explanations].map(([key, explanation]) => {
    const [field, kind, ...rest] = key.split('|');
    return { field, kind, text: rest.join('|'), explanation };
  });
}

export function explanationMap(explanations: readonly FindingExplanation[]): Map<string, string> {
  return new Map(explanations.map((entry) => [findingKey(entry.field, entry.kind, entry.text), entry.explanation]));
}
