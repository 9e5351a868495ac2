import type { Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { renderPage, renderView } from '../http/render.js';
import { keyOf, sendKeptPage } from '../http/kept-pages.js';
import { CSRF_PLACEHOLDER, serialOf, withCsrfToken } from './pack-cache.js';
import { cacheOf } from '../cache.js';
import { offeredStories } from '../stories/offered.js';
import { PLAIN_SIGNALS, PLAIN_VARIATIONS } from './chart-words.js';
import { preparationExtras } from './feedback.js';
import { ATTENDANCE_KINDS, GOAL_MET_NAMES, sectionHas } from './form.js';
import { isLead, packPath, type PackContext } from './load.js';
import { checkSection, packPrivacyProblems } from './section-checks.js';
import { showFrozen, showLive, type PackSnapshot, type ShownPack } from './shown.js';
import { FEEDBACK_ANSWER_NAMES } from './feedback-form.js';
import { textBlocks } from './text-blocks.js';
import { measureNamed } from '../measures/definitions.js';

/** Words and helpers every view of a pack uses. */
export const PACK_VIEW_LOCALS = {
  plainWords: { variations: PLAIN_VARIATIONS, signals: PLAIN_SIGNALS },
  goalMetNames: GOAL_MET_NAMES,
  attendanceKinds: ATTENDANCE_KINDS,
  answerNames: FEEDBACK_ANSWER_NAMES,
  sectionHas,
  textBlocks,
  measureNamed,
};

/** The pack as shown on `today`: from its snapshot once presented, from the records before. */
export async function shownPack(
  db: Db,
  context: PackContext & { found: NonNullable<PackContext['found']> },
  today: IsoDate,
): Promise<ShownPack> {
  const { pack, sections } = context.found;
  return pack.status === 'presented'
    ? showFrozen(db, context.site.id, pack.snapshot as PackSnapshot, today)
    : showLive(db, context.site, context.period, sections, today, context.measuresState);
}

/** Stories chosen that may be shown today but not on the show-and-tell day: consent or scope ends before it. */
async function storiesEndingBeforeShow(db: Db, context: PackContext, shown: ShownPack, today: IsoDate): Promise<number> {
  const ids = shown.sections.flatMap((section) => section.stories.map((story) => story.id));
  if (shown.frozen || ids.length === 0 || context.period.showAndTellDate <= today) return 0;
  const onTheDay = await offeredStories(db, context.site.id, { audience: 'show-and-tell', on: context.period.showAndTellDate, ids });
  return ids.filter((id) => !onTheDay.some((story) => story.id === id)).length;
}

/**
 * The pack's page: for leads, the preparation view (each section with its checks and controls,
 * open feedback from earlier packs, this pack's feedback); for practitioners, the pack to read
 * and present. `extra` carries a form's answers and errors back after a 422 or 409.
 */
/**
 * Everything a pack's sections and their checks are made from: the pack's and its sections'
 * versions, the figures (kept per site revision, see measures/cache.ts), its stories as shown,
 * the day (stories are checked on it), and for a lead the team's names the checks look for.
 */
interface PackKey {
  editable: boolean;
  packId: number;
  version: number;
  status: string;
  today: IsoDate;
  sections: string;
  figures: number;
  stories: string;
  workerNames: string;
}
const packParts = (key: PackKey) => [
  key.editable ? 'edit' : 'read',
  key.packId,
  key.version,
  key.status,
  key.today,
  key.sections,
  key.figures,
  key.stories,
  key.workerNames,
];
const packChecks = cacheOf<
  PackKey,
  { checks: Map<number, ReturnType<typeof checkSection>>; sharingProblems: ReturnType<typeof packPrivacyProblems> }
>('pack-checks', { maxEntries: 200, key: packParts });
const packSections = cacheOf<PackKey, string>('pack-sections', { maxEntries: 200, key: packParts });

export async function renderPackPage(
  db: Db,
  res: Response,
  context: PackContext,
  today: IsoDate,
  extra: Record<string, unknown> = {},
  status = 200,
): Promise<void> {
  const { site, period, found } = context;
  const lead = isLead(res);
  const base = {
    title: `Show-and-tell for fortnight ${period.number} – ${site.name}`,
    navigation: 'sites',
    site,
    period,
    lead,
    packHref: packPath(site.id, period.number),
    backLink: { href: `/sites/${site.id}/show-and-tells`, text: 'All show-and-tells' },
    ...PACK_VIEW_LOCALS,
  };
  if (!found) return renderPage(res, 'show-and-tells/not-started', base, status);
  const [shown, { team, feedback, openFeedback }] = await Promise.all([
    shownPack(db, { ...context, found }, today),
    lead ? preparationExtras(db, site.id, found.pack.id, period.number) : { team: [], feedback: [], openFeedback: [] },
  ]);
  const endingBeforeShow = lead ? await storiesEndingBeforeShow(db, context, shown, today) : 0;
  const editable = lead && !shown.frozen;
  const privacy = { workerNames: team, siteName: site.name };
  // Everything the sections and their checks are made from; the day, since stories are checked on it.
  const key: PackKey = {
    editable,
    packId: found.pack.id,
    version: found.pack.version,
    status: found.pack.status,
    today,
    sections: found.sections.map((section) => `${section.id}:${section.version}`).join(','),
    figures: serialOf(shown.figures),
    // The stories as shown, not only their versions: a theme or the site renamed changes what they say.
    stories: keyOf(shown.sections.map((section) => [section.stories, section.storiesHidden])),
    workerNames: lead ? privacy.workerNames.join('|') : '',
  };
  const checked = lead
    ? await packChecks.keptOrMade(db, key, () => ({
        value: {
          checks: new Map(found.sections.map((section) => [section.id, checkSection(section, privacy)])),
          sharingProblems: packPrivacyProblems(shown.sections, privacy),
        },
      }))
    : undefined;
  const sectionsHtml = await packSections.keptOrMade(db, key, async () => ({
    value: await renderView(res, 'show-and-tells/_sections', {
      ...base,
      pack: found.pack,
      shown,
      editable,
      checks: checked?.checks,
      csrfToken: CSRF_PLACEHOLDER,
    }),
  }));
  const locals = {
    ...base,
    pack: found.pack,
    shown,
    sharingProblems: checked?.sharingProblems,
    feedback,
    openFeedback,
    endingBeforeShow,
    // Marking a pack presented before its day asks the lead to say so (the key above holds the day).
    today,
    scripts: ['/static/vendor/chart-4.6.1.umd.min.js', '/static/js/spc-chart.js'],
  };
  if (Object.keys(extra).length > 0) {
    // A form shown again: this person's alone, never kept.
    return renderPage(
      res,
      'show-and-tells/show',
      { ...locals, sectionsHtml: withCsrfToken(sectionsHtml, res.locals.csrfToken ?? ''), ...extra },
      status,
    );
  }
  // The whole page, kept while nothing on it changes: the sections' key, and everything else the
  // page shows (the pack's own columns, its feedback, what the lead is warned of).
  const { snapshot, ...packColumns } = found.pack;
  void snapshot;
  const pageKey = `pack|${packParts(key).join('|')}|${keyOf([site, period, packColumns, feedback, openFeedback, endingBeforeShow, checked?.sharingProblems ?? null])}`;
  await sendKeptPage(db, res, pageKey, 'show-and-tells/show', { ...locals, sectionsHtml }, status);
}
