import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { isNotNull, not, like, and, eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { users } from '../db/schema.js';

/**
 * TOTP secrets at rest: AES-256-GCM with the app's key (APP_SECRET), so a copy of the database
 * alone gives no one a person's second factor. Stored as "v1." + base64url(iv, tag, ciphertext).
 * A secret stored before encryption came in reads as it is, and is encrypted at the next start.
 */
const PREFIX = 'v1.';

export function sealSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openSecret(key: Buffer, stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Encrypts every TOTP secret still stored in the clear; returns how many. */
export async function sealPlainTotpSecrets(db: Db, key: Buffer): Promise<number> {
  const plain = await db
    .select({ id: users.id, secret: users.totpSecret })
    .from(users)
    .where(and(isNotNull(users.totpSecret), not(like(users.totpSecret, `${PREFIX}%`))));
  for (const { id, secret } of plain)
    if (secret !== null)
      await db
        .update(users)
        .set({ totpSecret: sealSecret(key, secret) })
        .where(and(eq(users.id, id), eq(users.totpSecret, secret)));
  return plain.length;
}
