import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { readActionAnswers, readReviewAnswers, validateAction, validateReview } from '../actions/form.js';
import { createActionOnce, findAction, reviewAction } from '../actions/queries.js';
import { readItemAnswers, validateItem } from '../getting-in-the-way/form.js';
import { createItemOnce, findItem, isClosed, mentionItem } from '../getting-in-the-way/queries.js';
import { personOf } from '../http/auth.js';
import { NotFound } from '../http/errors.js';
import { FormErrorsBuilder, text, bodyOf, versionFrom } from '../http/forms.js';
import { parseId, orNotFound } from '../http/ids.js';
import type { Route } from '../http/routes.js';
import { checkLength, NOTE_MAX } from '../actions/form.js';
import { boardUrl, showBoard } from './board-view.js';
import { wantsPartial } from '../http/htmx.js';
import { renderPage, renderPartial } from '../http/render.js';
import { CONFLICT } from './edit-view.js';
import { changeHuddle, formKeyFrom, huddleContext, refuse } from './write.js';

/** The huddle's own agenda items that live in other rooms: actions and the "getting in the way" log. */
export function huddleAgendaRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/actions',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const answers = readActionAnswers(bodyOf(req));
        const { fields, errors } = validateAction(answers, { team: context.team, today: context.today });
        if (!fields) return refuse(db, req, res, context, 'agreed-actions', { name: 'action', answers, errors });
        await changeHuddle(
          db,
          req,
          res,
          context,
          { section: 'agreed-actions', flash: 'action-added', action: 'action.added', recordType: 'action' },
          async (tx, huddleId) => {
            return (
              (
                await createActionOnce(
                  tx,
                  context.site.id,
                  fields,
                  { raisedOn: context.date, huddleId },
                  personOf(res).id,
                  formKeyFrom(bodyOf(req)),
                )
              )?.id ?? null
            );
          },
        );
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/huddles/:date/actions/:actionId/review',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const action = await findAction(db, context.site.id, parseId(String(req.params.actionId), 'action'));
        if (!action) throw new NotFound('action');
        const locals = {
          site: context.site,
          date: context.date,
          base: boardUrl(context.site, context.date),
          action,
          name: `review-${action.id}`,
          answers: { status: '', note: '' },
          version: action.version,
          limits: { note: NOTE_MAX },
        };
        if (wantsPartial(req, res)) return renderPartial(res, 'huddles/_review-form', { ...locals, focus: true });
        await renderPage(res, 'huddles/review-action', {
          ...locals,
          title: `Update an open action – ${context.site.name}`,
          navigation: 'sites',
          backLink: { href: `${locals.base}#section-open-actions`, text: 'Back to the huddle' },
        });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/actions/:actionId/review',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const action = await findAction(db, context.site.id, parseId(String(req.params.actionId), 'action'));
        if (!action) throw new NotFound('action');
        const answers = readReviewAnswers(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const name = `review-${action.id}` as const;
        const { fields, errors } = validateReview(answers);
        if (!fields) return refuse(db, req, res, context, 'open-actions', { name, answers, errors });
        await changeHuddle(
          db,
          req,
          res,
          context,
          { section: 'open-actions', flash: 'action-reviewed', action: 'action.reviewed', recordType: 'action' },
          async (tx, huddleId) => {
            const reviewed = await reviewAction(
              tx,
              { siteId: context.site.id, id: action.id, version: Number.isInteger(version) ? version : -1 },
              { ...fields, huddleId, reviewedBy: personOf(res).id, today: context.today },
            );
            if (!reviewed) throw CONFLICT;
            return action.id;
          },
        ).catch(async (error: unknown) => {
          if (error !== CONFLICT) throw error;
          const latest = orNotFound(await findAction(db, context.site.id, action.id));
          await showBoard(db, req, res, context, {
            section: 'open-actions',
            status: 409,
            form: {
              name,
              answers,
              version: latest.version,
              conflict: {
                actionId: action.id,
                theirs: { status: latest.status, note: latest.statusNote, description: latest.description },
              },
            },
          });
        });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/getting-in-the-way',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const answers = readItemAnswers(bodyOf(req));
        const { fields, errors } = validateItem(answers, { team: context.team });
        if (!fields) return refuse(db, req, res, context, 'getting-in-the-way', { name: 'item', answers, errors });
        await changeHuddle(
          db,
          req,
          res,
          context,
          { section: 'getting-in-the-way', flash: 'item-raised', action: 'getting-in-the-way.raised', recordType: 'getting-in-the-way' },
          async (tx, huddleId) => {
            return (
              (
                await createItemOnce(
                  tx,
                  context.site.id,
                  fields,
                  { raisedOn: context.date, huddleId },
                  personOf(res).id,
                  formKeyFrom(bodyOf(req)),
                )
              )?.id ?? null
            );
          },
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/getting-in-the-way/bring-back',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const itemId = text(bodyOf(req), 'itemId');
        const note = text(bodyOf(req), 'note', { multiline: true });
        const item = /^\d{1,9}$/.test(itemId) ? await findItem(db, context.site.id, Number(itemId)) : undefined;
        const errors = new FormErrorsBuilder();
        if (!itemId) errors.add('itemId', 'Select the item to bring back');
        else if (!item) errors.add('itemId', 'Select an item from this site’s log');
        else if (isClosed(item))
          errors.add('itemId', 'That item is closed. Raise it again as a new item if it is getting in the way again');
        checkLength(note, NOTE_MAX, 'Note', errors, 'note');
        if (errors.any || !item)
          return refuse(db, req, res, context, 'getting-in-the-way', {
            name: 'mention',
            answers: { itemId, note },
            errors: errors.result(),
          });
        await changeHuddle(
          db,
          req,
          res,
          context,
          {
            section: 'getting-in-the-way',
            flash: 'item-brought-back',
            action: 'getting-in-the-way.brought-back',
            recordType: 'getting-in-the-way',
          },
          // Brought back already (a double click): nothing to audit, and the answer is as before.
          async (tx, huddleId) => ((await mentionItem(tx, item, { huddleId }, note)) ? item.id : null),
        );
      },
    },
  ];
}
