import type { Request, Response } from 'express';
import { actingOf } from '../audit/record.js';
import type { Db } from '../db/connection.js';
import { personOf, sessionOf } from '../http/auth.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, type FormErrors, bodyOf } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { password } from './form.js';
import { passwordProblem } from './passwords.js';
import { changePassword, currentPasswordRefused, makeNewRecoveryCodes } from './service.js';
import { LOCK_MINUTES } from './throttle.js';

/**
 * What a signed-in person does to their own sign-in: change their password (with the current
 * one) and make new recovery codes (with the password too). The current password is asked again
 * so that a session left open cannot be used to take the account over, and its tries are counted.
 */
export function ownAccountRoutes(db: Db): Route[] {
  const CURRENT_REFUSED = {
    missing: 'Enter your current password',
    locked: `There have been too many wrong passwords. Wait ${LOCK_MINUTES} minutes, then try again`,
    wrong: 'Your current password is wrong',
  } as const;
  async function currentPasswordProblem(req: Request, res: Response): Promise<string | undefined> {
    const refused = await currentPasswordRefused(db, actingOf(req, personOf(res)), password(bodyOf(req), 'currentPassword'));
    return refused && CURRENT_REFUSED[refused];
  }

  const passwordPage = (res: Response, errors?: FormErrors, status = 200) =>
    renderPage(
      res,
      'accounts/change-password',
      { title: 'Change your password', navigation: 'account', backLink: { href: '/account', text: 'Your account' }, errors },
      status,
    );

  return [
    {
      method: 'get',
      path: '/account/password',
      allow: 'account.manage',
      handler: (req, res) => passwordPage(res),
    },
    {
      method: 'post',
      path: '/account/password',
      allow: 'account.manage',
      async handler(req, res) {
        const chosen = password(bodyOf(req), 'password');
        const errors = new FormErrorsBuilder();
        const problem = passwordProblem(chosen);
        if (problem) errors.add('password', problem);
        else if (chosen !== password(bodyOf(req), 'confirmPassword'))
          errors.add('confirmPassword', 'The new passwords do not match. Enter the same password twice');
        const current = await currentPasswordProblem(req, res);
        if (current) errors.add('currentPassword', current);
        if (errors.any) return passwordPage(res, errors.result(), current === CURRENT_REFUSED.locked ? 429 : 422);
        await changePassword(db, actingOf(req, personOf(res)), sessionOf(res).idHash, chosen);
        setFlash(res, 'password-changed');
        res.redirect(303, '/account');
      },
    },
    {
      method: 'post',
      path: '/account/recovery-codes',
      allow: 'account.manage',
      async handler(req, res, user) {
        const errors = new FormErrorsBuilder();
        if (!user.mfaEnabled) errors.add('currentPassword', 'Turn on two-step sign-in first: recovery codes come with it');
        else {
          const current = await currentPasswordProblem(req, res);
          if (current) errors.add('currentPassword', current);
        }
        if (errors.any) {
          return renderPage(
            res,
            'accounts/new-recovery-codes',
            {
              title: 'Make new recovery codes',
              navigation: 'account',
              backLink: { href: '/account', text: 'Your account' },
              errors: errors.result(),
            },
            422,
          );
        }
        const codes = await makeNewRecoveryCodes(db, actingOf(req, user));
        await renderPage(res, 'accounts/recovery-codes', { title: 'Save your new recovery codes', codes, replaced: true });
      },
    },
    {
      method: 'get',
      path: '/account/recovery-codes',
      allow: 'account.manage',
      handler: (req, res) =>
        renderPage(res, 'accounts/new-recovery-codes', {
          title: 'Make new recovery codes',
          navigation: 'account',
          backLink: { href: '/account', text: 'Your account' },
        }),
    },
  ];
}
