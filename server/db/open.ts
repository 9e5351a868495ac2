import type { Config } from '../config.js';
import { holdAppLock } from './app-lock.js';
import { connect, type Database } from './connection.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { migrateDatabase, pendingMigrations } from './migrate.js';

export interface OpenDatabase {
  database: Database;
  embedded: EmbeddedServer | undefined;
  /** Releases the app lock, closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export class AppAlreadyRunning extends Error {
  constructor(dataDir: string) {
    super(`Innovation Site Tracker is already running on the data folder ${dataDir}. Stop it first (Ctrl-C in its terminal), or set DATA_DIR to use another folder.`);
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
  const url = config.databaseUrl ?? embedded!.url;
  const database = connect(url, { applicationName: options.applicationName, statementTimeoutMs: options.statementTimeoutMs });
  let lock: Awaited<ReturnType<typeof holdAppLock>> | undefined;
  const close = async () => {
    if (lock) await lock.release();
    await database.close();
    await embedded?.stop();
  };
  try {
    if (embedded && options.exclusive) {
      lock = await holdAppLock(database);
      if (!lock) throw new AppAlreadyRunning(config.dataDir);
    }
    if (options.migrate) {
      // On a pool of its own, without the app's statement timeout: a migration may take longer.
      const migrating = connect(url, { max: 2, applicationName: `${options.applicationName}-migrate` });
      try {
        await migrateDatabase(migrating);
      } finally {
        await migrating.close();
      }
    } else {
      const pending = await pendingMigrations(database);
      if (pending > 0) throw new Error(`The database is missing ${pending} migration(s): run "npm run migrate" first`);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { database, embedded, close };
}
