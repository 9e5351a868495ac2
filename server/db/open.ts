import type { Config } from '../config.js';
import { connect, type Database } from './connection.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { migrateDatabase, pendingMigrations } from './migrate.js';

export interface OpenDatabase {
  database: Database;
  embedded: EmbeddedServer | undefined;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/** The database named by DATABASE_URL, or the embedded one in the data folder. */
export async function openDatabase(
  config: Config,
  options: { applicationName: string; migrate: boolean; log?: (message: string) => void },
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config.dataDir, options.log);
  const database = connect(config.databaseUrl ?? embedded!.url, { applicationName: options.applicationName });
  try {
    if (options.migrate) {
      await migrateDatabase(database);
    } else {
      const pending = await pendingMigrations(database);
      if (pending > 0) {
        throw new Error(`The database is missing ${pending} migration(s): run "npm run migrate" first`);
      }
    }
  } catch (error) {
    await database.close();
    await embedded?.stop();
    throw error;
  }
  return {
    database,
    embedded,
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}
