import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { actingOf, actorOf, recordRead } from '../audit/record.js';
import { changeContact, recordContact } from './service.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, type FormErrors, bodyOf, versionFrom } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { teamMembers, type TeamMember } from '../sites/team.js';
import { formatDate } from '../calendar/fortnights.js';
import {
  blankRecordAnswers,
  OUTCOME_NAMES,
  readRecordAnswers,
  recordAnswersFrom,
  TEAM_MAX,
  validateRecord,
  WAY_NAMES,
  type ContactRecordAnswers,
  type ContactRecordFields,
} from './form.js';
import { findDuplicate, findRecord, type ContactRecord } from './queries.js';
import { waitedText } from './routes.js';
import { answerRows, recordRows } from './display.js';

async function loadRecord(db: Db, req: Request, res: Response): Promise<{ site: Site; record: ContactRecord }> {
  const site = await loadSite(db, req, res);
  const record = await findRecord(db, site.id, parseId(String(req.params.contactId), 'contact record'));
  if (!record) throw new NotFound('contact record');
  return { site, record };
}

/** The site's team, and the record's lead worker too if they have since left it, so keeping them is not refused. */
async function leadWorkersFor(db: Db, siteId: number, record?: ContactRecord): Promise<TeamMember[]> {
  const team = await teamMembers(db, siteId);
  if (!record?.leadWorkerId || team.some((member) => member.id === record.leadWorkerId)) return team;
  return [...team, { id: record.leadWorkerId, name: record.leadWorkerName ?? 'A former team member', role: 'practitioner' }];
}

/** The unique index refuses a second record of the same person on the same day: say so in the form. */
function duplicateErrors(fields: ContactRecordFields): FormErrors {
  return FormErrorsBuilder.one(
    'personRef',
    `This site already has a record for ${fields.personRef} with the contact date ${formatDate(fields.contactDate)}. Change that record instead, or check the person reference and contact date`,
  );
}

const formLocals = { outcomeNames: OUTCOME_NAMES, wayNames: WAY_NAMES, teamMax: TEAM_MAX };

export function contactRecordRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showNew(
    res: Response,
    site: Site,
    team: TeamMember[],
    answers: ContactRecordAnswers,
    errors: FormErrors | undefined,
    status: number,
    duplicateOf?: number,
  ) {
    await renderPage(
      res,
      'contacts/new',
      {
        title: `Add a contact record – ${site.name}`,
        navigation: 'sites',
        site,
        team,
        answers,
        errors,
        duplicateOf,
        ...formLocals,
        backLink: { href: `/sites/${site.id}/contacts`, text: 'Back to contact records' },
      },
      status,
    );
  }
  async function showEdit(
    res: Response,
    locals: {
      site: Site;
      record: ContactRecord;
      team: TeamMember[];
      answers: ContactRecordAnswers;
      version: number;
      errors?: FormErrors;
      duplicateOf?: number;
      conflict?: { theirs: ContactRecord };
    },
    status: number,
  ) {
    const { site, record, conflict, team, answers } = locals;
    const conflictRows =
      conflict &&
      answerRows(recordAnswersFrom(conflict.theirs), team).map(([key, theirs], index) => [
        key,
        theirs,
        answerRows(answers, team)[index][1],
      ]);
    await renderPage(
      res,
      'contacts/edit',
      {
        title: `Change contact record – ${site.name}`,
        navigation: 'sites',
        ...formLocals,
        ...locals,
        conflictRows,
        backLink: { href: `/sites/${site.id}/contacts/${record.id}`, text: 'Back to the record' },
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/contacts/new',
      allow: 'contacts.record',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showNew(res, site, await teamMembers(db, site.id), blankRecordAnswers(), undefined, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/contacts',
      allow: 'contacts.record',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const team = await teamMembers(db, site.id);
        const answers = readRecordAnswers(bodyOf(req));
        const { fields, errors } = validateRecord(answers, { team, today: today() });
        if (!fields) return showNew(res, site, team, answers, errors, 422);
        const recorded = await recordContact(db, actingOf(req, person), { siteId: site.id, fields });
        if (recorded.duplicate) {
          const existing = await findDuplicate(db, site.id, fields.personRef, fields.contactDate);
          return showNew(res, site, team, answers, duplicateErrors(fields), 422, existing);
        }
        setFlash(res, 'contact-added');
        res.redirect(303, `/sites/${site.id}/contacts/${recorded.saved.id}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/contacts/:contactId',
      allow: 'contacts.record',
      async handler(req, res) {
        const { site, record } = await loadRecord(db, req, res);
        // Reading a record is audited: who looked at which person's record, and when.
        await recordRead(db, actorOf(req, res), {
          action: 'contact.read',
          recordType: 'contact',
          recordId: record.id,
          details: { siteId: site.id },
        });
        await renderPage(res, 'contacts/show', {
          title: `Contact record ${record.personRef} – ${site.name}`,
          navigation: 'sites',
          site,
          record,
          rows: recordRows({ ...record, ...waitedText(record, today()) }),
          ...formLocals,
          backLink: { href: `/sites/${site.id}/contacts`, text: 'Back to contact records' },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/contacts/:contactId/edit',
      allow: 'contacts.record',
      async handler(req, res) {
        const { site, record } = await loadRecord(db, req, res);
        const team = await leadWorkersFor(db, site.id, record);
        await recordRead(db, actorOf(req, res), {
          action: 'contact.read',
          recordType: 'contact',
          recordId: record.id,
          details: { siteId: site.id, page: 'change' },
        });
        await showEdit(res, { site, record, team, answers: recordAnswersFrom(record), version: record.version }, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/contacts/:contactId',
      allow: 'contacts.record',
      async handler(req, res, person) {
        const { site, record } = await loadRecord(db, req, res);
        const team = await leadWorkersFor(db, site.id, record);
        const answers = readRecordAnswers(bodyOf(req));
        // A missing or garbled version cannot be proved current, so it is treated as stale.
        const version = versionFrom(bodyOf(req));
        const { fields, errors } = validateRecord(answers, { team, today: today() });
        // The version goes back as it came (-1 when garbled), so a stale form stays stale after the errors are put right.
        if (!fields) return showEdit(res, { site, record, team, answers, version, errors }, 422);
        const written = await changeContact(db, actingOf(req, person), { siteId: site.id, id: record.id, version, fields });
        if ('duplicate' in written) {
          const existing = await findDuplicate(db, site.id, fields.personRef, fields.contactDate);
          return showEdit(res, { site, record, team, answers, version, errors: duplicateErrors(fields), duplicateOf: existing }, 422);
        }
        if (written.stale) {
          // Someone saved this record since this person opened it: show both, keep what they typed, overwrite nothing.
          return showEdit(res, { site, record, team, answers, version: record.version, conflict: { theirs: record } }, 409);
        }
        setFlash(res, 'contact-saved');
        res.redirect(303, `/sites/${site.id}/contacts/${record.id}`);
      },
    },
  ];
}
