import type { Request, Response } from 'express';
import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actingOf, actorOf } from '../audit/record.js';
import { HttpError } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { characterCount, FormErrorsBuilder, text, type FormErrors, bodyOf, versionFrom } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { mayEdit, mayReview } from './access.js';
import { missingForReview } from './form.js';
import { loadStory, type LoadedStory } from './load.js';
import { renderStoryPage, storyBase, storyPageLocals } from './pages.js';
import { findVersion } from './queries.js';
import { checkStory, summarise } from './findings.js';
import { personOf } from '../http/auth.js';
import { reviewStory, submitStory } from './service.js';
import { storyRead, storyRefused } from './reads.js';

export const COMMENTS_MAX = 5000;

interface ReviewAnswers {
  decision: string;
  motivatedIntruder: string;
  comments: string;
}

/** Why approval is refused, as the error summary says it; none when it may go ahead. */
function approvalProblems(loaded: LoadedStory, answers: ReviewAnswers, check: { unexplained: number; mustGo: number }): FormErrorsBuilder {
  const { mustGo } = check;
  const unexplained = check.unexplained - mustGo;
  const errors = new FormErrorsBuilder();
  const { consent, consentState } = loaded;
  if (consentState === 'none')
    errors.add(
      'decision',
      'You cannot approve this story: no consent is recorded. Record the person’s consent, or the decision made for them, first',
      'decision',
    );
  if (consentState === 'withdrawn')
    errors.add(
      'decision',
      `You cannot approve this story: consent was withdrawn${consent?.withdrawnOn ? ` on ${formatDate(consent.withdrawnOn)}` : ''}`,
      'decision',
    );
  if (consentState === 'expired' && consent)
    errors.add(
      'decision',
      `You cannot approve this story: consent expired after ${formatDate(consent.expiresOn)}. Record renewed consent first`,
      'decision',
    );
  for (const missing of missingForReview(loaded.story))
    errors.add(
      'decision',
      `You cannot approve this story yet: ${missing.charAt(0).toLowerCase()}${missing.slice(1)}. Return it with a comment`,
      'decision',
    );
  if (mustGo > 0)
    errors.add(
      'decision',
      `You cannot approve this story: it has ${mustGo === 1 ? 'a contact detail or number' : `${mustGo} contact details or numbers`} (an NHS number, phone number, email address, street address, postcode or case number), which are never fine in a story. Return it so the writer takes ${mustGo === 1 ? 'it' : 'them'} out`,
      'decision',
    );
  if (unexplained > 0)
    errors.add(
      'decision',
      `The identifier check finds ${unexplained === 1 ? '1 thing' : `${unexplained} things`} the writer has not explained. Return the story so they can change or explain ${unexplained === 1 ? 'it' : 'them'}`,
      'decision',
    );
  if (answers.motivatedIntruder !== 'yes')
    errors.add(
      'motivatedIntruder',
      'Confirm that a motivated intruder could not recognise the person from this story',
      'motivatedIntruder',
    );
  return errors;
}

export function storyReviewRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showReview(
    req: Request,
    res: Response,
    loaded: LoadedStory,
    locals: { answers: ReviewAnswers; errors?: FormErrors; changed?: { readVersion: number } },
    status: number,
  ) {
    const { site, story } = loaded;
    // The story changed while the lead was reviewing it: show the version they read beside the one there is now.
    const read = locals.changed ? await findVersion(db, story.id, locals.changed.readVersion) : undefined;
    await renderPage(
      res,
      'stories/review',
      {
        title: `Review “${story.title || 'Untitled story'}” – ${site.name}`,
        navigation: 'sites',
        ...(await storyPageLocals(db, res, loaded)),
        ...locals,
        conflict: locals.changed ? { read } : undefined,
        commentsMax: COMMENTS_MAX,
        isAuthor: personOf(res).id === story.authorId,
        backLink: { href: storyBase(site, story), text: 'Back to the story' },
      },
      status,
    );
  }

  return [
    {
      method: 'post',
      path: '/sites/:siteId/stories/:storyId/submit',
      allow: 'stories.write',
      async handler(req, res, person) {
        const loaded = await loadStory(db, req, res, today());
        const { site, story } = loaded;
        if (!mayEdit(res.locals.user, story))
          throw new HttpError(403, 'Only the story’s author and the site’s programme leads can send it for review');
        const errors = new FormErrorsBuilder();
        if (versionFrom(bodyOf(req)) !== story.version)
          errors.add('submit', 'The story changed since you opened this page. Read it again, then send it for review', 'identifier-check');
        if (story.status !== 'draft' && story.status !== 'returned')
          errors.add('submit', 'This story has already been sent for review', 'identifier-check');
        for (const [index, missing] of missingForReview(story).entries())
          errors.add(`missing-${index}`, `${missing} before you send the story for review`, 'identifier-check');
        // The identifier check runs again before review: every finding edited away or explained.
        const current = await findVersion(db, story.id, story.version);
        const { unexplained, mustGo } = summarise(checkStory(story, current?.explanations ?? []));
        if (mustGo)
          errors.add(
            'mustGo',
            `Take out ${mustGo === 1 ? 'the contact detail or number' : `the ${mustGo} contact details or numbers`} the identifier check found before you send the story for review: an NHS number, phone number, email address, street address, postcode or case number is never fine in a story`,
            'identifier-check',
          );
        if (unexplained > mustGo)
          errors.add(
            'findings',
            `Change or explain ${unexplained - mustGo === 1 ? 'the finding' : `the ${unexplained - mustGo} findings`} of the identifier check before you send the story for review`,
            'identifier-check',
          );
        if (errors.any)
          return renderStoryPage(db, res, loaded, { errors: errors.result() }, versionFrom(bodyOf(req)) !== story.version ? 409 : 422);
        const submitted = await submitStory(db, actingOf(req, person), { siteId: site.id, story });
        if (submitted.stale)
          return renderStoryPage(
            db,
            res,
            await loadStory(db, req, res, today()),
            {
              errors: {
                summary: [
                  {
                    text: 'The story changed while you were sending it. Read it again, then send it for review',
                    href: '#identifier-check',
                  },
                ],
                fields: {},
              },
            },
            409,
          );
        setFlash(res, 'story-submitted');
        res.redirect(303, storyBase(site, story));
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/stories/:storyId/review',
      allow: 'stories.review',
      async handler(req, res) {
        const loaded = await loadStory(db, req, res, today());
        await storyRead(db, actorOf(req, res), loaded.story.id, { siteId: loaded.site.id, version: loaded.story.version, view: 'review' });
        await showReview(req, res, loaded, { answers: { decision: '', motivatedIntruder: '', comments: '' } }, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/stories/:storyId/review',
      allow: 'stories.review',
      async handler(req, res, person) {
        const loaded = await loadStory(db, req, res, today());
        const { site, story } = loaded;
        const answers = {
          decision: text(bodyOf(req), 'decision'),
          motivatedIntruder: text(bodyOf(req), 'motivatedIntruder'),
          comments: text(bodyOf(req), 'comments', { multiline: true }),
        };
        const refuse = (errors: FormErrorsBuilder, status: number) =>
          showReview(req, res, loaded, { answers, errors: errors.result() }, status);
        if (!mayReview(res.locals.user, story)) {
          const errors = new FormErrorsBuilder();
          errors.add(
            'decision',
            'You wrote this story, so you cannot approve or return it. Another programme lead at the site must review it',
            'decision',
          );
          await storyRefused(db, actorOf(req, res), 'story.review-refused', story.id, { siteId: site.id, reason: 'author' });
          return refuse(errors, 403);
        }
        const version = versionFrom(bodyOf(req));
        if (version !== story.version) return showReview(req, res, loaded, { answers, changed: { readVersion: version } }, 409);
        const errors = new FormErrorsBuilder();
        if (story.status !== 'submitted') errors.add('decision', 'This story is not waiting for review', 'decision');
        else if (answers.decision !== 'approve' && answers.decision !== 'return')
          errors.add('decision', 'Select whether to approve the story or return it to the writer', 'decision');
        if (characterCount(answers.comments) > COMMENTS_MAX)
          errors.add('comments', `Comments must be ${COMMENTS_MAX.toLocaleString('en-GB')} characters or fewer`);
        if (errors.any) return refuse(errors, 422);
        const current = await findVersion(db, story.id, story.version);
        const check = summarise(checkStory(story, current?.explanations ?? []));
        if (answers.decision === 'return') {
          if (!answers.comments) errors.add('comments', 'Say what the writer should change before the story can be approved');
          if (errors.any) return refuse(errors, 422);
        } else {
          const problems = approvalProblems(loaded, answers, check);
          if (problems.any) {
            await storyRefused(db, actorOf(req, res), 'story.approval-refused', story.id, {
              siteId: site.id,
              version: story.version,
              consent: loaded.consentState,
            });
            return refuse(problems, 422);
          }
        }
        const approving = answers.decision === 'approve';
        const reviewed = await reviewStory(db, actingOf(req, person), {
          siteId: site.id,
          story,
          approving,
          comments: answers.comments,
          check,
        });
        if (reviewed.stale)
          return showReview(req, res, await loadStory(db, req, res, today()), { answers, changed: { readVersion: version } }, 409);
        setFlash(res, approving ? 'story-approved' : 'story-returned');
        res.redirect(303, storyBase(site, story));
      },
    },
  ];
}
