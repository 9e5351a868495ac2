/**
 * Parts of a pack page (its rendered sections, its checks), kept while nothing they show has
 * changed: six charts' tables and four stories cost far more to render than the few lookups that
 * say whether anything changed. The key names everything the sections are made from (see renderPackPage), so each app
 * instance keeps its own copy and none can serve a stale one. Forms carry a placeholder for the
 * person's CSRF token, filled in per request.
 */
import { CSRF_PLACEHOLDER } from '../http/kept-pages.js';

export { CSRF_PLACEHOLDER };

export function withCsrfToken(html: string, token: string): string {
  return html.replaceAll(CSRF_PLACEHOLDER, token);
}

const MAX_ENTRIES = 200;
/** Workers' names and the like can change without a new key: no copy outlives this. */
const MAX_AGE_MS = 5 * 60_000;
const caches = new WeakMap<object, Map<string, { value: unknown; at: number }>>();
const serials = new WeakMap<object, number>();
let lastSerial = 0;

/** A number for an object, the same for as long as the object lives: the measures' cached figures name their version this way. */
export function serialOf(value: object | undefined): number {
  if (!value) return 0;
  let serial = serials.get(value);
  if (serial === undefined) serials.set(value, (serial = ++lastSerial));
  return serial;
}

/** Per database, so tests (each on a database of its own, with the same ids) never share a page. */
export async function cachedPackPart<T>(db: object, key: string, compute: () => Promise<T> | T, now = Date.now()): Promise<T> {
  let entries = caches.get(db);
  if (!entries) caches.set(db, (entries = new Map<string, { value: unknown; at: number }>()));
  const hit = entries.get(key);
  if (hit && now - hit.at <= MAX_AGE_MS) return hit.value as T;
  const value = await compute();
  entries.delete(key);
  entries.set(key, { value, at: now });
  // A Map iterates in insertion order: the first key is the least recently stored.
  const oldest = entries.keys().next();
  if (entries.size > MAX_ENTRIES && !oldest.done) entries.delete(oldest.value);
  return value;
}
