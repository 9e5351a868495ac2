import { recentFailedSignIns } from './sign-in-history.js';
import { renderSVG } from 'uqr';
import type { Db } from '../db/connection.js';
import type { Role } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { personOf } from '../http/auth.js';
import { FormErrorsBuilder, text, bodyOf } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { recoveryCodesLeft } from './queries.js';
import { enableTwoStep, twoStepKey } from './service.js';
import { newTotpSecret, totpUri } from './totp.js';
import { openSecret, sealSecret } from './secret-box.js';

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
    const user = await twoStepKey(db, userId, () => sealSecret(options.secret, newTotpSecret()));
    const totpSecret = openSecret(options.secret, user.totpSecret);
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
        const code = text(bodyOf(req), 'code');
        const errors = new FormErrorsBuilder();
        const enabled = code
          ? await enableTwoStep(db, actingOf(req, signedIn), code, { now: options.now(), secret: options.secret })
          : undefined;
        if (!code) errors.add('code', 'Enter the 6-digit code from your authenticator app');
        else if (enabled?.refused)
          errors.add('code', 'The code is wrong. Check the app shows Innovation Site Tracker and enter its latest code');
        if (!enabled?.codes) return setupPage(res, signedIn.id, errors.result(), 422);
        const { codes } = enabled;
        await renderPage(res, 'accounts/recovery-codes', { title: 'Save your recovery codes', codes });
      },
    },
  ];
}
