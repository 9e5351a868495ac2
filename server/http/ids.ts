import { NotFound } from './errors.js';

const MAX_INT = 2_147_483_647;

/** A positive integer id from a URL segment; anything else is a page that does not exist. */
export function parseId(value: string | undefined, what = 'page'): number {
  if (value === undefined || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_INT) throw new NotFound(what);
  return Number(value);
}
