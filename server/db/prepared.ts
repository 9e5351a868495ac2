import type { Db } from './connection.js';

/**
 * A drizzle query built once per database and kept as a prepared statement: building a query
 * costs more than running a small one, so the queries every huddle page runs are built here.
 */
const cache = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let queries = cache.get(db);
  if (!queries) cache.set(db, (queries = new Map<string, unknown>()));
  if (!queries.has(name)) queries.set(name, build(db));
  return queries.get(name) as T;
}
