import type { Request, Response } from 'express';
import { actorOf, recordAudit } from '../audit/record.js';
import type { Db } from '../db/connection.js';
import { personOf, sessionOf } from '../http/auth.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, type FormErrors, bodyOf } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { password } from './form.js';
import { PASSWORD_MAX, passwordProblem, verifyPassword } from './passwords.js';
import { findUser, replaceRecoveryCodes, setPassword } from './queries.js';
import { endUserSessions } from './sessions.js';
import { LOCK_MINUTES, reserveAttempt, succeeded, type ThrottleKey } from './throttle.js';
import { orNotFound } from '../http/ids.js';

/**
 * What a signed-in person does to their own sign-in: change their password (with the current
 * one) and make new recovery codes (with the password too). The current password is asked again
 * so that a session left open cannot be used to take the account over, and its tries are counted.
 */
export function ownAccountRoutes(db: Db): Route[] {
  async function currentPasswordProblem(req: Request, res: Response): Promise<string | undefined> {
    const typed = password(bodyOf(req), 'currentPassword');
    if (!typed) return 'Enter your current password';
    const keys: ThrottleKey[] = [{ kind: 'reauth', value: String(personOf(res).id) }];
    const attempt = await reserveAttempt(db, keys);
    if (!attempt.allowed) return `There have been too many wrong passwords. Wait ${LOCK_MINUTES} minutes, then try again`;
    const user = orNotFound(await findUser(db, personOf(res).id));
    const correct =
      Boolean(user.passwordHash) && [...typed].length <= PASSWORD_MAX && (await verifyPassword(user.passwordHash ?? '', typed));
    if (!correct) {
      await recordAudit(db, actorOf(req, res), { action: 'account.reauth-failed', recordType: 'user', recordId: user.id });
      return 'Your current password is wrong';
    }
    await succeeded(db, keys);
    return undefined;
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
        if (errors.any) return passwordPage(res, errors.result(), current?.startsWith('There have been') ? 429 : 422);
        const user = personOf(res);
        await setPassword(db, user.id, chosen);
        // A new password ends every other session: one opened with the old password is closed.
        const ended = await endUserSessions(db, user.id, sessionOf(res).idHash);
        await recordAudit(db, actorOf(req, res), {
          action: 'account.password-changed',
          recordType: 'user',
          recordId: user.id,
          details: { sessionsEnded: ended },
        });
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
        const codes = await db.transaction(async (tx) => {
          const made = await replaceRecoveryCodes(tx, user.id);
          await recordAudit(tx, actorOf(req, res), { action: 'account.recovery-codes-replaced', recordType: 'user', recordId: user.id });
          return made;
        });
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
