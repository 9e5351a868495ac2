import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';
import { must } from '../must.js';

/** The database or a transaction on it: query functions take either, so a route can group writes. */
export type Db = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;
export type Sql = postgres.Sql;

export interface Database {
  db: Db;
  sql: Sql;
  close(): Promise<void>;
}

/**
 * A pool on `url`. A server that does not answer is given up on: a connection within 4 seconds;
 * with `statementTimeoutMs` (the app's own pool: a minute, imports included) a statement within
 * that, and a transaction left idle within 30 seconds. Migrations and seeding run without.
 */
export function connect(url: string, options: { max?: number; applicationName?: string; statementTimeoutMs?: number } = {}): Database {
  const timeouts = options.statementTimeoutMs
    ? { statement_timeout: options.statementTimeoutMs, idle_in_transaction_session_timeout: 30_000 }
    : {};
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    connect_timeout: 4,
    connection: { application_name: options.applicationName ?? 'innovation-site-tracker', ...timeouts },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * The postgres.js client under a database or a transaction, for the few hot queries written as
 * its tagged templates: postgres.js prepares those once per connection, where drizzle's execute
 * sends unnamed statements that PostgreSQL plans afresh every time.
 */
export function sqlOf(db: Db): Sql {
  const handle = db as unknown as { $client?: Sql; session?: { client: Sql } };
  return must(handle.$client ?? handle.session?.client, 'the postgres.js client of a database');
}
