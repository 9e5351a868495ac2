import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { personOf } from '../http/auth.js';
import { isUniqueViolation, NotFound } from '../http/errors.js';
import { FormErrorsBuilder, text, bodyOf } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import type { Route } from '../http/routes.js';
import { readContactAnswers, readPersonAnswers, validateContact, validateGuest, validatePerson } from './form.js';
import { addGuest, contactInsert, personInsert, removeGuest, setPresent } from './queries.js';
import { addToHuddle, changeHuddle, formKeyFrom, huddleContext, refuse } from './write.js';

export function huddleItemRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/attendance',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const team = context.team;
        const member = team.find((candidate) => String(candidate.id) === text(bodyOf(req), 'userId'));
        const present = text(bodyOf(req), 'present');
        if (!member || !['yes', 'no'].includes(present)) {
          const errors = new FormErrorsBuilder();
          errors.add('attendance', member ? 'Say whether they are here' : 'Choose someone from this site’s team');
          return refuse(db, req, res, context, 'attendance', { name: 'attendance', answers: {}, errors: errors.result() });
        }
        await changeHuddle(
          db,
          req,
          res,
          context,
          { section: 'attendance', flash: 'attendance-saved', action: 'huddle.attendance', recordType: 'huddle' },
          async (tx, huddleId) => {
            await setPresent(tx, context.site.id, huddleId, member.id, present === 'yes');
            return undefined;
          },
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/guests',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const { role, errors } = validateGuest(bodyOf(req));
        if (errors) return refuse(db, req, res, context, 'attendance', { name: 'guest', answers: { role }, errors });
        await changeHuddle(
          db,
          req,
          res,
          context,
          { section: 'attendance', flash: 'guest-added', action: 'huddle.guest-added', recordType: 'huddle' },
          async (tx, huddleId) => {
            return (await addGuest(tx, context.site.id, huddleId, role, formKeyFrom(bodyOf(req)))) ? undefined : null;
          },
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/guests/:guestId/remove',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const guestId = parseId(String(req.params.guestId), 'guest');
        await changeHuddle(
          db,
          req,
          res,
          context,
          { section: 'attendance', flash: 'guest-removed', action: 'huddle.guest-removed', recordType: 'huddle' },
          async (tx, huddleId) => {
            if (!(await removeGuest(tx, context.site.id, huddleId, guestId))) throw new NotFound('guest');
            return undefined;
          },
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/contacts',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const answers = readContactAnswers(bodyOf(req));
        const { fields, errors } = validateContact(answers, { team: context.team, huddleDate: context.date });
        if (!fields) return refuse(db, req, res, context, 'contacts', { name: 'contact', answers, errors });
        try {
          await addToHuddle(
            db,
            req,
            res,
            context,
            { section: 'contacts', flash: 'contact-added', action: 'contact.added', recordType: 'contact' },
            (sql, huddleId) => contactInsert(sql, context.site.id, huddleId, fields, personOf(res).id),
          );
        } catch (error) {
          if (!isUniqueViolation(error, 'contacts_site_person_date')) throw error;
          const duplicate = new FormErrorsBuilder();
          duplicate.add(
            'personRef',
            `A contact for ${fields.personRef} on this contact date is already recorded. Check the reference, or change the date if this is a new contact`,
          );
          return refuse(db, req, res, context, 'contacts', { name: 'contact', answers, errors: duplicate.result() });
        }
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/people',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = await huddleContext(db, req, res, today);
        const answers = readPersonAnswers(bodyOf(req));
        const { fields, errors } = validatePerson(answers, { team: context.team, huddleDate: context.date });
        if (!fields) return refuse(db, req, res, context, 'people', { name: 'person', answers, errors });
        await addToHuddle(
          db,
          req,
          res,
          context,
          { section: 'people', flash: 'person-added', action: 'huddle.person-added', recordType: 'huddle-person' },
          (sql, huddleId) => personInsert(sql, context.site.id, huddleId, fields, personOf(res).id, formKeyFrom(bodyOf(req))),
        );
      },
    },
  ];
}
