import { sqlOf, type Db } from '../db/connection.js';
import { cacheOf } from '../cache.js';

/**
 * Measures kept per site revision: every change to a site's contacts moves its board revision
 * (triggers in the database do it, drizzle/0020_revisions_from_the_database.sql), so figures computed for a
 * revision stay right until the next change, on any app instance, with no expiry. A show-and-tell
 * being prepared opens the same charts again and again; each is computed once, and requests for
 * the same figures at the same moment wait for that one computation.
 */
/** Figures of any measure, by what they were computed from and the sites' revisions. */
const keptFigures = cacheOf<{ inputs: string; revisions: string }, unknown>('measures', {
  maxEntries: 300,
  key: ({ inputs, revisions }) => [inputs, revisions],
});

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
  const parts = { inputs: key, revisions: revisions ?? (await revisionsOf(db, siteIds)) };
  // Each caller keeps one type under its own inputs (the key starts with what was computed).
  return (await keptFigures.keptOrMade(db, parts, async () => ({ value: await compute() }))) as T;
}
