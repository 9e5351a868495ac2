import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

/**
 * The app's secret key, from APP_SECRET (required in production, the same on every instance).
 * It keys what must not be readable from the database alone: TOTP secrets are encrypted with it,
 * and rate limits that must not name a person (anonymous feedback) are keyed by an HMAC of it.
 *
 * Without APP_SECRET, tests use one random key per process, and development keeps a random key
 * in DATA_DIR/secret.key (made on first use), so `npm start` needs nothing set.
 */
const PER_PROCESS = randomBytes(32);
const fromFiles = new Map<string, Buffer>();

export function secretKeyOf(config: Pick<Config, 'appSecret' | 'env' | 'dataDir'>): Buffer {
  if (config.appSecret) return createHash('sha256').update(config.appSecret).digest();
  if (config.env === 'test') return PER_PROCESS;
  const file = path.join(config.dataDir, 'secret.key');
  let key = fromFiles.get(file);
  if (!key) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    key = createHash('sha256').update(fs.readFileSync(file, 'utf8').trim()).digest();
    fromFiles.set(file, key);
  }
  return key;
}

/** A keyed hash for a purpose: the same input gives the same value, which reveals nothing without the key. */
export function keyedHash(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('base64url');
}
