import assert from 'node:assert/strict';
import { desc, eq } from 'drizzle-orm';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../server/db/connection.js';
import { auditLog } from '../../server/db/schema.js';

/** The name=value part of each Set-Cookie header. */
export function cookiesFrom(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return (header ?? []).map((cookie) => cookie.split(';')[0]);
}

/** The session cookie a response set, as a Cookie header. */
export function sessionCookie(res: request.Response): string {
  const cookie = cookiesFrom(res).find((c) => c.startsWith('session='));
  assert.ok(cookie, 'no session cookie set');
  return cookie;
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(match, 'no CSRF field in the page');
  return match[1];
}

/** The one-time link shown on a confirmation page, as a path. */
export function linkPathFrom(html: string, purpose: 'invite' | 'reset-password'): string {
  const match = new RegExp(`value="https?://[^/"]+(/${purpose}/[\\w-]{43})"`).exec(html);
  assert.ok(match, `no ${purpose} link on the page`);
  return match[1];
}

/** Opens a one-time link as a new visitor and chooses a password: the cookie of the session it starts. */
export async function acceptLink(app: Express, path: string, password = 'correct horse battery staple'): Promise<request.Response> {
  const form = await request(app).get(path).expect(200);
  return request(app)
    .post(path)
    .set('Cookie', cookiesFrom(form).join('; '))
    .type('form')
    .send({ _csrf: csrfFrom(form.text), password, confirmPassword: password });
}

export async function latestAudit(db: Db, action: string) {
  const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
  return entry;
}
