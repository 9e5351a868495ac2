/**
 * Parts of a pack page (its rendered sections, its checks) are kept while nothing they show has
 * changed (the caches are in page.ts, on server/cache.ts): six charts' tables and four stories
 * cost far more to render than the few lookups that say whether anything changed. Forms carry a
 * placeholder for the person's CSRF token, filled in per request.
 */
import { CSRF_PLACEHOLDER } from '../http/kept-pages.js';

export { CSRF_PLACEHOLDER };

export function withCsrfToken(html: string, token: string): string {
  return html.replaceAll(CSRF_PLACEHOLDER, token);
}

const serials = new WeakMap<object, number>();
let lastSerial = 0;

/** A number for an object, the same for as long as the object lives: the measures' cached figures name their version this way. */
export function serialOf(value: object | undefined): number {
  if (!value) return 0;
  let serial = serials.get(value);
  if (serial === undefined) serials.set(value, (serial = ++lastSerial));
  return serial;
}
