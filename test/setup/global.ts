import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { connect } from '../../server/db/connection.js';
import { startEmbedded, type EmbeddedServer } from '../../server/db/embedded.js';
import { migrateDatabase } from '../../server/db/migrate.js';

/**
 * Once per run: a PostgreSQL server (TEST_DATABASE_URL, or an embedded one in a temporary
 * folder) and a migrated template database that each test file clones.
 */
let embedded: EmbeddedServer | undefined;
let tempDir: string | undefined;
const template = `ist_template_${process.pid}`;

export async function mochaGlobalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-test-'));
    embedded = await startEmbedded(tempDir);
    adminUrl = embedded.url;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const [{ version }] = await admin<{ version: string }[]>`select current_setting('server_version') as version`;
  console.log(`  Tests run on PostgreSQL ${version} (${process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'embedded'})`);
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  await admin.end();

  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const database = connect(templateUrl.toString(), { max: 2 });
  await migrateDatabase(database);
  await database.close();

  process.env.IST_TEST_ADMIN_URL = adminUrl;
  process.env.IST_TEST_TEMPLATE = template;
}

export async function mochaGlobalTeardown(): Promise<void> {
  const adminUrl = process.env.IST_TEST_ADMIN_URL;
  if (adminUrl) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${template} with (force)`).catch(() => undefined);
    await admin.end();
  }
  await embedded?.stop();
  if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
}
