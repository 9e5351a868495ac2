import { sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';

/** Failures within this window count together. */
const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;
/** Per account (the email typed, whether or not it has an account) and per address. */
const LIMITS = { account: { slowAfter: 3, lockAfter: 10 }, address: { slowAfter: 20, lockAfter: 100 } } as const;

export type ThrottleKind = keyof typeof LIMITS;

export interface ThrottleState {
  locked: boolean;
  /** How long to wait before answering, to slow guessing down. */
  delayMs: number;
}

function keyFor(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.toLowerCase()}`;
}

/** Before checking a password: is either key locked, and how much to slow down. */
export async function throttleState(db: Db, keys: { kind: ThrottleKind; value: string }[]): Promise<ThrottleState> {
  const rows = await db.execute<{ key: string; failures: number; locked: boolean }>(sql`
    select key, failures, coalesce(locked_until > now(), false) as locked
    from sign_in_failures
    where key in ${keys.map((k) => keyFor(k.kind, k.value))} and window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES})`);
  let delayMs = 0;
  let locked = false;
  for (const row of rows) {
    const limit = LIMITS[row.key.split(':')[0] as ThrottleKind];
    locked ||= row.locked;
    if (row.failures >= limit.slowAfter) delayMs = Math.max(delayMs, Math.min(2 ** (row.failures - limit.slowAfter) * 250, 4000));
  }
  return { locked, delayMs };
}

/** Counts a failure against each key, locking a key that reaches its limit. */
export async function recordFailure(db: Db, keys: { kind: ThrottleKind; value: string }[]): Promise<void> {
  for (const { kind, value } of keys) {
    const key = keyFor(kind, value);
    await db.execute(sql`
      insert into sign_in_failures (key, failures, window_started_at) values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when sign_in_failures.window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES}) then sign_in_failures.failures + 1 else 1 end,
        window_started_at = case when sign_in_failures.window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES}) then sign_in_failures.window_started_at else now() end,
        locked_until = case
          when (case when sign_in_failures.window_started_at > now() - make_interval(mins => ${WINDOW_MINUTES}) then sign_in_failures.failures + 1 else 1 end) >= ${LIMITS[kind].lockAfter}
          then now() + make_interval(mins => ${LOCK_MINUTES}) else sign_in_failures.locked_until end`);
  }
}

/** A successful sign-in clears the account's count (not the address's: one right password should not hide a spray). */
export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.execute(sql`delete from sign_in_failures where key = ${keyFor('account', email)}`);
}
