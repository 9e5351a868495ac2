import { actorOf, recordRead } from '../audit/record.js';
import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { NotFound } from '../http/errors.js';
import type { FormErrors } from '../http/forms.js';
import { wantsPartial } from '../http/htmx.js';
import { parseId, orNotFound } from '../http/ids.js';
import { renderPage, renderPartial } from '../http/render.js';
import type { Route } from '../http/routes.js';
import type { TeamMember } from '../sites/team.js';
import { boardUrl, prefixed, type BoardContext } from './board-view.js';
import { contactAnswersFrom, personAnswersFrom, readContactAnswers, readPersonAnswers, validateContact, validatePerson } from './form.js';
import { findContact, findPerson, updateContact, updatePerson } from './queries.js';
import { changeHuddle, huddleContext } from './write.js';
import { CONFLICT, editLocals } from './edit-view.js';
import { bodyOf, versionFrom } from '../http/forms.js';

/**
 * Changing a contact or a person to talk about, in place on the board (htmx swaps the row for its
 * form) or on a page of its own. Each save carries the version it started from: a stale one gets
 * 409 with both versions, and the person's typed answers stay in the form.
 */
function editRoutes<Rec extends { id: number; version: number }, Answers, Fields>(
  db: Db,
  today: () => IsoDate,
  kind: {
    segment: 'contacts' | 'people';
    param: 'contactId' | 'personId';
    view: 'contact' | 'person';
    noun: string;
    find: (db: Db, siteId: number, huddleId: number, id: number) => Promise<Rec | undefined>;
    answersFrom: (record: Rec) => Answers;
    read: (body: Record<string, unknown> | undefined) => Answers;
    validate: (answers: Answers, context: { team: readonly TeamMember[]; huddleDate: IsoDate }) => { fields?: Fields; errors?: FormErrors };
    update: (tx: Db, siteId: number, id: number, version: number, fields: Fields) => Promise<Rec | undefined>;
  },
): Route[] {
  const section = kind.segment === 'contacts' ? 'contacts' : 'people';
  async function load(req: Request, res: Response): Promise<{ context: BoardContext; huddleId: number; record: Rec; team: TeamMember[] }> {
    const context = await huddleContext(db, req, res, today);
    const id = parseId(String(req.params[kind.param]), kind.view);
    // The record must belong to the huddle in the address: another day's is changed at its own huddle.
    const huddleId = context.huddle?.id;
    const record = huddleId === undefined ? undefined : await kind.find(db, context.site.id, huddleId, id);
    if (huddleId === undefined || !record) throw new NotFound(kind.view);
    return { context, huddleId, record, team: context.team };
  }
  async function show(req: Request, res: Response, locals: Record<string, unknown>, status = 200) {
    if (wantsPartial(req, res)) {
      // The form posts to its section; a refused save goes back into the row being edited instead.
      if (status !== 200) res.set({ 'HX-Retarget': `#${kind.view}-${(locals.record as Rec).id}`, 'HX-Reswap': 'innerHTML' });
      return renderPartial(res, `huddles/_${kind.view}-edit`, { ...locals, partial: true }, status);
    }
    const context = locals as unknown as BoardContext;
    await renderPage(
      res,
      `huddles/edit-${kind.view}`,
      {
        ...locals,
        title: `Change ${kind.noun} – ${context.site.name}`,
        navigation: 'sites',
        backLink: { href: `${boardUrl(context.site, context.date)}#section-${section}`, text: 'Back to the huddle' },
      },
      status,
    );
  }
  return [
    {
      method: 'get',
      path: `/sites/:siteId/huddles/:date/${kind.segment}/:${kind.param}/edit`,
      allow: 'huddles.take-part',
      async handler(req, res) {
        const { context, record, team } = await load(req, res);
        await recordRead(db, actorOf(req, res), {
          action: kind.view === 'contact' ? 'contact.read' : 'huddle.person-read',
          recordType: kind.view === 'contact' ? 'contact' : 'huddle-person',
          recordId: record.id,
          details: { siteId: context.site.id, date: context.date, page: 'change' },
        });
        await show(req, res, editLocals(context, record, team, { answers: kind.answersFrom(record), version: record.version }));
      },
    },
    {
      method: 'post',
      path: `/sites/:siteId/huddles/:date/${kind.segment}/:${kind.param}`,
      allow: 'huddles.take-part',
      async handler(req, res) {
        const { context, huddleId, record, team } = await load(req, res);
        const answers = kind.read(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const { fields, errors } = kind.validate(answers, { team, huddleDate: context.date });
        const prefix = `${kind.view}-${record.id}`;
        if (!fields) return show(req, res, editLocals(context, record, team, { answers, version, errors: prefixed(errors, prefix) }), 422);
        let saved: Rec | undefined;
        await changeHuddle(
          db,
          req,
          res,
          context,
          {
            section,
            flash: `${kind.view}-saved`,
            action: `${kind.view === 'contact' ? 'contact' : 'huddle.person'}.changed`,
            recordType: kind.view,
          },
          async (tx) => {
            saved = await kind.update(tx, context.site.id, record.id, Number.isInteger(version) ? version : -1, fields);
            if (!saved) throw CONFLICT;
            return record.id;
          },
        ).catch(async (error: unknown) => {
          if (error !== CONFLICT) throw error;
          // Someone saved it since this person opened it: both versions, their typing kept, nothing overwritten.
          const latest = orNotFound(await kind.find(db, context.site.id, huddleId, record.id));
          await show(
            req,
            res,
            editLocals(context, latest, team, { answers, version: latest.version, conflict: { theirs: kind.answersFrom(latest) } }),
            409,
          );
        });
      },
    },
  ];
}

export function huddleEditRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    ...editRoutes(db, today, {
      segment: 'contacts',
      param: 'contactId',
      view: 'contact',
      noun: 'a new contact',
      find: findContact,
      answersFrom: contactAnswersFrom,
      read: readContactAnswers,
      validate: validateContact,
      update: updateContact,
    }),
    ...editRoutes(db, today, {
      segment: 'people',
      param: 'personId',
      view: 'person',
      noun: 'a person to talk about',
      find: findPerson,
      answersFrom: personAnswersFrom,
      read: readPersonAnswers,
      validate: validatePerson,
      update: updatePerson,
    }),
  ];
}
