import type { Request, Response } from 'express';
import { readActionAnswers, validateAction } from '../actions/form.js';
import { addAction } from '../actions/service.js';
import { actingOf } from '../audit/record.js';
import { answerWellbeingCheck, bringItemBack, closeWellbeingCheck, raiseItemAtReflection } from './service.js';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { HttpError } from '../http/errors.js';
import { FLASH_MESSAGES, setFlash, type FlashKey } from '../http/flash.js';
import { FormErrorsBuilder, text, type FormErrors, bodyOf } from '../http/forms.js';
import { wantsPartial } from '../http/htmx.js';
import type { Route } from '../http/routes.js';
import { readItemAnswers, validateItem } from '../getting-in-the-way/form.js';
import { findItem, isClosed } from '../getting-in-the-way/queries.js';
import { teamMembers } from '../sites/team.js';
import { readWellbeingAnswers, validateWellbeing } from './form.js';
import { isTeamMember, loadReflection, reflectionPath, renderPart, renderReflection, type Loaded } from './page.js';
import { findReflection } from './queries.js';
import { orNotFound } from '../http/ids.js';

/** Field ids on the reflection page are prefixed where two forms share a field name. */
function anchored(errors: FormErrors | undefined, ids: Record<string, string>): FormErrors | undefined {
  if (!errors) return undefined;
  return {
    fields: errors.fields,
    summary: errors.summary.map((item) => ({ text: item.text, href: `#${ids[item.href.slice(1)] ?? item.href.slice(1)}` })),
  };
}

/** The date things raised at a reflection carry: the day it is held, or today while that day is still to come. */
function raisedOn(loaded: Loaded, today: IsoDate): IsoDate {
  return loaded.reflection.heldOn > today ? today : loaded.reflection.heldOn;
}

export function reflectionPartRoutes(db: Db, today: () => IsoDate): Route[] {
  /** Answers a part's form: its part alone for htmx, otherwise the whole page (with errors) or a redirect. */
  async function answer(
    req: Request,
    res: Response,
    loaded: Loaded,
    part: { view: string; anchor: string },
    outcome: { errors?: FormErrors; errorsKey: string; extra?: Record<string, unknown>; flash?: FlashKey },
  ) {
    const date = today();
    if (outcome.errors) {
      const extra = { ...outcome.extra, [outcome.errorsKey]: outcome.errors };
      if (wantsPartial(req, res)) return renderPart(db, res, part.view, loaded, date, { ...extra, asPart: true }, 422);
      return renderReflection(db, res, loaded, date, { ...extra, errors: outcome.errors }, 422);
    }
    const flash = outcome.flash;
    if (!flash) throw new Error('A reflection part was saved without a message to say so');
    if (wantsPartial(req, res)) return renderPart(db, res, part.view, loaded, date, { asPart: true, done: FLASH_MESSAGES[flash] });
    setFlash(res, flash);
    res.redirect(303, `${reflectionPath(loaded.site, loaded.reflection)}#${part.anchor}`);
  }

  return [
    {
      method: 'post',
      path: '/sites/:siteId/reflections/:reflectionId/getting-in-the-way',
      allow: 'reflections.take-part',
      async handler(req, res, person) {
        const loaded = await loadReflection(db, req, res);
        const itemAnswers = readItemAnswers(bodyOf(req));
        const { fields, errors } = validateItem(itemAnswers, { team: await teamMembers(db, loaded.site.id) });
        const part = { view: '_in-the-way', anchor: 'in-the-way' };
        if (!fields) {
          const shown = anchored(errors, { title: 'item-title', description: 'item-description', ownerId: 'item-ownerId' });
          return answer(req, res, loaded, part, { errors: shown, errorsKey: 'itemErrors', extra: { itemAnswers } });
        }
        await raiseItemAtReflection(db, actingOf(req, person), {
          siteId: loaded.site.id,
          reflectionId: loaded.reflection.id,
          fields,
          raisedOn: raisedOn(loaded, today()),
        });
        await answer(req, res, loaded, part, { errorsKey: 'itemErrors', flash: 'reflection-item-raised' });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/reflections/:reflectionId/getting-in-the-way/link',
      allow: 'reflections.take-part',
      async handler(req, res, person) {
        const loaded = await loadReflection(db, req, res);
        const itemId = text(bodyOf(req), 'itemId');
        const item =
          /^[1-9]\d{0,9}$/.test(itemId) && Number(itemId) <= 2_147_483_647 ? await findItem(db, loaded.site.id, Number(itemId)) : undefined;
        const part = { view: '_in-the-way', anchor: 'in-the-way' };
        if (!item || isClosed(item)) {
          const errors = new FormErrorsBuilder();
          errors.add(
            'itemId',
            itemId ? 'Select an open item from this site’s log: that one is not open here' : 'Select an item from the log to bring back',
          );
          return answer(req, res, loaded, part, { errors: errors.result(), errorsKey: 'linkErrors', extra: { linkAnswer: itemId } });
        }
        await bringItemBack(db, actingOf(req, person), { reflectionId: loaded.reflection.id, item });
        await answer(req, res, loaded, part, { errorsKey: 'linkErrors', flash: 'reflection-item-linked' });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/reflections/:reflectionId/actions',
      allow: 'reflections.take-part',
      async handler(req, res, person) {
        const loaded = await loadReflection(db, req, res);
        const actionAnswers = readActionAnswers(bodyOf(req));
        const { fields, errors } = validateAction(actionAnswers, { team: await teamMembers(db, loaded.site.id), today: today() });
        const part = { view: '_try-differently', anchor: 'try-differently' };
        if (!fields) {
          const shown = anchored(errors, { description: 'action-description', ownerId: 'action-ownerId' });
          return answer(req, res, loaded, part, { errors: shown, errorsKey: 'actionErrors', extra: { actionAnswers } });
        }
        await addAction(db, actingOf(req, person), {
          siteId: loaded.site.id,
          fields,
          raisedOn: raisedOn(loaded, today()),
          reflectionId: loaded.reflection.id,
        });
        await answer(req, res, loaded, part, { errorsKey: 'actionErrors', flash: 'reflection-action-raised' });
      },
    },
    {
      // Team members only: an administrator looking in is not part of the team's morale.
      method: 'post',
      path: '/sites/:siteId/reflections/:reflectionId/wellbeing',
      allow: 'reflections.wellbeing',
      async handler(req, res, person) {
        const loaded = await loadReflection(db, req, res);
        if (!isTeamMember(await teamMembers(db, loaded.site.id), res)) throw new HttpError(403, 'not in the team');
        const wellbeingAnswers = readWellbeingAnswers(bodyOf(req));
        const { fields, errors } = validateWellbeing(wellbeingAnswers);
        const part = { view: '_wellbeing', anchor: 'wellbeing' };
        if (!fields) return answer(req, res, loaded, part, { errors, errorsKey: 'wellbeingErrors', extra: { wellbeingAnswers } });
        // Not audited as each person answers: the closing is, with who answered (see wellbeing.ts).
        const outcome = await answerWellbeingCheck(db, actingOf(req, person), {
          reflectionId: loaded.reflection.id,
          answer: fields,
          today: today(),
        });
        if (outcome !== 'recorded') {
          const refused = new FormErrorsBuilder();
          refused.add(
            'score',
            outcome === 'already'
              ? 'You have already answered this week’s wellbeing check. Each person answers once, and an answer cannot be changed because it is not kept with your name'
              : 'This week’s wellbeing check has closed, so it takes no more answers',
            'wellbeing',
          );
          return answer(req, res, loaded, part, { errors: refused.result(), errorsKey: 'wellbeingErrors', extra: { wellbeingAnswers } });
        }
        await answer(req, res, loaded, part, { errorsKey: 'wellbeingErrors', flash: 'wellbeing-answered' });
      },
    },
    {
      // A lead closes the check, and only then are its results shown.
      method: 'post',
      path: '/sites/:siteId/reflections/:reflectionId/wellbeing/close',
      allow: 'reflections.close-wellbeing',
      async handler(req, res, person) {
        const loaded = await loadReflection(db, req, res);
        const part = { view: '_wellbeing', anchor: 'wellbeing' };
        const closed = await closeWellbeingCheck(db, actingOf(req, person), {
          siteId: loaded.site.id,
          reflectionId: loaded.reflection.id,
          today: today(),
        });
        const fresh = { ...loaded, reflection: orNotFound(await findReflection(db, loaded.site.id, loaded.reflection.id)) };
        if (!closed) {
          const refused = new FormErrorsBuilder();
          refused.add('score', 'The wellbeing check has closed already', 'wellbeing');
          return answer(req, res, fresh, part, { errors: refused.result(), errorsKey: 'wellbeingErrors' });
        }
        await answer(req, res, fresh, part, { errorsKey: 'wellbeingErrors', flash: 'wellbeing-closed' });
      },
    },
  ];
}
