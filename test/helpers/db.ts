import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connect, type Database } from '../../server/db/connection.js';

export interface TestDatabase extends Database {
  url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function admin() {
  const url = process.env.IST_TEST_ADMIN_URL;
  if (!url) throw new Error('The global test setup has not run: run tests with `npm test`');
  return { url, sql: postgres(url, { max: 1, onnotice: () => undefined }) };
}

/** A fresh migrated database, cloned from the run's template: fast, and isolated per test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ist_test_${randomBytes(6).toString('hex')}`;
  const { url, sql } = admin();
  await sql.unsafe(`create database ${name} template ${process.env.IST_TEST_TEMPLATE}`);
  await sql.end();
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const database = connect(databaseUrl.toString(), { max: 5 });
  return {
    ...database,
    url: databaseUrl.toString(),
    async drop() {
      await database.close();
      const { sql: dropper } = admin();
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
