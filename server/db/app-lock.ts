import type { Database } from './connection.js';

// Any fixed number will do: it only has to be the same for every copy of the app.
const APP_LOCK = 4_727_002;

/**
 * Holds a session advisory lock for as long as the app runs, on a connection of its own.
 * Returns false when another copy of the app holds it.
 */
export async function holdAppLock(database: Database): Promise<{ release(): Promise<void> } | false> {
  const connection = await database.sql.reserve();
  const [{ locked }] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${APP_LOCK}) as locked`;
  if (!locked) {
    connection.release();
    return false;
  }
  return {
    async release() {
      await connection`select pg_advisory_unlock(${APP_LOCK})`.catch(() => undefined);
      connection.release();
    },
  };
}
