import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actingOf } from '../audit/record.js';
import { answerPackFeedback } from './service.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, type FormErrors, bodyOf, versionFrom } from '../http/forms.js';
import { teamMembers } from '../sites/team.js';
import { findPrivacyProblems } from './privacy-check.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { findFeedback, type FeedbackRow } from './feedback.js';
import { FEEDBACK_ANSWER_NAMES, FEEDBACK_MAX, readAnswerAnswers, validateAnswer, type AnswerAnswers } from './feedback-form.js';
import { PACK_VIEW_LOCALS } from './page.js';
import { loadPack, packPath, type PackContext } from './load.js';

export function feedbackAnswerRoutes(db: Db, today: () => IsoDate): Route[] {
  async function load(req: Request, res: Response) {
    const context = await loadPack(db, req, res, today());
    const feedback = await findFeedback(db, context.found.pack.id, parseId(String(req.params.feedbackId), 'feedback'));
    if (!feedback) throw new NotFound('feedback');
    return { context, feedback };
  }

  async function showForm(
    res: Response,
    context: PackContext,
    feedback: FeedbackRow,
    form: { answers: AnswerAnswers; version: number; errors?: FormErrors; conflict?: { theirs: FeedbackRow } },
    status: number,
  ) {
    const href = packPath(context.site.id, context.period.number);
    await renderPage(
      res,
      'show-and-tells/answer-feedback',
      {
        title: `Answer feedback – fortnight ${context.period.number}`,
        navigation: 'sites',
        site: context.site,
        period: context.period,
        feedback,
        ...PACK_VIEW_LOCALS,
        answerNames: FEEDBACK_ANSWER_NAMES,
        maxlength: FEEDBACK_MAX,
        action: `${href}/feedback/${feedback.id}`,
        backLink: { href: `${href}#feedback`, text: 'Back to the show-and-tell' },
        ...form,
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/show-and-tells/:number/feedback/:feedbackId',
      allow: 'show-and-tells.prepare',
      async handler(req, res) {
        const { context, feedback } = await load(req, res);
        await showForm(
          res,
          context,
          feedback,
          { answers: { answer: feedback.answer ?? '', answerText: feedback.answerText }, version: feedback.version },
          200,
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/feedback/:feedbackId',
      allow: 'show-and-tells.prepare',
      async handler(req, res, person) {
        const { context, feedback } = await load(req, res);
        const answers = readAnswerAnswers(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const { fields, errors } = validateAnswer(answers);
        if (!fields) return showForm(res, context, feedback, { answers, version: version >= 0 ? version : feedback.version, errors }, 422);
        // The group reads every answer under "You said, we did": no names, of workers or anyone else, and nothing that identifies a person.
        const workerNames = (await teamMembers(db, context.site.id)).map((member) => member.name);
        const found = findPrivacyProblems(fields.answerText, { workerNames, siteName: context.site.name });
        if (found.length) {
          const refused = new FormErrorsBuilder();
          refused.add(
            'answerText',
            `The group reads this answer, so it must not name anyone or say anything that could identify a person. Take out: ${found.map((finding) => `“${finding.text}” (${finding.why.replace(/\.$/, '')})`).join('; ')}. Say “the team” or a role instead`,
          );
          return showForm(
            res,
            context,
            feedback,
            { answers, version: version >= 0 ? version : feedback.version, errors: refused.result() },
            422,
          );
        }
        const answered = await answerPackFeedback(db, actingOf(req, person), { feedback, version, fields, today: today() });
        if (answered.stale)
          return showForm(res, context, feedback, { answers, version: feedback.version, conflict: { theirs: feedback } }, 409);
        setFlash(res, 'feedback-answered');
        res.redirect(303, `${packPath(context.site.id, context.period.number)}#feedback`);
      },
    },
  ];
}
