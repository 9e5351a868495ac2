import { sqlOf, type Db } from '../db/connection.js';

/**
 * Measures kept per site revision: every change to a site's contacts moves its board revision
 * (triggers in the database do it, drizzle/0020_revisions_from_the_database.sql), so figures computed for a
 * revision stay right until the next change, on any app instance. A show-and-tell being prepared
 * opens the same charts again and again; each is computed once.
 */
const MAX_ENTRIES = 300;
const MAX_AGE_MS = 10 * 60_000;
const caches = new WeakMap<object, Map<string, { value: unknown; at: number }>>();

async function revisionsOf(db: Db, siteIds: number[]): Promise<string> {
  const client = sqlOf(db);
  const rows = await client<{ site_id: number; revision: number }[]>`
    select site_id, revision::int from board_revisions where site_id = any(${siteIds}::int[]) order by site_id`;
  return rows.map((row) => `${row.site_id}:${row.revision}`).join(',');
}

/** The sites' revisions as the cache names them, for a caller that has read them with other things (see revisionsOf). */
export function revisionsKey(revisions: { siteId: number; revision: number }[]): string {
  return [...revisions]
    .sort((a, b) => a.siteId - b.siteId)
    .map((row) => `${row.siteId}:${row.revision}`)
    .join(',');
}

/** `revisions`, when given, are the sites' revisions just read (revisionsKey), which spares a query. */
export async function cachedMeasures<T>(db: Db, siteIds: number[], key: string, compute: () => Promise<T>, revisions?: string): Promise<T> {
  let entries = caches.get(db);
  if (!entries) caches.set(db, (entries = new Map<string, { value: unknown; at: number }>()));
  const fullKey = `${key}|${revisions ?? (await revisionsOf(db, siteIds))}`;
  const now = Date.now();
  const hit = entries.get(fullKey);
  if (hit && now - hit.at < MAX_AGE_MS) return hit.value as T;
  const value = await compute();
  entries.delete(fullKey);
  entries.set(fullKey, { value, at: now });
  const oldest = entries.keys().next();
  if (entries.size > MAX_ENTRIES && !oldest.done) entries.delete(oldest.value);
  return value;
}
