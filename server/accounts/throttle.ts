import { sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';

/** Attempts within this window count together. */
const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;
/**
 * Per account from browsers it has not signed in with (the email typed, whether or not it has an
 * account), per address, per known browser (its device cookie) and per second step.
 */
const LIMITS = {
  account: { slowAfter: 3, lockAfter: 10 },
  address: { slowAfter: 20, lockAfter: 100 },
  device: { slowAfter: 3, lockAfter: 10 },
  'second-step': { slowAfter: 3, lockAfter: 10 },
  /** The current password asked again (to change it, or for new recovery codes) by someone signed in. */
  reauth: { slowAfter: 3, lockAfter: 10 },
} as const;

export type ThrottleKind = keyof typeof LIMITS;
export interface ThrottleKey {
  kind: ThrottleKind;
  value: string;
}

export interface Attempt {
  /** False when a key is locked: the password or code must not be checked at all. */
  allowed: boolean;
  /** How long to wait before checking, to slow guessing down. */
  delayMs: number;
  /** The keys this attempt locked: each lock is audited once, not at every refused request. */
  lockedNow: ThrottleKey[];
}

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.toLowerCase()}`;
}

/**
 * Counts an attempt against each key before anything is checked, in one atomic statement per
 * key, so that 150 guesses sent at once get 150 different counts and only the first
 * `lockAfter` are checked. A right answer gives the attempt back (`succeeded`).
 */
export async function reserveAttempt(db: Db, keys: ThrottleKey[]): Promise<Attempt> {
  const attempt: Attempt = { allowed: true, delayMs: 0, lockedNow: [] };
  for (const key of keys) {
    const { slowAfter, lockAfter } = LIMITS[key.kind];
    // A window carries on while it is fresh, or while its lock lasts; an expired one starts again.
    const [row] = await db.execute<{ failures: number; locked: boolean; locked_now: boolean }>(sql`
      insert into sign_in_failures as f (key, failures, window_started_at) values (${throttleKey(key.kind, key.value)}, 1, now())
      on conflict (key) do update set
        failures = case when f.locked_until > now() or (f.locked_until is null and f.window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES})) then f.failures + 1 else 1 end,
        window_started_at = case when f.locked_until > now() or (f.locked_until is null and f.window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES})) then f.window_started_at else now() end,
        locked_until = case
          when f.locked_until > now() then f.locked_until
          when f.locked_until is null and f.window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES}) and f.failures + 1 > ${lockAfter} then now() + make_interval(mins => ${LOCK_MINUTES})
          else null end
      returning failures, locked_until is not null as locked, locked_until = now() + make_interval(mins => ${LOCK_MINUTES}) as locked_now`);
    if (row.locked) attempt.allowed = false;
    if (row.locked_now) attempt.lockedNow.push(key);
    const before = row.failures - 1;
    if (before >= slowAfter) attempt.delayMs = Math.max(attempt.delayMs, Math.min(2 ** (before - slowAfter) * 250, 4000));
  }
  return attempt;
}

/**
 * A right password or code: the account's and the browser's counts start again; the address's
 * only gives back this attempt (one right password should not hide a spray from that address).
 */
export async function succeeded(db: Db, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    if (key.kind === 'address') {
      await db.execute(
        sql`update sign_in_failures set failures = greatest(failures - 1, 0) where key = ${throttleKey(key.kind, key.value)} and locked_until is null`,
      );
    } else {
      await db.execute(sql`delete from sign_in_failures where key = ${throttleKey(key.kind, key.value)}`);
    }
  }
}

/** An account locked for browsers it does not know, and until when: for the administrator's page. */
export async function accountLock(db: Db, email: string): Promise<{ until: Date; attempts: number } | undefined> {
  const [row] = await db.execute<{ locked_until: Date; failures: number }>(
    sql`select locked_until, failures from sign_in_failures where key = ${throttleKey('account', email)} and locked_until > now()`,
  );
  return row ? { until: new Date(row.locked_until), attempts: row.failures } : undefined;
}

/** An administrator unlocking an account: its count for unknown browsers starts again. */
export async function unlockAccount(db: Db, email: string): Promise<boolean> {
  const removed = await db.execute(
    sql`delete from sign_in_failures where key = ${throttleKey('account', email)} and locked_until > now() returning key`,
  );
  return removed.length > 0;
}
