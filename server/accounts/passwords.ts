import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane). @node-rs/argon2 hashes on libuv's
// thread pool, so a sign-in never blocks other requests on the event loop.
// Algorithm.Argon2id is a const enum, which isolated modules cannot read: its value is 2.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('# ')),
);

/** What is wrong with a new password, in plain English, or undefined. No composition rules. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length === 0) return 'Enter a password';
  if (length < PASSWORD_MIN) return `Password must be ${PASSWORD_MIN} characters or more`;
  if (length > PASSWORD_MAX) return `Password must be ${PASSWORD_MAX} characters or fewer`;
  if (COMMON.has(password.toLowerCase()))
    return 'That password is one of the most common passwords, so it is easy to guess. Choose a different one';
  return undefined;
}

/**
 * Hashing is deliberately costly. Leave a core for everything else: a burst of sign-ins queues
 * here instead of starving the pages a huddle is using.
 */
const MAX_HASHING = Math.max(1, os.availableParallelism() - 1);
let hashing = 0;
const waiting: (() => void)[] = [];

async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finished hash hands its slot straight to the next in the queue.
  if (hashing < MAX_HASHING) hashing += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing -= 1;
  }
}

export function hashPassword(password: string): Promise<string> {
  return withHashingSlot(() => hash(password.normalize('NFC'), ARGON2));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  // Refuse absurd input before hashing it: hashing 10 KB costs the same as a real try.
  if ([...password].length > PASSWORD_MAX) return false;
  return withHashingSlot(() => verify(passwordHash, password.normalize('NFC'))).catch(() => false);
}

/** A hash of nothing anyone knows, so that an unknown email costs as long to refuse as a wrong password. */
export const DUMMY_HASH = await hashPassword('no account has this password: timing only');
