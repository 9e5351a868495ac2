import type { Request, Response } from 'express';
import type { Db } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { actorOf, recordAudit } from '../audit/record.js';
import { clearSessionCookie, ensureVisitorToken, safeReturnTo, setSessionCookie, sessionOf } from '../http/auth.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, text, bodyOf } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { countSites } from '../sites/queries.js';
import { readFirstAdministrator, validateNewAccount, password } from './form.js';
import { createFirstAdministrator, countUsers, findUserByEmail, findUser, useRecoveryCode, useTotpStep } from './queries.js';
import { DUMMY_HASH, PASSWORD_MAX, verifyPassword } from './passwords.js';
import { createSession, endSession, endUserSessions, touchSession } from './sessions.js';
import { LOCK_MINUTES, reserveAttempt, succeeded, type Attempt, type ThrottleKey } from './throttle.js';
import { knownDevice, rememberDevice } from './devices.js';
import { failedSignInsSinceLastSignIn } from './sign-in-history.js';
import { verifyTotp } from './totp.js';
import { openSecret } from './secret-box.js';
import type { Role } from '../db/schema.js';
import { orNotFound } from '../http/ids.js';

const SIGN_IN_FAILED = 'Enter a correct email address and password';
const LOCKED = `There have been too many attempts to sign in. Wait ${LOCK_MINUTES} minutes, then try again. If this is your account, you can still sign in on a computer or browser you have signed in on before, or ask an administrator to unlock it`;
const LOCKED_SECOND_STEP = `There have been too many wrong codes. Wait ${LOCK_MINUTES} minutes, then try again`;

/** Where each role starts once signed in. */
export function homeFor(role: Role): string {
  return role === 'expert_by_experience' ? '/co-production' : '/sites';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new session id at every sign-in step, so a session id seen before signing in is worthless after. */
async function startSession(db: Db, req: Request, res: Response, user: User, mfaPending: boolean): Promise<void> {
  if (res.locals.session?.idHash) await endSession(db, res.locals.session.idHash);
  const { token } = await createSession(db, { userId: user.id, mfaPending, ip: req.ip, userAgent: req.get('User-Agent') });
  setSessionCookie(req, res, token);
}

/** Each lock is audited once, when it starts: a locked account or address does not write a row per refused request. */
async function auditLocks(db: Db, req: Request, res: Response, attempt: Attempt, email: string, userId: number | undefined): Promise<void> {
  for (const key of attempt.lockedNow) {
    const scope = key.kind === 'account' ? 'unknown-browsers' : key.kind === 'device' ? 'this-browser' : key.kind;
    await recordAudit(db, actorOf(req, res), {
      action: 'sign-in.locked',
      recordType: userId === undefined || key.kind === 'address' ? undefined : 'user',
      recordId: key.kind === 'address' ? undefined : userId,
      details: { scope, minutes: LOCK_MINUTES, ...(key.kind === 'address' ? {} : { email: email.slice(0, 254) }) },
    });
  }
}

/**
 * Signed in with every factor: this browser becomes one the account knows, and the person is
 * told if anyone failed to sign in to their account since they last did.
 */
async function signedInFully(db: Db, req: Request, res: Response, userId: number): Promise<void> {
  await rememberDevice(db, req, res, userId);
  if ((await failedSignInsSinceLastSignIn(db, userId)) > 0) setFlash(res, 'failed-sign-ins');
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
        const user = await createFirstAdministrator(db, answers);
        if (!user) return res.redirect(303, '/sign-in'); // someone else set the system up a moment ago
        await recordAudit(db, actorOf(req, res, user.id), {
          action: 'account.created-first-administrator',
          recordType: 'user',
          recordId: user.id,
        });
        await startSession(db, req, res, user, false);
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

        const user = await findUserByEmail(db, email);
        // A browser this account signed in on before has an allowance of its own; any other
        // counts against the account's allowance for unknown browsers, and its address's.
        const device = await knownDevice(db, req, user?.id);
        const keys: ThrottleKey[] = device
          ? [{ kind: 'device', value: device }]
          : [
              { kind: 'account', value: email },
              { kind: 'address', value: req.ip ?? 'unknown' },
            ];
        // Counted before the password is checked, so guesses sent at once cannot share one count.
        const attempt = await reserveAttempt(db, keys);
        await auditLocks(db, req, res, attempt, email, user?.id);
        if (!attempt.allowed) return refuse(LOCKED, 429);
        if (attempt.delayMs) await sleep(attempt.delayMs);

        const usable = user && !user.disabledAt && user.passwordHash;
        // Check a password even for an unknown email, so the answer takes as long either way.
        const correct =
          (await verifyPassword(usable ? usable : DUMMY_HASH, [...typed].length > PASSWORD_MAX ? '' : typed)) && Boolean(usable);
        if (!correct || !user) {
          await recordAudit(db, actorOf(req, res), {
            action: 'sign-in.failed',
            recordType: user ? 'user' : undefined,
            recordId: user?.id,
            details: { email: email.slice(0, 254), knownBrowser: Boolean(device) },
          });
          return refuse(SIGN_IN_FAILED, 422);
        }
        await succeeded(db, keys);
        const mfaPending = Boolean(user.mfaEnabledAt);
        await startSession(db, req, res, user, mfaPending);
        if (!mfaPending) await signedInFully(db, req, res, user.id);
        await recordAudit(db, actorOf(req, res, user.id), {
          action: mfaPending ? 'sign-in.password-accepted' : 'sign-in.succeeded',
          recordType: 'user',
          recordId: user.id,
        });
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
        const user = orNotFound(await findUser(db, session.user.id));
        const returnTo = safeReturnTo(bodyOf(req).returnTo);
        const code = text(bodyOf(req), 'code');
        const recovery = text(bodyOf(req), 'recoveryCode');
        const keys: ThrottleKey[] = [{ kind: 'second-step', value: String(user.id) }];
        const errors = new FormErrorsBuilder();
        const again = (status: number) =>
          renderPage(
            res,
            'accounts/second-step',
            { title: 'Enter the code from your authenticator app', returnTo, errors: errors.result() },
            status,
          );

        if (!code && !recovery) {
          errors.add('code', 'Enter the 6-digit code from your authenticator app, or a recovery code');
          return again(422);
        }
        const attempt = await reserveAttempt(db, keys);
        await auditLocks(db, req, res, attempt, user.email, user.id);
        if (!attempt.allowed) {
          errors.add('code', LOCKED_SECOND_STEP);
          return again(429);
        }
        if (attempt.delayMs) await sleep(attempt.delayMs);
        let accepted: boolean;
        let how = 'code';
        if (code) {
          const step = user.totpSecret
            ? verifyTotp(openSecret(options.secret, user.totpSecret), code, options.now(), user.totpLastStep)
            : undefined;
          accepted = step !== undefined && (await useTotpStep(db, user.id, step));
          if (!accepted)
            errors.add(
              'code',
              /^\d{6}$/.test(code.replace(/\s/g, ''))
                ? 'The code is wrong or has already been used. Enter the latest code from your authenticator app'
                : 'Enter the code as 6 digits, like 123456',
            );
        } else {
          how = 'recovery-code';
          accepted = await useRecoveryCode(db, user.id, recovery);
          if (!accepted) errors.add('recoveryCode', 'That recovery code is wrong or has already been used');
        }
        if (!accepted) {
          await recordAudit(db, actorOf(req, res, user.id), {
            action: 'sign-in.second-step-failed',
            recordType: 'user',
            recordId: user.id,
            details: { how },
          });
          return again(422);
        }
        await succeeded(db, keys);
        await startSession(db, req, res, user, false);
        await signedInFully(db, req, res, user.id);
        await recordAudit(db, actorOf(req, res, user.id), {
          action: 'sign-in.succeeded',
          recordType: 'user',
          recordId: user.id,
          details: { how },
        });
        res.redirect(303, returnTo === '/' ? homeFor(user.role) : returnTo);
      },
    },
    {
      method: 'post',
      path: '/sign-out',
      allow: 'anyone',
      async handler(req, res) {
        const session = res.locals.session;
        if (session?.idHash) await endSession(db, session.idHash);
        if (session?.user)
          await recordAudit(db, actorOf(req, res, session.user.id), { action: 'sign-out', recordType: 'user', recordId: session.user.id });
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
        const ended = await endUserSessions(db, user.id);
        await recordAudit(db, actorOf(req, res), {
          action: 'sign-out.everywhere',
          recordType: 'user',
          recordId: user.id,
          details: { sessions: ended },
        });
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
