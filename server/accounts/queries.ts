import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { emailKey, recoveryCodes, siteMemberships, users, type Role, type User } from '../db/schema.js';
import { hashPassword } from './passwords.js';

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row.count;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`${emailKey(users.email)} = ${emailKey(email)}`);
  return user;
}

export async function findUser(db: Db, id: number): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function createUser(
  db: Db,
  fields: { email: string; name: string; role: Role; password?: string; siteIds?: number[] },
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({
      email: fields.email,
      name: fields.name,
      role: fields.role,
      passwordHash: fields.password ? await hashPassword(fields.password) : null,
    })
    .returning();
  if (fields.siteIds?.length) await db.insert(siteMemberships).values(fields.siteIds.map((siteId) => ({ userId: user.id, siteId })));
  return user;
}

/** A new password, hashed first (`hashPassword`) so the hashing holds no transaction open. */
export async function setPasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

export async function startMfa(db: Db, userId: number, secret: string): Promise<void> {
  await db.update(users).set({ totpSecret: secret, mfaEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId));
}

/** Records the TOTP step just used, only if it is later than the last: two requests with one code cannot both win. */
export async function useTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), sql`coalesce(${users.totpLastStep}, -1) < ${step}`))
    .returning({ id: users.id });
  return updated.length === 1;
}

const RECOVERY_CODE_COUNT = 10;

/**
 * Recovery codes are lookup secrets: 120 random bits each (ASVS 5.0 asks 112 or more for a
 * lookup secret kept as a plain hash), written as 24 letters and digits in groups of four.
 */
const CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 24;

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('base64url');
}

function newRecoveryCode(): string {
  // 32 letters and digits (no l, o, 0 or 1 to misread): 5 bits each, from one random byte apiece.
  const chars = [...randomBytes(CODE_LENGTH)].map((byte) => CODE_ALPHABET[byte % 32]).join('');
  return chars.replace(/(.{4})(?!$)/g, '$1-');
}

/** Replaces a person's recovery codes with 10 new ones, returned once to show them. Call inside a transaction. */
export async function replaceRecoveryCodes(tx: Db, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/** Turns on MFA and replaces any recovery codes with 10 new ones, returned once to show the person. */
export async function enableMfa(db: Db, userId: number): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ mfaEnabledAt: sql`now()`, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, userId));
    return replaceRecoveryCodes(tx, userId);
  });
}

/** An administrator turning off someone's two-step sign-in (a lost phone and no codes): they set it up again at their next sign-in. */
export async function resetMfa(tx: Db, userId: number): Promise<void> {
  await tx
    .update(users)
    .set({ totpSecret: null, mfaEnabledAt: null, totpLastStep: null, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Spends a recovery code: true once, false for an unknown or used one. */
export async function useRecoveryCode(db: Db, userId: number, code: string): Promise<boolean> {
  if (normaliseRecoveryCode(code).length !== CODE_LENGTH) return false;
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

export async function recoveryCodesLeft(db: Db, userId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row.count;
}

/**
 * The first administrator, only while there are no accounts at all: two people setting up at
 * once cannot both become administrator. Call inside a transaction, with the password hashed
 * first. Undefined when an account already exists.
 */
export async function insertFirstAdministrator(
  tx: Db,
  fields: { name: string; email: string; passwordHash: string },
): Promise<User | undefined> {
  await tx.execute(sql`lock table users in share row exclusive mode`);
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(users);
  if (count > 0) return undefined;
  const [user] = await tx
    .insert(users)
    .values({ name: fields.name, email: fields.email, role: 'administrator', passwordHash: fields.passwordHash })
    .returning();
  return user;
}
