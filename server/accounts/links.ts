import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { oneTimeLinks, users, type User } from '../db/schema.js';
import { hashToken, newToken } from './sessions.js';

export const LINK_DAYS = { invite: 7, reset: 1 } as const;
export type LinkPurpose = keyof typeof LINK_DAYS;

/** Makes a one-time link for an invitation or a password reset; only a hash of the token is stored. */
export async function createLink(db: Db, userId: number, purpose: LinkPurpose, createdBy: number | null): Promise<string> {
  const token = newToken();
  await db.insert(oneTimeLinks).values({
    tokenHash: hashToken(token),
    userId,
    purpose,
    createdBy,
    expiresAt: sql`now() + make_interval(days => ${LINK_DAYS[purpose]})`,
  });
  return `/${purpose === 'invite' ? 'invite' : 'reset-password'}/${token}`;
}

export type LinkState = { state: 'valid'; user: User } | { state: 'used' | 'expired' | 'unknown' };

export async function checkLink(db: Db, token: string, purpose: LinkPurpose): Promise<LinkState> {
  if (!/^[\w-]{43}$/.test(token)) return { state: 'unknown' };
  const [row] = await db
    .select({ link: oneTimeLinks, user: users })
    .from(oneTimeLinks)
    .innerJoin(users, eq(users.id, oneTimeLinks.userId))
    .where(and(eq(oneTimeLinks.tokenHash, hashToken(token)), eq(oneTimeLinks.purpose, purpose)));
  if (!row || row.user.disabledAt) return { state: 'unknown' };
  if (row.link.usedAt) return { state: 'used' };
  if (row.link.expiresAt <= new Date()) return { state: 'expired' };
  return { state: 'valid', user: row.user };
}

/** Spends a link: true for exactly one caller, however many arrive at once. */
export async function useLink(db: Db, token: string, purpose: LinkPurpose): Promise<boolean> {
  const used = await db
    .update(oneTimeLinks)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeLinks.tokenHash, hashToken(token)),
        eq(oneTimeLinks.purpose, purpose),
        isNull(oneTimeLinks.usedAt),
        gt(oneTimeLinks.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: oneTimeLinks.userId });
  return used.length === 1;
}
