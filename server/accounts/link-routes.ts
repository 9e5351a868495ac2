import type { Request, Response } from 'express';
import type { Db } from '../db/connection.js';
import type { Role } from '../db/schema.js';
import { ensureVisitorToken, setSessionCookie, visitorOf } from '../http/auth.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, bodyOf } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { password } from './form.js';
import { checkLink, type LinkPurpose } from './links.js';
import { choosePasswordFromLink } from './service.js';
import { passwordProblem } from './passwords.js';

const TITLES: Record<LinkPurpose, string> = { invite: 'Set up your account', reset: 'Set a new password' };

/** The pages behind invitation and password-reset links: choose a password, then carry on signed in. */
export function linkRoutes(db: Db, options: { mustUseMfa: (role: Role) => boolean }): Route[] {
  const route = (purpose: LinkPurpose, path: string): Route[] => {
    const showLink = async (req: Request, res: Response, status: number, errors?: ReturnType<FormErrorsBuilder['result']>) => {
      const link = await checkLink(db, String(req.params.token), purpose);
      if (link.state !== 'valid')
        return renderPage(res, 'accounts/link-problem', { title: 'This link does not work', state: link.state, purpose }, 410);
      ensureVisitorToken(req, res);
      await renderPage(
        res,
        'accounts/choose-password',
        { title: TITLES[purpose], purpose, person: link.user, action: req.originalUrl, errors },
        status,
      );
    };
    return [
      { method: 'get', path, allow: 'anyone', handler: (req, res) => showLink(req, res, 200) },
      {
        method: 'post',
        path,
        allow: 'anyone',
        async handler(req, res) {
          const token = String(req.params.token);
          const link = await checkLink(db, token, purpose);
          if (link.state !== 'valid')
            return renderPage(res, 'accounts/link-problem', { title: 'This link does not work', state: link.state, purpose }, 410);
          const chosen = password(bodyOf(req), 'password');
          const errors = new FormErrorsBuilder();
          const problem = passwordProblem(chosen);
          if (problem) errors.add('password', problem);
          else if (chosen !== password(bodyOf(req), 'confirmPassword'))
            errors.add('confirmPassword', 'The passwords do not match. Enter the same password twice');
          if (errors.any) return showLink(req, res, 422, errors.result());
          const chosenIn = await choosePasswordFromLink(db, visitorOf(req, res), token, purpose, chosen);
          if (chosenIn.refused)
            return renderPage(res, 'accounts/link-problem', { title: 'This link does not work', state: 'used', purpose }, 410);
          setSessionCookie(req, res, chosenIn.sessionToken);
          if (link.user.mfaEnabledAt) return res.redirect(303, '/sign-in/second-step');
          if (options.mustUseMfa(link.user.role)) return res.redirect(303, '/account/two-step');
          setFlash(res, purpose === 'invite' ? 'account-ready' : 'password-set');
          res.redirect(303, '/');
        },
      },
    ];
  };
  return [...route('invite', '/invite/:token'), ...route('reset', '/reset-password/:token')];
}
