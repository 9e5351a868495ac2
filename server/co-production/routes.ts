import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actingOf, actorOf, recordRead } from '../audit/record.js';
import { giveFeedback } from '../show-and-tells/service.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import {
  reserveFeedback,
  FEEDBACK_LIMIT,
  FEEDBACK_OVERALL,
  FEEDBACK_WINDOW_MINUTES,
  youSaidWeDid,
  type FeedbackAllowance,
} from '../show-and-tells/feedback.js';
import {
  blankFeedbackAnswers,
  FEEDBACK_MAX,
  FEEDBACK_PARTS,
  readFeedbackAnswers,
  validateFeedback,
  type FeedbackAnswers,
} from '../show-and-tells/feedback-form.js';
import { PACK_VIEW_LOCALS, shownPack } from '../show-and-tells/page.js';
import { loadSharedPack, sharedPackContext } from './load.js';
import { sharedPacks } from './queries.js';
import { personOf } from '../http/auth.js';
import { bodyOf } from '../http/forms.js';

type Loaded = Awaited<ReturnType<typeof loadSharedPack>>;

/** The section the feedback is about: from the query or the form; none means the whole show-and-tell. */
function sectionOf(context: Loaded, value: unknown) {
  if (value === undefined || value === '' || value === 'whole') return undefined;
  const section = context.found.sections.find((candidate) => String(candidate.id) === String(value));
  if (!section) throw new NotFound('section');
  return section;
}

export function coProductionRoutes(db: Db, today: () => IsoDate, options: { secret: Buffer; now: () => Date }): Route[] {
  async function showFeedbackForm(
    res: Response,
    context: Loaded,
    section: Loaded['found']['sections'][number] | undefined,
    form: { answers: FeedbackAnswers; errors?: FormErrors; limited?: Exclude<FeedbackAllowance, 'ok'> },
    status: number,
  ) {
    await renderPage(
      res,
      'co-production/feedback',
      {
        title: section ? `Tell us what you think about “${section.title}”` : 'Tell us what you think about this show-and-tell',
        navigation: 'co-production',
        pack: context.found.pack,
        period: context.period,
        section,
        parts: FEEDBACK_PARTS,
        maxlength: FEEDBACK_MAX,
        limit: { count: FEEDBACK_LIMIT, overall: FEEDBACK_OVERALL, minutes: FEEDBACK_WINDOW_MINUTES },
        backLink: { href: `/co-production/show-and-tells/${context.found.pack.id}`, text: 'Back to the show-and-tell' },
        ...form,
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/co-production',
      allow: 'co-production.take-part',
      async handler(req, res, person) {
        const packs = await sharedPacks(db, person.siteIds);
        await renderPage(res, 'co-production/home', { title: 'Your co-production group', navigation: 'co-production', packs });
      },
    },
    {
      method: 'get',
      path: '/co-production/show-and-tells/:packId',
      allow: 'co-production.take-part',
      async handler(req, res) {
        const context = await loadSharedPack(db, req, res, today());
        const shown = await shownPack(db, context, today());
        await recordRead(db, actorOf(req, res), {
          action: 'show-and-tell.viewed',
          recordType: 'show-and-tell',
          recordId: context.found.pack.id,
          details: { siteId: context.site.id },
        });
        await renderPage(res, 'co-production/pack', {
          title: `Show-and-tell: ${context.site.name}`,
          navigation: 'co-production',
          site: context.site,
          period: context.period,
          pack: context.found.pack,
          shown,
          backLink: { href: '/co-production', text: 'Back to your group' },
          scripts: ['/static/vendor/chart-4.6.1.umd.min.js', '/static/js/spc-chart.js'],
          ...PACK_VIEW_LOCALS,
        });
      },
    },
    {
      method: 'get',
      path: '/co-production/show-and-tells/:packId/feedback',
      allow: 'co-production.take-part',
      async handler(req, res) {
        const context = await loadSharedPack(db, req, res, today());
        await showFeedbackForm(res, context, sectionOf(context, req.query.section), { answers: blankFeedbackAnswers() }, 200);
      },
    },
    {
      method: 'post',
      path: '/co-production/show-and-tells/:packId/feedback',
      allow: 'co-production.take-part',
      async handler(req: Request, res: Response) {
        const context = await loadSharedPack(db, req, res, today());
        const section = sectionOf(context, bodyOf(req).section);
        const answers = readFeedbackAnswers(bodyOf(req));
        const { errors } = validateFeedback(answers);
        if (errors) return showFeedbackForm(res, context, section, { answers, errors }, 422);
        const words = FEEDBACK_PARTS.map((part) => answers[part.field]).join('\u0000');
        const allowance = await reserveFeedback(db, options.secret, personOf(res).id, options.now(), {
          packId: context.found.pack.id,
          sectionId: section?.id ?? null,
          words,
        });
        if (allowance !== 'ok') return showFeedbackForm(res, context, section, { answers, limited: allowance }, 429);
        const feedback = {
          packId: context.found.pack.id,
          sectionId: section?.id ?? null,
          sectionTitle: section?.title ?? null,
          liked: answers.liked,
          worried: answers.worried,
          tryNext: answers.tryNext,
        };
        await giveFeedback(db, actingOf(req, personOf(res)), { feedback, anonymous: answers.anonymous, today: today() });
        setFlash(res, 'feedback-given');
        res.redirect(303, `/co-production/show-and-tells/${context.found.pack.id}`);
      },
    },
    {
      method: 'get',
      path: '/co-production/charts',
      allow: 'co-production.take-part',
      async handler(req, res) {
        const date = today();
        // The charts of the latest shared pack of each of the person's sites.
        const latest = new Map<number, number>();
        for (const pack of await sharedPacks(db, personOf(res).siteIds)) if (!latest.has(pack.siteId)) latest.set(pack.siteId, pack.id);
        const groups = [];
        for (const packId of latest.values()) {
          const result = await sharedPackContext(db, packId, personOf(res).siteIds, date);
          if (!('context' in result)) continue;
          const { context } = result;
          const shown = await shownPack(db, context, date);
          // A measure shown in two sections is one chart here.
          const seen = new Set<string>();
          const charts = shown.sections
            .flatMap((section) => section.charts)
            .filter((chart) => {
              const key = `${chart.measure}|${chart.wayOfWorking}`;
              if (seen.has(key)) return false;
              seen.add(key);
              return true;
            });
          if (charts.length) groups.push({ site: context.site, period: context.period, packId, charts });
        }
        await renderPage(res, 'co-production/charts', {
          title: 'Charts from your show-and-tells',
          navigation: 'co-production',
          groups,
          backLink: { href: '/co-production', text: 'Back to your group' },
          scripts: ['/static/vendor/chart-4.6.1.umd.min.js', '/static/js/spc-chart.js'],
          ...PACK_VIEW_LOCALS,
        });
      },
    },
    {
      method: 'get',
      path: '/co-production/you-said-we-did',
      allow: 'co-production.take-part',
      async handler(req, res) {
        await renderPage(res, 'co-production/you-said-we-did', {
          title: 'You said, we did',
          navigation: 'co-production',
          answered: await youSaidWeDid(db, personOf(res).siteIds),
          answerNames: PACK_VIEW_LOCALS.answerNames,
          backLink: { href: '/co-production', text: 'Back to your group' },
        });
      },
    },
  ];
}
