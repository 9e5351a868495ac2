import type { Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actingOf } from '../audit/record.js';
import { HttpError } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { mayEdit } from './access.js';
import { GIVER_NAMES, SCOPE_NAMES } from './consent.js';
import {
  blankConsentAnswers,
  blankWithdrawalAnswers,
  DECIDED_BY_MAX,
  readConsentAnswers,
  readWithdrawalAnswers,
  renewalAnswers,
  TEAM_ONLY,
  TOLD_BY_MAX,
  validateConsent,
  validateWithdrawal,
  type ConsentAnswers,
  type WithdrawalAnswers,
} from './consent-form.js';
import { loadStory, type LoadedStory } from './load.js';
import { storyBase } from './pages.js';
import { bodyOf } from '../http/forms.js';
import { recordStoryConsent, withdrawStoryConsent } from './service.js';

export function storyConsentRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showConsentForm(
    res: Response,
    loaded: LoadedStory,
    answers: ConsentAnswers,
    errors: FormErrors | undefined,
    status: number,
  ) {
    const { site, story } = loaded;
    await renderPage(
      res,
      'stories/consent',
      {
        title: `Record consent – ${site.name}`,
        navigation: 'sites',
        ...loaded,
        answers,
        errors,
        giverNames: GIVER_NAMES,
        scopeNames: SCOPE_NAMES,
        teamOnly: TEAM_ONLY,
        decidedByMax: DECIDED_BY_MAX,
        base: storyBase(site, story),
        backLink: { href: `${storyBase(site, story)}#consent`, text: 'Back to the story' },
      },
      status,
    );
  }

  async function showWithdrawForm(
    res: Response,
    loaded: LoadedStory,
    answers: WithdrawalAnswers,
    errors: FormErrors | undefined,
    status: number,
  ) {
    const { site, story } = loaded;
    await renderPage(
      res,
      'stories/withdraw',
      {
        title: `Record that consent was withdrawn – ${site.name}`,
        navigation: 'sites',
        ...loaded,
        answers,
        errors,
        toldByMax: TOLD_BY_MAX,
        base: storyBase(site, story),
        backLink: { href: `${storyBase(site, story)}#consent`, text: 'Back to the story' },
      },
      status,
    );
  }

  async function mustRecord(req: Parameters<Route['handler']>[0], res: Response): Promise<LoadedStory> {
    const loaded = await loadStory(db, req, res, today());
    if (!mayEdit(res.locals.user, loaded.story))
      throw new HttpError(403, 'Only the story’s author and the site’s programme leads can record consent');
    return loaded;
  }

  /** Anyone in the team may be the one told, so any practitioner or lead of the site records a withdrawal. */
  async function mustWithdraw(
    req: Parameters<Route['handler']>[0],
    res: Response,
  ): Promise<LoadedStory & { consent: NonNullable<LoadedStory['consent']> }> {
    const loaded = await loadStory(db, req, res, today());
    const consent = loaded.consents[loaded.consents.length - 1];
    if (!consent || consent.withdrawnOn) throw new HttpError(404, 'No consent to withdraw');
    return { ...loaded, consent };
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId/consent',
      allow: 'stories.write',
      async handler(req, res) {
        const loaded = await mustRecord(req, res);
        const latest = loaded.consents[loaded.consents.length - 1];
        await showConsentForm(res, loaded, latest ? renewalAnswers(latest) : blankConsentAnswers(), undefined, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/stories/:storyId/consent',
      allow: 'stories.write',
      async handler(req, res, person) {
        const loaded = await mustRecord(req, res);
        const answers = readConsentAnswers(bodyOf(req));
        const { fields, errors } = validateConsent(answers, today());
        if (!fields) return showConsentForm(res, loaded, answers, errors, 422);
        const { site, story } = loaded;
        await recordStoryConsent(db, actingOf(req, person), {
          siteId: site.id,
          storyId: story.id,
          renewal: loaded.consents.length > 0,
          fields,
        });
        setFlash(res, 'consent-recorded');
        res.redirect(303, `${storyBase(site, story)}#consent`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId/withdraw',
      allow: 'stories.write',
      async handler(req, res) {
        const loaded = await mustWithdraw(req, res);
        await showWithdrawForm(res, loaded, blankWithdrawalAnswers(today()), undefined, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/stories/:storyId/withdraw',
      allow: 'stories.write',
      async handler(req, res, person) {
        const loaded = await mustWithdraw(req, res);
        const answers = readWithdrawalAnswers(bodyOf(req));
        const { fields, errors } = validateWithdrawal(answers, { today: today(), consentDate: loaded.consent.consentDate });
        if (!fields) return showWithdrawForm(res, loaded, answers, errors, 422);
        const { site, story, consent } = loaded;
        await withdrawStoryConsent(db, actingOf(req, person), { siteId: site.id, storyId: story.id, consent, fields });
        setFlash(res, 'consent-withdrawn');
        res.redirect(303, `${storyBase(site, story)}#consent`);
      },
    },
  ];
}
