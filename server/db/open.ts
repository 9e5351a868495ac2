import type { Config } from '../config.js';
import { holdAppLock } from './app-lock.js';
import { connect, type Database } from './connection.js';
import { embeddedAppRoleUrl } from './app-role.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { migrateDatabase, pendingMigrations } from './migrate.js';
import { must } from '../must.js';

export interface OpenDatabase {
  database: Database;
  embedded: EmbeddedServer | undefined;
  /** Releases the app lock, closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export class AppAlreadyRunning extends Error {
  constructor(dataDir: string) {
    super(
      `Innovation Site Tracker is already running on the data folder ${dataDir}. Stop it first (Ctrl-C in its terminal), or set DATA_DIR to use another folder.`,
    );
  }
}

/**
 * The database named by DATABASE_URL, or the embedded one in the data folder. With `exclusive`,
 * only one app may use an embedded data folder at a time (the CLI may join it): a second one
 * is refused before it changes anything.
 */
export async function openDatabase(
  config: Config,
  options: { applicationName: string; migrate: boolean; exclusive?: boolean; log?: (message: string) => void; statementTimeoutMs?: number },
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config.dataDir, options.log);
  const ownerUrl = config.databaseUrl ?? must(embedded, 'the embedded PostgreSQL').url;
  // The owner's pool: the app's single-instance lock, migrations and the embedded app role's grants.
  const owner = connect(config.migrationDatabaseUrl ?? ownerUrl, { max: 4, applicationName: `${options.applicationName}-owner` });
  let database: Database | undefined;
  let lock: Awaited<ReturnType<typeof holdAppLock>> | undefined;
  const close = async () => {
    if (lock) await lock.release();
    await database?.close();
    await owner.close();
    await embedded?.stop();
  };
  try {
    if (embedded && options.exclusive) {
      lock = await holdAppLock(owner);
      if (!lock) throw new AppAlreadyRunning(config.dataDir);
    }
    if (options.migrate) {
      await migrateDatabase(owner);
    } else {
      const pending = await pendingMigrations(owner);
      if (pending > 0) throw new Error(`The database is missing ${pending} migration(s): run "npm run migrate" first`);
    }
    // The app itself (not the CLI, an operator's tool) runs on the embedded database as its least-privilege role.
    const url = embedded && options.exclusive ? await embeddedAppRoleUrl(owner.sql, embedded.url, config.dataDir) : ownerUrl;
    database = connect(url, { applicationName: options.applicationName, statementTimeoutMs: options.statementTimeoutMs });
  } catch (error) {
    await close();
    throw error;
  }
  return { database, embedded, close };
}
