import type { Request, Response } from 'express';
import { fortnightNumberOn, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site, Story, StoryTheme } from '../db/schema.js';
import { actingOf, actorOf } from '../audit/record.js';
import { HttpError } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { mayEdit } from './access.js';
import { checkStory, keptExplanations, summarise } from './findings.js';
import { blankStoryAnswers, readStoryAnswers, storyAnswersFrom, validateStory, type StoryAnswers, type StoryFields } from './form.js';
import { loadStory, type LoadedStory } from './load.js';
import { explanationList, explanationMap, fortnightChoices, renderStoryPage, storyBase, storyNames } from './pages.js';
import { findVersion } from './queries.js';
import { pickableThemes, themesOf } from './themes.js';
import { checkView } from './view.js';
import { bodyOf, versionFrom } from '../http/forms.js';
import { changeStory, writeStory } from './service.js';
import { storyRead } from './reads.js';

/** Whether saving `fields` would change nothing the story says. */
function sameStory(story: Story, fields: StoryFields): boolean {
  return (Object.keys(fields) as (keyof StoryFields)[]).every((key) => JSON.stringify(story[key]) === JSON.stringify(fields[key]));
}

export function storyRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showForm(
    res: Response,
    locals: {
      site: Site;
      themes: StoryTheme[];
      answers: StoryAnswers;
      story?: Story;
      version?: number;
      errors?: FormErrors;
      conflict?: { theirs: Story };
    },
    status: number,
  ) {
    const { site, story, answers } = locals;
    await renderPage(
      res,
      story ? 'stories/edit' : 'stories/new',
      {
        title: story ? `Change a story – ${site.name}` : `Write a story of difference – ${site.name}`,
        navigation: 'sites',
        ...storyNames,
        ...locals,
        themes: pickableThemes(locals.themes, answers.themeIds.map(Number)),
        fortnights: fortnightChoices(site, today(), Number(answers.fortnight) || undefined),
        check: checkView(answers, explanationList(answers.explanations), { links: false }),
        base: storyBase(site, story),
        backLink: story ? { href: storyBase(site, story), text: 'Back to the story' } : { href: storyBase(site), text: 'Back to stories' },
      },
      status,
    );
  }

  function latestFortnight(site: Site, chosen?: number) {
    return Math.max(fortnightNumberOn(site, today()) ?? 1, chosen ?? 1);
  }

  async function mustEdit(req: Request, res: Response): Promise<LoadedStory> {
    const loaded = await loadStory(db, req, res, today());
    if (!mayEdit(res.locals.user, loaded.story))
      throw new HttpError(403, 'Only the story’s author and the site’s programme leads can change it');
    return loaded;
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/stories/new',
      allow: 'stories.write',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showForm(res, { site, themes: await themesOf(db, site.id), answers: blankStoryAnswers(latestFortnight(site)) }, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/stories',
      allow: 'stories.write',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const themes = await themesOf(db, site.id);
        const answers = readStoryAnswers(bodyOf(req));
        const { fields, errors } = validateStory(answers, { themes: pickableThemes(themes), latestFortnight: latestFortnight(site) });
        if (!fields) return showForm(res, { site, themes, answers, errors }, 422);
        const checks = checkStory(fields);
        const story = await writeStory(db, actingOf(req, person), {
          siteId: site.id,
          fields,
          explanations: keptExplanations(checks, answers.explanations),
          findings: summarise(checks).total,
        });
        setFlash(res, summarise(checks).total ? 'story-saved-with-findings' : 'story-saved');
        res.redirect(303, storyBase(site, story));
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId',
      allow: 'stories.read',
      async handler(req, res) {
        const loaded = await loadStory(db, req, res, today());
        // Every read of a story is audited, and whether its text was shown.
        await storyRead(db, actorOf(req, res), loaded.story.id, {
          siteId: loaded.site.id,
          version: loaded.story.version,
          textShown: loaded.textShown,
        });
        await renderStoryPage(db, res, loaded);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId/edit',
      allow: 'stories.write',
      async handler(req, res) {
        const { site, story } = await mustEdit(req, res);
        const current = await findVersion(db, story.id, story.version);
        await storyRead(db, actorOf(req, res), story.id, { siteId: site.id, version: story.version, view: 'edit' });
        await showForm(
          res,
          {
            site,
            story,
            themes: await themesOf(db, site.id),
            answers: storyAnswersFrom(story, explanationMap(current?.explanations ?? [])),
            version: story.version,
          },
          200,
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/stories/:storyId',
      allow: 'stories.write',
      async handler(req, res, person) {
        const { site, story } = await mustEdit(req, res);
        const themes = await themesOf(db, site.id);
        const answers = readStoryAnswers(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const { fields, errors } = validateStory(answers, {
          themes: pickableThemes(themes, story.themeIds),
          latestFortnight: latestFortnight(site, story.fortnight),
        });
        if (!fields) return showForm(res, { site, story, themes, answers, version, errors }, 422);
        const checks = checkStory(fields);
        const explanations = keptExplanations(checks, answers.explanations);
        const current = await findVersion(db, story.id, story.version);
        if (
          version === story.version &&
          sameStory(story, fields) &&
          JSON.stringify(explanations) === JSON.stringify(current?.explanations ?? [])
        ) {
          setFlash(res, 'story-unchanged');
          return res.redirect(303, storyBase(site, story));
        }
        const written = await changeStory(db, actingOf(req, person), {
          siteId: site.id,
          story,
          version,
          fields,
          explanations,
          findings: summarise(checks).total,
        });
        // Someone saved since this person opened the form: show both, keep what they typed, overwrite nothing.
        if (written.stale) return showForm(res, { site, story, themes, answers, version: story.version, conflict: { theirs: story } }, 409);
        setFlash(
          res,
          story.status === 'approved' ? 'story-saved-for-review' : summarise(checks).total ? 'story-saved-with-findings' : 'story-saved',
        );
        res.redirect(303, storyBase(site, story));
      },
    },
  ];
}
