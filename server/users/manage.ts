import type { Request, Response } from 'express';
import { LINK_DAYS } from '../accounts/links.js';
import { actingOf } from '../audit/record.js';
import {
  changeAccountAccess,
  disableAccount,
  enableAccount,
  endSessionsOf,
  newAccountLink,
  resetTwoStep,
  unlockSignIn,
} from './service.js';
import type { Db } from '../db/connection.js';
import { ROLES } from '../db/schema.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { readAccessAnswers, roleItems, ROLE_NAMES, validateAccess, type AccessAnswers } from './form.js';
import { fullLink, loadPerson } from './load.js';
import { findPerson, type Person } from './queries.js';
import { renderPerson, siteItems, sitesGivenBy } from './routes.js';
import { personOf, sessionOf } from '../http/auth.js';
import { orNotFound } from '../http/ids.js';
import { bodyOf, versionFrom } from '../http/forms.js';

function problem(field: string, text: string): FormErrors {
  return { summary: [{ text, href: `#${field}` }], fields: { [field]: text } };
}

function answersFrom(person: Person): AccessAnswers {
  return { role: person.role, siteIds: person.sites.map((site) => String(site.id)) };
}

/** What only administrators do to an account: disable, re-enable, new links, end sessions, change role and sites. */
export function userManagementRoutes(db: Db): Route[] {
  async function accessForm(res: Response, person: Person, answers: AccessAnswers, extra: Record<string, unknown> = {}, status = 200) {
    const sites = await sitesGivenBy(db, personOf(res));
    await renderPage(
      res,
      'users/access',
      {
        title: `Change role and sites for ${person.name}`,
        navigation: 'users',
        backLink: { href: `/users/${person.id}` },
        person,
        version: person.version,
        answers,
        roles: roleItems(ROLES),
        sites: siteItems(sites),
        roleNames: ROLE_NAMES,
        ...extra,
      },
      status,
    );
  }

  /** One audited change to a person, then back to their page with a banner; a change that shows a page itself returns 'answered'. */
  const action = (path: string, change: (req: Request, res: Response, person: Person) => Promise<void | 'answered'>): Route => ({
    method: 'post',
    path: `/users/:userId/${path}`,
    allow: 'people.administer',
    async handler(req, res) {
      const person = await loadPerson(db, req, res);
      if ((await change(req, res, person)) === 'answered') return;
      res.redirect(303, `/users/${person.id}`);
    },
  });

  return [
    action('disable', async (req, res, person) => {
      if (person.id === personOf(res).id) {
        await renderPerson(
          db,
          res,
          person,
          problem('disable', 'You cannot disable your own account. Ask another administrator to do it'),
          422,
        );
        return 'answered';
      }
      await disableAccount(db, actingOf(req, personOf(res)), person);
      setFlash(res, 'account-disabled');
    }),
    action('enable', async (req, res, person) => {
      await enableAccount(db, actingOf(req, personOf(res)), person);
      setFlash(res, 'account-enabled');
    }),
    action('sessions/end', async (req, res, person) => {
      // An administrator ending their own sessions keeps the one they are using.
      const keep = person.id === personOf(res).id ? sessionOf(res).idHash : undefined;
      await endSessionsOf(db, actingOf(req, personOf(res)), person, keep);
      setFlash(res, 'sessions-ended');
    }),
    action('two-step/reset', async (req, res, person) => {
      if (person.id === personOf(res).id) {
        await renderPerson(
          db,
          res,
          person,
          problem('reset', 'You cannot reset your own two-step sign-in. Ask another administrator to do it'),
          422,
        );
        return 'answered';
      }
      if (!person.mfaEnabled) {
        await renderPerson(
          db,
          res,
          person,
          problem('reset', 'Two-step sign-in is not on for this account, so there is nothing to reset'),
          422,
        );
        return 'answered';
      }
      await resetTwoStep(db, actingOf(req, personOf(res)), person);
      setFlash(res, 'two-step-reset');
    }),
    action('unlock', async (req, res, person) => {
      const lifted = await unlockSignIn(db, actingOf(req, personOf(res)), person);
      if (!lifted) {
        await renderPerson(
          db,
          res,
          person,
          problem('unlock', 'Signing in to this account is not locked now: the lock may have ended or been lifted already'),
          422,
        );
        return 'answered';
      }
      setFlash(res, 'account-unlocked');
    }),
    action('link', async (req, res, person) => {
      if (person.status === 'disabled') {
        await renderPerson(db, res, person, problem('link', 'This account is disabled. Re-enable it before creating a link'), 422);
        return 'answered';
      }
      // Someone who never set up their account needs a new invitation, not a password reset.
      const purpose = person.status === 'invited' ? 'invite' : 'reset';
      const path = await newAccountLink(db, actingOf(req, personOf(res)), person, purpose);
      await renderPage(res, 'users/link', {
        title: purpose === 'invite' ? 'New invitation link created' : 'Password reset link created',
        navigation: 'users',
        purpose,
        person,
        link: fullLink(req, path),
        days: LINK_DAYS[purpose],
      });
      return 'answered';
    }),
    {
      method: 'get',
      path: '/users/:userId/access',
      allow: 'people.administer',
      async handler(req, res) {
        const person = await loadPerson(db, req, res);
        await accessForm(res, person, answersFrom(person));
      },
    },
    {
      method: 'post',
      path: '/users/:userId/access',
      allow: 'people.administer',
      async handler(req, res) {
        const person = await loadPerson(db, req, res);
        const answers = readAccessAnswers(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const sites = await sitesGivenBy(db, personOf(res));
        let { fields, errors } = validateAccess(
          answers,
          sites.map((site) => site.id),
        );
        if (fields && person.id === personOf(res).id && fields.role !== person.role) {
          errors = problem('role', 'You cannot change your own role. Ask another administrator to do it');
          fields = undefined;
        }
        if (!fields) return accessForm(res, person, answers, { errors, version }, 422);
        const written = await changeAccountAccess(db, actingOf(req, personOf(res)), { person, version, fields });
        if (written.stale) {
          // Someone changed the account since this form was opened: show both, keep the answers.
          const latest = orNotFound(await findPerson(db, person.id));
          return accessForm(res, latest, answers, { conflict: { latest } }, 409);
        }
        setFlash(res, 'access-changed');
        res.redirect(303, `/users/${person.id}`);
      },
    },
  ];
}
