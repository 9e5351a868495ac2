import { NotFound } from './errors.js';

const MAX_INT = 2_147_483_647;

/** A positive integer id from a URL segment; anything else is a page that does not exist. */
export function parseId(value: string | undefined, what = 'page'): number {
  if (value === undefined || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_INT) throw new NotFound(what);
  return Number(value);
}

/**
 * A record that was there a moment ago (read again after a stale write, or the signed-in person's
 * own account): if it has gone meanwhile, someone removed it, and the page no longer exists.
 */
export function orNotFound<T>(value: T | undefined, what = 'page'): T {
  if (value === undefined) throw new NotFound(what);
  return value;
}
