import request from 'supertest';
import type { Express } from 'express';
import { createSession, newToken } from '../../server/accounts/sessions.js';
import { totpCode, totpStep } from '../../server/accounts/totp.js';
import type { Db } from '../../server/db/connection.js';
import { siteMemberships, users, type Role, type User } from '../../server/db/schema.js';
import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../../server/accounts/passwords.js';
import { formBody } from './sites.js';

export const TEST_PASSWORD = 'a long test password that nobody uses';
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let passwordHash: string | undefined;
let counter = 0;

/** An account; administrators and leads have two-step sign-in on by default, as they must. */
export async function aUser(
  db: Db,
  options: { role?: Role; siteIds?: number[]; mfa?: boolean; email?: string; name?: string } = {},
): Promise<User> {
  counter += 1;
  const role = options.role ?? 'practitioner';
  const mfa = options.mfa ?? (role === 'administrator' || role === 'programme_lead');
  passwordHash ??= await hashPassword(TEST_PASSWORD);
  const [user] = await db
    .insert(users)
    .values({
      email: options.email ?? `person${counter}@example.org`,
      name: options.name ?? `Test person ${counter}`,
      role,
      passwordHash,
      totpSecret: mfa ? TEST_TOTP_SECRET : null,
      mfaEnabledAt: mfa ? sql`now()` : null,
    })
    .returning();
  if (options.siteIds?.length) await db.insert(siteMemberships).values(options.siteIds.map((siteId) => ({ userId: user.id, siteId })));
  return user;
}

export function currentTotp(at = new Date()): string {
  return totpCode(TEST_TOTP_SECRET, totpStep(at));
}

/** Requests made as one signed-in person: the session cookie on each, the CSRF token in each form. */
export interface Visitor {
  user: User | undefined;
  /** The session token, for a browser cookie named "session". */
  token: string;
  cookie: string;
  csrfToken: string;
  get(path: string, headers?: Record<string, string>): request.Test;
  post(path: string, fields?: Record<string, string | string[]>, headers?: Record<string, string>): request.Test;
}

function visitor(app: Express, user: User | undefined, token: string, csrfToken: string, cookie = `session=${token}`): Visitor {
  return {
    user,
    token,
    cookie,
    csrfToken,
    get: (path, headers = {}) =>
      request(app)
        .get(path)
        .set({ Cookie: cookie, ...headers }),
    post: (path, fields = {}, headers = {}) =>
      request(app)
        .post(path)
        .set({ Cookie: cookie, ...headers })
        .type('form')
        .send(formBody({ _csrf: csrfToken, ...fields })),
  };
}

/** Someone signed in (a session made directly: the sign-in pages have tests of their own). */
export async function signedIn(app: Express, db: Db, role: Role, options: { siteIds?: number[] } = {}): Promise<Visitor> {
  const user = await aUser(db, { role, siteIds: options.siteIds });
  const { token, csrfToken } = await createSession(db, { userId: user.id });
  return visitor(app, user, token, csrfToken);
}

/** A visitor who has opened the sign-in page: no session, only the form's CSRF cookie. */
export async function anonymous(app: Express, _db?: Db): Promise<Visitor> {
  const token = newToken();
  return { ...visitor(app, undefined, token, token, `csrf=${token}`) };
}

export async function disableUser(db: Db, userId: number): Promise<void> {
  await db
    .update(users)
    .set({ disabledAt: sql`now()` })
    .where(eq(users.id, userId));
}
