import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Request, Response } from 'express';
import type { Db } from '../db/connection.js';
import { trustedDevices } from '../db/schema.js';
import { readCookie } from '../http/cookies.js';
import { hashToken, newToken } from './sessions.js';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser
 * that has signed in to an account holds a token for it, and its wrong passwords count against
 * that token alone. Guesses from anywhere else count against the account for unknown browsers,
 * so they can lock strangers out but never the person at their own computer. A shared screen
 * may be used by several people: the cookie keeps a few accounts' tokens.
 */
const DEVICE_DAYS = 180;
const MAX_TOKENS = 8;
const TOKEN = /^[\w-]{43}$/;

export function deviceCookieName(req: Request): string {
  return req.secure ? '__Host-device' : 'device';
}

/** The device tokens this browser holds, for `knownDevice` and `rememberDevice`. */
export function deviceTokensOf(req: Request): string[] {
  return (readCookie(req, deviceCookieName(req)) ?? '')
    .split('.')
    .filter((token) => TOKEN.test(token))
    .slice(0, MAX_TOKENS);
}

/** The hash of this browser's token for the account, when it has a live one. */
export async function knownDevice(db: Db, tokens: readonly string[], userId: number | undefined): Promise<string | undefined> {
  if (userId === undefined || tokens.length === 0) return undefined;
  const hashes = tokens.map(hashToken);
  const [row] = await db
    .select({ idHash: trustedDevices.idHash })
    .from(trustedDevices)
    .where(and(inArray(trustedDevices.idHash, hashes), eq(trustedDevices.userId, userId), gt(trustedDevices.expiresAt, sql`now()`)));
  return row?.idHash;
}

/**
 * After a full sign-in: a new token for this account replaces the browser's old one (and its
 * row), and the cookie keeps other accounts' tokens, newest first. Answers the tokens the
 * browser is to hold now (`setDeviceCookie`).
 */
export async function rememberDevice(db: Db, tokens: readonly string[], userId: number): Promise<string[]> {
  const hashes = tokens.map(hashToken);
  const mine = hashes.length
    ? (
        await db
          .select({ idHash: trustedDevices.idHash })
          .from(trustedDevices)
          .where(and(inArray(trustedDevices.idHash, hashes), eq(trustedDevices.userId, userId)))
      ).map((row) => row.idHash)
    : [];
  if (mine.length) await db.delete(trustedDevices).where(inArray(trustedDevices.idHash, mine));
  const token = newToken();
  await db
    .insert(trustedDevices)
    .values({ idHash: hashToken(token), userId, expiresAt: sql`now() + make_interval(days => ${DEVICE_DAYS})` });
  const kept = tokens.filter((_, i) => !mine.includes(hashes[i]));
  return [token, ...kept].slice(0, MAX_TOKENS);
}

export function setDeviceCookie(req: Request, res: Response, tokens: readonly string[]): void {
  res.cookie(deviceCookieName(req), tokens.join('.'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: DEVICE_DAYS * 24 * 60 * 60 * 1000,
  });
}
