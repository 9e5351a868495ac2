import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './connection.js';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'drizzle');

// Any fixed number will do: it only has to be the same in every instance of the app.
const MIGRATION_LOCK = 4_727_001;

/**
 * Applies the committed migrations; instances starting together take turns through an advisory
 * lock. The lock holds one connection of the pool, so the pool needs at least two.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const lock = await database.sql.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(database.db, { migrationsFolder });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    lock.release();
  }
}

/** How many committed migrations the database has not had yet. */
export async function pendingMigrations(database: Database): Promise<number> {
  const journal = JSON.parse(await fs.readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const [{ table }] = await database.sql<{ table: string | null }[]>`select to_regclass('drizzle.__drizzle_migrations')::text as table`;
  if (!table) return journal.entries.length;
  const [{ applied }] = await database.sql<{ applied: number }[]>`select count(*)::int as applied from drizzle.__drizzle_migrations`;
  return journal.entries.length - applied;
}
