import type { Request, Response } from 'express';
import type { Db } from '../db/connection.js';
import type { Role } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { clearSessionCookie, ensureVisitorToken, safeReturnTo, setSessionCookie, sessionOf, visitorOf } from '../http/auth.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, text, bodyOf } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { countSites } from '../sites/queries.js';
import { readFirstAdministrator, validateNewAccount, password } from './form.js';
import { countUsers } from './queries.js';
import { touchSession } from './sessions.js';
import { LOCK_MINUTES } from './throttle.js';
import { setDeviceCookie } from './devices.js';
import { setUpFirstAdministrator, signIn, signInSecondStep, signOut, signOutEverywhere, type SecondStep, type Started } from './service.js';

const SIGN_IN_FAILED = 'Enter a correct email address and password';
const LOCKED = `There have been too many attempts to sign in. Wait ${LOCK_MINUTES} minutes, then try again. If this is your account, you can still sign in on a computer or browser you have signed in on before, or ask an administrator to unlock it`;
const SECOND_STEP_REFUSED: Record<Exclude<SecondStep['refused'], undefined>, [field: string, message: string]> = {
  locked: ['code', `There have been too many wrong codes. Wait ${LOCK_MINUTES} minutes, then try again`],
  'wrong-code': ['code', 'The code is wrong or has already been used. Enter the latest code from your authenticator app'],
  'code-format': ['code', 'Enter the code as 6 digits, like 123456'],
  'wrong-recovery-code': ['recoveryCode', 'That recovery code is wrong or has already been used'],
};

/** Where each role starts once signed in. */
export function homeFor(role: Role): string {
  if (role === 'expert_by_experience') return '/co-production';
  return role === 'administrator' ? '/sites' : '/today';
}

/** Gives the browser the session a use case started, and the device tokens it is to keep. */
function keepStarted(req: Request, res: Response, started: Started): void {
  setSessionCookie(req, res, started.sessionToken);
  if (started.deviceTokens) setDeviceCookie(req, res, started.deviceTokens);
  if (started.failedSinceLastSignIn) setFlash(res, 'failed-sign-ins');
}

export function accountRoutes(db: Db, options: { mustUseMfa: (role: Role) => boolean; now: () => Date; secret: Buffer }): Route[] {
  return [
    {
      method: 'get',
      path: '/',
      allow: 'anyone',
      async handler(req, res) {
        const user = res.locals.user;
        if (user) {
          if (user.role === 'administrator' && (await countSites(db)) === 0) {
            return renderPage(res, 'sites/start', { title: 'Set up your innovation site' });
          }
          return res.redirect(302, homeFor(user.role));
        }
        if ((await countUsers(db)) > 0) return res.redirect(302, '/sign-in');
        ensureVisitorToken(req, res);
        await renderPage(res, 'accounts/first-administrator', { title: 'Set up your innovation site', answers: { name: '', email: '' } });
      },
    },
    {
      method: 'post',
      path: '/setup',
      allow: 'anyone',
      async handler(req, res) {
        const answers = readFirstAdministrator(bodyOf(req));
        const errors = validateNewAccount(answers);
        if (errors) {
          return renderPage(
            res,
            'accounts/first-administrator',
            { title: 'Set up your innovation site', answers: { ...answers, password: '' }, errors },
            422,
          );
        }
        const started = await setUpFirstAdministrator(db, visitorOf(req, res), answers);
        if (!started) return res.redirect(303, '/sign-in'); // someone else set the system up a moment ago
        keepStarted(req, res, started);
        res.redirect(303, '/account/two-step');
      },
    },
    {
      method: 'get',
      path: '/sign-in',
      allow: 'anyone',
      async handler(req, res) {
        if (res.locals.user)
          return res.redirect(
            302,
            safeReturnTo(req.query.returnTo) === '/' ? homeFor(res.locals.user.role) : safeReturnTo(req.query.returnTo),
          );
        ensureVisitorToken(req, res);
        await renderPage(res, 'accounts/sign-in', { title: 'Sign in', email: '', returnTo: safeReturnTo(req.query.returnTo) });
      },
    },
    {
      method: 'post',
      path: '/sign-in',
      allow: 'anyone',
      async handler(req, res) {
        const email = text(bodyOf(req), 'email');
        const typed = password(bodyOf(req), 'password');
        const returnTo = safeReturnTo(bodyOf(req).returnTo);
        const refuse = async (message: string, status: number) => {
          const errors = new FormErrorsBuilder();
          errors.add('email', message);
          await renderPage(res, 'accounts/sign-in', { title: 'Sign in', email, returnTo, errors: errors.result() }, status);
        };
        if (!email || !typed) return refuse(SIGN_IN_FAILED, 422);

        const signedIn = await signIn(db, visitorOf(req, res), email, typed);
        if (signedIn.refused)
          return refuse(signedIn.refused === 'locked' ? LOCKED : SIGN_IN_FAILED, signedIn.refused === 'locked' ? 429 : 422);
        keepStarted(req, res, signedIn);
        const { user, mfaPending } = signedIn;
        if (mfaPending) return res.redirect(303, `/sign-in/second-step?returnTo=${encodeURIComponent(returnTo)}`);
        if (options.mustUseMfa(user.role)) return res.redirect(303, '/account/two-step');
        res.redirect(303, returnTo === '/' ? homeFor(user.role) : returnTo);
      },
    },
    {
      method: 'get',
      path: '/sign-in/second-step',
      allow: 'anyone',
      async handler(req, res) {
        if (!res.locals.session?.mfaPending) return res.redirect(303, '/sign-in');
        await renderPage(res, 'accounts/second-step', {
          title: 'Enter the code from your authenticator app',
          returnTo: safeReturnTo(req.query.returnTo),
        });
      },
    },
    {
      method: 'post',
      path: '/sign-in/second-step',
      allow: 'anyone',
      async handler(req, res) {
        const session = res.locals.session;
        if (!session?.mfaPending || !session.user) return res.redirect(303, '/sign-in');
        const returnTo = safeReturnTo(bodyOf(req).returnTo);
        const code = text(bodyOf(req), 'code');
        const recoveryCode = text(bodyOf(req), 'recoveryCode');
        const errors = new FormErrorsBuilder();
        const again = (status: number) =>
          renderPage(
            res,
            'accounts/second-step',
            { title: 'Enter the code from your authenticator app', returnTo, errors: errors.result() },
            status,
          );

        if (!code && !recoveryCode) {
          errors.add('code', 'Enter the 6-digit code from your authenticator app, or a recovery code');
          return again(422);
        }
        const signedIn = await signInSecondStep(db, visitorOf(req, res), session.user.id, code ? { code } : { recoveryCode }, {
          now: options.now(),
          secret: options.secret,
        });
        if (signedIn.refused) {
          const [field, message] = SECOND_STEP_REFUSED[signedIn.refused];
          errors.add(field, message);
          return again(signedIn.refused === 'locked' ? 429 : 422);
        }
        keepStarted(req, res, signedIn);
        const { user } = signedIn;
        res.redirect(303, returnTo === '/' ? homeFor(user.role) : returnTo);
      },
    },
    {
      method: 'post',
      path: '/sign-out',
      allow: 'anyone',
      async handler(req, res) {
        await signOut(db, visitorOf(req, res), res.locals.session?.user?.id);
        clearSessionCookie(req, res);
        setFlash(res, 'signed-out');
        res.redirect(303, '/sign-in');
      },
    },
    {
      method: 'post',
      path: '/sign-out-everywhere',
      allow: 'account.manage',
      beforeMfaSetup: true,
      async handler(req, res, user) {
        await signOutEverywhere(db, actingOf(req, user));
        clearSessionCookie(req, res);
        setFlash(res, 'signed-out-everywhere');
        res.redirect(303, '/sign-in');
      },
    },
    {
      method: 'post',
      path: '/session/extend',
      allow: 'account.manage',
      beforeMfaSetup: true,
      // The "stay signed in" button of the idle warning.
      async handler(req, res) {
        await touchSession(db, sessionOf(res).idHash);
        res.status(204).end();
      },
    },
  ];
}
