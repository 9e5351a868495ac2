import { recentFailedSignIns } from './sign-in-history.js';
import { renderSVG } from 'uqr';
import type { Db } from '../db/connection.js';
import type { Role } from '../db/schema.js';
import { actorOf, recordAudit } from '../audit/record.js';
import { personOf } from '../http/auth.js';
import { FormErrorsBuilder, text, bodyOf } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { enableMfa, findUser, recoveryCodesLeft, startMfa, useTotpStep } from './queries.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';
import { openSecret, sealSecret } from './secret-box.js';
import { orNotFound } from '../http/ids.js';

/** The key grouped in fours, as people copy it into an app by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function twoStepRoutes(
  db: Db,
  options: { mustUseMfa: (role: Role) => boolean; now: () => Date; productName: string; secret: Buffer },
): Route[] {
  async function setupPage(
    res: Parameters<Route['handler']>[1],
    userId: number,
    errors?: ReturnType<FormErrorsBuilder['result']>,
    status = 200,
  ) {
    let user = orNotFound(await findUser(db, userId));
    let sealed = user.totpSecret;
    if (!sealed) {
      sealed = sealSecret(options.secret, newTotpSecret());
      await startMfa(db, user.id, sealed);
      user = orNotFound(await findUser(db, userId));
    }
    const totpSecret = openSecret(options.secret, user.totpSecret ?? sealed);
    const qr = Buffer.from(renderSVG(totpUri(totpSecret, user.email, options.productName), { border: 2 })).toString('base64');
    await renderPage(
      res,
      'accounts/two-step-setup',
      { title: 'Set up two-step sign-in', qr, key: grouped(totpSecret), required: options.mustUseMfa(user.role), errors },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/account',
      allow: 'account.manage',
      beforeMfaSetup: true,
      async handler(req, res, user) {
        const codesLeft = user.mfaEnabled ? await recoveryCodesLeft(db, user.id) : 0;
        const attempts = await recentFailedSignIns(db, user.id);
        await renderPage(res, 'accounts/account', {
          title: 'Your account',
          navigation: 'account',
          codesLeft,
          mfaRequired: options.mustUseMfa(user.role),
          attempts,
        });
      },
    },
    {
      method: 'get',
      path: '/account/two-step',
      allow: 'account.manage',
      beforeMfaSetup: true,
      async handler(req, res, person) {
        if (person.mfaEnabled) return res.redirect(302, '/account');
        await setupPage(res, personOf(res).id);
      },
    },
    {
      method: 'post',
      path: '/account/two-step',
      allow: 'account.manage',
      beforeMfaSetup: true,
      async handler(req, res, signedIn) {
        if (signedIn.mfaEnabled) return res.redirect(303, '/account');
        const user = orNotFound(await findUser(db, signedIn.id));
        const code = text(bodyOf(req), 'code');
        const errors = new FormErrorsBuilder();
        const step = user.totpSecret
          ? verifyTotp(openSecret(options.secret, user.totpSecret), code, options.now(), user.totpLastStep)
          : undefined;
        if (!code) errors.add('code', 'Enter the 6-digit code from your authenticator app');
        else if (step === undefined || !(await useTotpStep(db, user.id, step)))
          errors.add('code', 'The code is wrong. Check the app shows Innovation Site Tracker and enter its latest code');
        if (errors.any) return setupPage(res, user.id, errors.result(), 422);
        const codes = await enableMfa(db, user.id);
        await recordAudit(db, actorOf(req, res), { action: 'account.two-step-enabled', recordType: 'user', recordId: user.id });
        await renderPage(res, 'accounts/recovery-codes', { title: 'Save your recovery codes', codes });
      },
    },
  ];
}
