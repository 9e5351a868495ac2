import { accountLock } from '../accounts/throttle.js';
import { recentFailedSignIns } from '../accounts/sign-in-history.js';
import type { Response } from 'express';
import type { SignedInUser } from '../accounts/sessions.js';
import { LINK_DAYS } from '../accounts/links.js';
import { actingOf } from '../audit/record.js';
import { invitePerson } from './service.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { isUniqueViolation } from '../http/errors.js';
import type { FormErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { listSites } from '../sites/queries.js';
import {
  blankInviteAnswers,
  emailTaken,
  readInviteAnswers,
  refuseWhatIsNotOffered,
  roleItems,
  rolesGivenBy,
  ROLE_NAMES,
  validateInvite,
  type InviteAnswers,
} from './form.js';
import { fullLink, loadPerson } from './load.js';
import { listPeople, type Person } from './queries.js';
import { personOf } from '../http/auth.js';
import { bodyOf } from '../http/forms.js';
import { can, visibleSiteIds } from '../permissions.js';

/** The sites a person may give others: every active site for administrators, a lead's own for leads. */
export function sitesGivenBy(db: Db, actor: SignedInUser): Promise<Site[]> {
  return listSites(db, { archived: false, onlyIds: visibleSiteIds(actor) });
}

export function siteItems(sites: Site[]) {
  return sites.map((site) => ({ value: site.id, text: site.name }));
}

export function userRoutes(db: Db): Route[] {
  async function inviteForm(res: Response, answers: InviteAnswers, errors?: FormErrors, status = 200) {
    const actor = personOf(res);
    const sites = await sitesGivenBy(db, actor);
    await renderPage(
      res,
      'users/invite',
      {
        title: 'Invite someone',
        navigation: 'users',
        backLink: { href: '/users' },
        answers,
        errors,
        roles: roleItems(rolesGivenBy(actor)),
        sites: siteItems(sites),
        isAdministrator: can(actor, 'people.administer'),
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/users',
      allow: 'people.invite',
      async handler(req, res, viewer) {
        const people = await listPeople(db, { inSiteIds: visibleSiteIds(viewer) });
        await renderPage(res, 'users/list', {
          title: 'Users',
          navigation: 'users',
          people,
          roleNames: ROLE_NAMES,
          isAdministrator: can(viewer, 'people.administer'),
        });
      },
    },
    {
      method: 'get',
      path: '/users/invite',
      allow: 'people.invite',
      handler: (req, res) => inviteForm(res, blankInviteAnswers()),
    },
    {
      method: 'post',
      path: '/users/invite',
      allow: 'people.invite',
      async handler(req, res, actor) {
        const answers = readInviteAnswers(bodyOf(req));
        refuseWhatIsNotOffered(actor, answers);
        const offered = await sitesGivenBy(db, actor);
        const { fields, errors } = validateInvite(
          answers,
          offered.map((site) => site.id),
        );
        if (!fields) return inviteForm(res, answers, errors, 422);
        try {
          const invited = await invitePerson(db, actingOf(req, actor), fields);
          if (invited.emailTaken) return inviteForm(res, answers, emailTaken(fields.email), 422);
          await renderPage(res, 'users/link', {
            title: 'Invitation created',
            navigation: 'users',
            purpose: 'invite',
            person: invited.user,
            link: fullLink(req, invited.path),
            days: LINK_DAYS.invite,
          });
        } catch (error) {
          if (isUniqueViolation(error, 'users_email_unique')) return inviteForm(res, answers, emailTaken(fields.email), 422);
          throw error;
        }
      },
    },
    {
      method: 'get',
      path: '/users/:userId',
      allow: 'people.invite',
      async handler(req, res) {
        const person = await loadPerson(db, req, res);
        await renderPerson(db, res, person);
      },
    },
  ];
}

/** The person's page; also re-shown, with a message, when an action on it is refused. */
export async function renderPerson(db: Db, res: Response, person: Person, errors?: FormErrors, status = 200): Promise<void> {
  const viewer = personOf(res);
  const isAdministrator = can(viewer, 'people.administer');
  // Only administrators see and lift a lock on signing in, and the attempts behind it.
  const [lock, attempts] = isAdministrator
    ? await Promise.all([accountLock(db, person.email), recentFailedSignIns(db, person.id)])
    : [undefined, []];
  await renderPage(
    res,
    'users/show',
    {
      title: person.name,
      navigation: 'users',
      backLink: { href: '/users', text: 'All users' },
      person,
      roleNames: ROLE_NAMES,
      isAdministrator,
      isSelf: viewer.id === person.id,
      errors,
      lock,
      attempts,
    },
    status,
  );
}
