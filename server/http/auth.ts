import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readCookie } from './cookies.js';
import { findSession, newToken, type CurrentSession, type SignedInUser } from '../accounts/sessions.js';
import type { Db } from '../db/connection.js';
import { deviceTokensOf } from '../accounts/devices.js';
import type { Visitor } from '../accounts/service.js';
import type { Role } from '../db/schema.js';
import { HttpError } from './errors.js';
import { can, menuFor, type MenuItem, type Permission } from '../permissions.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      session?: CurrentSession;
      /** The signed-in person; unset for visitors and for sessions still waiting for the second factor. */
      user?: SignedInUser;
      csrfToken?: string;
      flash?: string;
      flashType?: 'success' | 'important';
      /** The key this response's add forms carry (see kept-pages.ts formKeyOf). */
      formKey?: string;
      /** For views: whether the signed-in person has the permission (in the site, where one is named). */
      can: (permission: Permission, siteId?: number) => boolean;
      /** The service menu, as the person's permissions make it. */
      menu: readonly MenuItem[];
    }
  }
}

/**
 * The signed-in person acting in this request. Only for routes whose `allow` excludes visitors:
 * their guard has already sent visitors to sign in, so reaching here without one is a bug in the
 * route table, answered as a server error rather than run as nobody.
 */
export function personOf(res: Response): SignedInUser {
  const person = res.locals.user;
  if (!person) throw new Error('A signed-in route ran without a signed-in person: check its allow list');
  return person;
}

/** The live session of this request, on routes that only a signed-in person (or one at the second step) reaches. */
export function sessionOf(res: Response): CurrentSession {
  const session = res.locals.session;
  if (!session) throw new Error('A signed-in route ran without a session: check its allow list');
  return session;
}

/** Over HTTPS the cookie takes the __Host- prefix: Secure, Path=/ and no Domain, so no other site can set it. */
export function sessionCookieName(req: Request): string {
  return req.secure ? '__Host-session' : 'session';
}

/** Where this request comes from, for the sign-in use cases (server/accounts/service.ts). */
export function visitorOf(req: Request, res: Response): Visitor {
  return {
    ip: req.ip ?? null,
    userAgent: req.get('User-Agent'),
    sessionIdHash: res.locals.session?.idHash,
    deviceTokens: deviceTokensOf(req),
  };
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(sessionCookieName(req), token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(sessionCookieName(req), { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/**
 * Requests a page makes by itself, not the person: an open board asks every few seconds whether
 * it changed. They must not count as activity, or an unattended board would never be signed out.
 */
const PASSIVE = /^\/sites\/[^/]+\/huddles\/[^/]+\/live$/;

/** Loads the session named by the cookie, if it is still live; a request the person made keeps it alive. */
export function sessionMiddleware(db: Db): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, sessionCookieName(req));
    const passive = req.method === 'GET' && PASSIVE.test(req.path);
    const session = token && /^[\w-]{43}$/.test(token) ? await findSession(db, token, { touch: !passive }) : undefined;
    res.locals.can = (permission, siteId) => can(res.locals.user, permission, siteId);
    if (session) {
      res.locals.session = session;
      res.locals.csrfToken = session.csrfToken;
      if (session.user && !session.mfaPending) res.locals.user = session.user;
      // Signed-in pages hold pseudonymised records: never keep them in a cache.
      if (session.user) res.set('Cache-Control', 'no-store');
    }
    res.locals.menu = menuFor(res.locals.user);
    next();
  };
}

/** Over HTTPS the visitor's form cookie takes the __Host- prefix too, so no other site (not even a sibling subdomain) can set it. */
function visitorCookieName(req: Request): string {
  return req.secure ? '__Host-csrf' : 'csrf';
}

const TOKEN = /^[\w-]{43}$/;

/**
 * A visitor about to fill in a form (sign in, set up, accept an invite) gets a CSRF token in a
 * cookie of its own and the same token in the form (a double-submit cookie), so that nothing is
 * stored for visitors: no session row exists until someone signs in.
 */
export function ensureVisitorToken(req: Request, res: Response): string {
  if (res.locals.csrfToken) return res.locals.csrfToken;
  const existing = readCookie(req, visitorCookieName(req));
  const token = existing && TOKEN.test(existing) ? existing : newToken();
  if (token !== existing) res.cookie(visitorCookieName(req), token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
  res.locals.csrfToken = token;
  return token;
}

function sameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/**
 * The synchronizer token: every state-changing route checks that the request carries the
 * session's token, as the `_csrf` form field or, from htmx, the X-CSRF-Token header. It runs
 * after the route's guard, so a visitor with no session is sent to sign in rather than refused.
 */
export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('X-CSRF-Token');
  if (!csrfTokenMatches(res, given)) throw new HttpError(403, 'csrf');
  next();
}

/**
 * Whether `given` is this session's CSRF token or, for a visitor with no session, the token in
 * their form cookie; a visitor's form must also not come from another site, where the browser says.
 */
export function csrfTokenMatches(res: Response, given: unknown): boolean {
  const session = res.locals.session;
  if (session) return sameToken(session.csrfToken, given);
  const req = res.req;
  if (req.get('Sec-Fetch-Site') === 'cross-site') return false;
  const expected = readCookie(req, visitorCookieName(req));
  return expected !== undefined && TOKEN.test(expected) && sameToken(expected, given);
}

/**
 * For the few routes that read a multipart/form-data upload themselves (Route.multipart): no body
 * parser has read its `_csrf` field yet, so a multipart request without the X-CSRF-Token header
 * passes here and the route MUST check the field with csrfTokenMatches once it has read the form,
 * before it acts on anything. Every other request gets the ordinary check.
 */
export function csrfProtectionUnlessMultipart(req: Request, res: Response, next: NextFunction): void {
  if (req.is('multipart/form-data') && req.get('X-CSRF-Token') === undefined) return next();
  csrfProtection(req, res, next);
}

/** 'anyone', or the permission a signed-in person's role must have (server/permissions.ts). */
export type Access = 'anyone' | Permission;

/** Administrators and programme leads must use a second factor; others may, unless the setting requires it of everyone. */
export function mfaPolicy(requiredForAll: boolean): (role: Role) => boolean {
  return (role) => requiredForAll || role === 'administrator' || role === 'programme_lead';
}

/** A local path to come back to after signing in; anything else goes to the home page. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 1000 ? value : '/';
}

function redirectTo(req: Request, res: Response, location: string): void {
  if (req.get('HX-Request') === 'true') {
    res.set('HX-Redirect', location).status(200).end();
    return;
  }
  res.redirect(303, location);
}

/** Checks the route table's rule for a route before its handler runs. */
export function guard(access: Access, options: { beforeMfaSetup?: boolean; mustUseMfa: (role: Role) => boolean }): RequestHandler {
  return (req, res, next) => {
    if (access === 'anyone') return next();
    const session = res.locals.session;
    if (session?.user && session.mfaPending) return redirectTo(req, res, '/sign-in/second-step');
    const user = res.locals.user;
    if (!user) {
      const back = req.method === 'GET' ? req.originalUrl : safeReturnTo(new URL(req.get('Referer') ?? '/', 'http://x').pathname);
      return redirectTo(req, res, `/sign-in?returnTo=${encodeURIComponent(back)}`);
    }
    if (options.mustUseMfa(user.role) && !user.mfaEnabled && !options.beforeMfaSetup) return redirectTo(req, res, '/account/two-step');
    if (!can(user, access)) throw new HttpError(403, 'role');
    next();
  };
}
