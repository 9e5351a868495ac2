import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { ShowAndTellSection } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { addPackSection, changePackSection, movePackSection, removePackSection } from './service.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, type FormErrors, bodyOf, versionFrom } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { MEASURES } from '../measures/definitions.js';
import { offeredStories } from '../stories/offered.js';
import { teamMembers } from '../sites/team.js';
import {
  BODY_MAX,
  blankSectionAnswers,
  GOAL_MET_NAMES,
  MEASURES_MAX,
  readSectionAnswers,
  sectionAnswersFrom,
  sectionHas,
  STORIES_MAX,
  TITLE_MAX,
  validateSection,
  VISION_MAX,
  type SectionAnswers,
} from './form.js';
import { frozenError, loadPack, packPath, type PackContext } from './load.js';
import { type SectionFields } from './queries.js';
import { checkSection, packPrivacyProblems } from './section-checks.js';
import { PACK_VIEW_LOCALS } from './page.js';

type Loaded = PackContext & { found: NonNullable<PackContext['found']> };

function loadSection(context: Loaded, req: Request): ShowAndTellSection {
  const section = context.found.sections.find((candidate) => candidate.id === parseId(String(req.params.sectionId), 'section'));
  if (!section) throw new NotFound('section');
  return section;
}

export function sectionRoutes(db: Db, today: () => IsoDate): Route[] {
  async function loadUnfrozen(req: Request, res: Response): Promise<Loaded> {
    const context = await loadPack(db, req, res, today());
    if (context.found.pack.status === 'presented') throw frozenError(context);
    return context;
  }

  async function showForm(
    res: Response,
    context: Loaded,
    form: {
      section?: ShowAndTellSection;
      kind: ShowAndTellSection['kind'];
      answers: SectionAnswers;
      version?: number;
      errors?: FormErrors;
      conflict?: { theirs: ShowAndTellSection };
    },
    status: number,
  ) {
    const { site, period } = context;
    const [stories, team] = await Promise.all([
      offeredStories(db, site.id, { audience: 'show-and-tell', on: today() }),
      teamMembers(db, site.id),
    ]);
    const chosenElsewhere = form.answers.storyIds.filter((id) => !stories.some((story) => String(story.id) === id));
    const checks = checkSection(
      { title: form.answers.title, vision: form.answers.vision, body: form.answers.body },
      { workerNames: team.map((member) => member.name), siteName: site.name },
    );
    await renderPage(
      res,
      'show-and-tells/section-form',
      {
        title: `${form.section ? 'Change a section' : 'Add a section'} – fortnight ${period.number}`,
        navigation: 'sites',
        site,
        period,
        packHref: packPath(site.id, period.number),
        backLink: { href: packPath(site.id, period.number), text: 'Back to the show-and-tell' },
        has: sectionHas(form.kind),
        stories: stories,
        chosenElsewhere,
        measures: MEASURES,
        checks,
        limits: { TITLE_MAX, BODY_MAX, VISION_MAX, MEASURES_MAX, STORIES_MAX },
        goalMetNames: GOAL_MET_NAMES,
        ...form,
      },
      status,
    );
  }

  /**
   * A pack shared with the co-production group shows every save to them at once: a section's
   * words and its stories pass the privacy check before they are saved, or the save is refused.
   */
  async function privacyRefusal(context: Loaded, fields: SectionFields): Promise<FormErrors | undefined> {
    if (!context.found.pack.sharedWithGroup) return undefined;
    const [stories, team] = await Promise.all([
      offeredStories(db, context.site.id, { audience: 'show-and-tell', on: today(), ids: fields.storyIds }),
      teamMembers(db, context.site.id),
    ]);
    const problems = packPrivacyProblems([{ ...fields, stories }], {
      workerNames: team.map((member) => member.name),
      siteName: context.site.name,
    });
    if (problems.length === 0) return undefined;
    const list = problems
      .map(({ section, finding }) => `“${finding.text}” in “${section || 'this section'}” (${finding.why.replace(/\.$/, '')})`)
      .join('; ');
    const errors = new FormErrorsBuilder();
    errors.add(
      'body',
      `This pack is shared with the co-production group, who would read this as soon as it is saved. Take out what could identify someone or names a worker: ${list}`,
    );
    return errors.result();
  }

  async function offeredIds(siteId: number): Promise<Set<number>> {
    return new Set((await offeredStories(db, siteId, { audience: 'show-and-tell', on: today() })).map((story) => story.id));
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells/:number/sections/new',
      allow: 'show-and-tells.prepare',
      async handler(req, res) {
        await showForm(res, await loadUnfrozen(req, res), { kind: 'free-text', answers: blankSectionAnswers() }, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/sections',
      allow: 'show-and-tells.prepare',
      async handler(req, res, person) {
        const context = await loadUnfrozen(req, res);
        const answers = readSectionAnswers(bodyOf(req));
        const { fields, errors } = validateSection(answers, { kind: 'free-text', offeredStoryIds: await offeredIds(context.site.id) });
        if (!fields) return showForm(res, context, { kind: 'free-text', answers, errors }, 422);
        const refused = await privacyRefusal(context, fields);
        if (refused) return showForm(res, context, { kind: 'free-text', answers, errors: refused }, 422);
        const result = await addPackSection(db, actingOf(req, person), context.found.pack.id, { kind: 'free-text', ...fields });
        if ('frozen' in result) throw frozenError(context);
        setFlash(res, 'section-added');
        res.redirect(303, `${packPath(context.site.id, context.period.number)}#section-${'saved' in result ? result.saved.id : ''}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells/:number/sections/:sectionId/edit',
      allow: 'show-and-tells.prepare',
      async handler(req, res) {
        const context = await loadUnfrozen(req, res);
        const section = loadSection(context, req);
        await showForm(res, context, { section, kind: section.kind, answers: sectionAnswersFrom(section), version: section.version }, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/sections/:sectionId',
      allow: 'show-and-tells.prepare',
      async handler(req, res, person) {
        const context = await loadUnfrozen(req, res);
        const section = loadSection(context, req);
        const answers = readSectionAnswers(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const { fields, errors } = validateSection(answers, {
          kind: section.kind,
          offeredStoryIds: await offeredIds(context.site.id),
          alreadyChosen: section.storyIds,
        });
        if (!fields)
          return showForm(
            res,
            context,
            { section, kind: section.kind, answers, version: version >= 0 ? version : section.version, errors },
            422,
          );
        const refused = await privacyRefusal(context, fields);
        if (refused)
          return showForm(
            res,
            context,
            { section, kind: section.kind, answers, version: version >= 0 ? version : section.version, errors: refused },
            422,
          );
        const result = await changePackSection(db, actingOf(req, person), {
          packId: context.found.pack.id,
          sectionId: section.id,
          version,
          fields,
        });
        if ('frozen' in result) throw frozenError(context);
        if ('stale' in result)
          return showForm(
            res,
            context,
            { section, kind: section.kind, answers, version: section.version, conflict: { theirs: section } },
            409,
          );
        setFlash(res, 'section-saved');
        res.redirect(303, `${packPath(context.site.id, context.period.number)}#section-${section.id}`);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/sections/:sectionId/move',
      allow: 'show-and-tells.prepare',
      async handler(req, res, person) {
        const context = await loadUnfrozen(req, res);
        const section = loadSection(context, req);
        const direction = bodyOf(req).direction === 'up' ? 'up' : 'down';
        const result = await movePackSection(db, actingOf(req, person), {
          packId: context.found.pack.id,
          sectionId: section.id,
          direction,
        });
        if ('frozen' in result) throw frozenError(context);
        if ('saved' in result && result.saved) setFlash(res, 'section-moved');
        res.redirect(303, `${packPath(context.site.id, context.period.number)}#section-${section.id}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells/:number/sections/:sectionId/remove',
      allow: 'show-and-tells.prepare',
      async handler(req, res) {
        const context = await loadUnfrozen(req, res);
        const section = loadSection(context, req);
        await renderPage(res, 'show-and-tells/remove-section', {
          title: `Remove “${section.title}”?`,
          navigation: 'sites',
          ...PACK_VIEW_LOCALS,
          site: context.site,
          period: context.period,
          section,
          packHref: packPath(context.site.id, context.period.number),
          backLink: { href: packPath(context.site.id, context.period.number), text: 'Back to the show-and-tell' },
        });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/sections/:sectionId/remove',
      allow: 'show-and-tells.prepare',
      async handler(req, res, person) {
        const context = await loadUnfrozen(req, res);
        const section = loadSection(context, req);
        const result = await removePackSection(db, actingOf(req, person), {
          packId: context.found.pack.id,
          section,
          version: versionFrom(bodyOf(req)),
        });
        if ('frozen' in result) throw frozenError(context);
        if ('stale' in result) {
          return renderPage(
            res,
            'show-and-tells/remove-section',
            {
              title: `Remove “${section.title}”?`,
              navigation: 'sites',
              ...PACK_VIEW_LOCALS,
              site: context.site,
              period: context.period,
              section,
              conflict: true,
              packHref: packPath(context.site.id, context.period.number),
            },
            409,
          );
        }
        setFlash(res, 'section-removed');
        res.redirect(303, packPath(context.site.id, context.period.number));
      },
    },
  ];
}
