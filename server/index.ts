import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { AppAlreadyRunning, openDatabase } from './db/open.js';
import { postmasterAlive } from './db/embedded.js';
import { claimRunFile, publishRunFile, releaseRunFile } from './db/run-file.js';
import { createServer } from './http/server.js';
import { scheduleSweeps } from './housekeeping.js';
import { secretKeyOf } from './secret.js';
import type { InFlight } from './http/in-flight.js';

const config = loadConfig();
const log = (message: string) => console.log(message);

const embedded = !config.databaseUrl;
const startedAt = new Date().toISOString();
if (embedded) {
  // The data folder is this app's before its database is touched, whether or not PostgreSQL is up (see db/run-file.ts).
  const { heldBy } = claimRunFile(config.dataDir);
  if (heldBy !== undefined) {
    console.error(
      `${new AppAlreadyRunning(config.dataDir).message} (It is process ${heldBy}. If no app is running, delete ${path.join(config.dataDir, 'app.json')}.)`,
    );
    process.exit(1);
  }
}

const opened = await openDatabase(config, {
  applicationName: 'innovation-site-tracker',
  migrate: config.migrateOnStart,
  exclusive: true,
  log,
  statementTimeoutMs: 60_000,
}).catch((error: Error) => {
  console.error(error.message);
  if (embedded) releaseRunFile(config.dataDir);
  process.exit(1);
});

const app = createApp({ db: opened.database.db, config });
const server = createServer(app, config);
server.once('listening', () => {
  // The embedded database's data folder says where the running app listens, for people and scripts.
  // Written synchronously here, so it is there before the first request is answered.
  if (embedded) publishRunFile(config.dataDir, `http://localhost:${(server.address() as AddressInfo).port}`, startedAt);
});
server.listen(config.port, config.host);
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
}).catch(async (error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${config.port} is in use by another program: set PORT to use another` : error.message);
  await opened.close();
  if (embedded) releaseRunFile(config.dataDir);
  process.exit(1);
});
const { port } = server.address() as AddressInfo;
log(
  `Innovation Site Tracker is running at http://localhost:${port} (${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`})`,
);

// At start and every 10 minutes (one instance at a time): expired sessions, stale sign-in counts and old
// device cookies go, and an import whose check a crash cut off is marked failed.
const stopSweeps = scheduleSweeps(opened.database.db, {
  secret: secretKeyOf(config),
  onError: (error) => console.error('Housekeeping failed:', error),
});

const databaseStopped = () =>
  `The embedded PostgreSQL in ${opened.embedded?.pgdata ?? 'its data folder'} stopped unexpectedly (its log is server.log in that folder). ` +
  'Innovation Site Tracker is stopping so that nothing is half-saved. Start it again with "npm start".';

// The database driver can throw outside any request when its server vanishes mid-write. Whatever
// throws there, the process cannot carry on safely: say why (the database, when it is gone) and stop,
// leaving the data folder free for the next start.
/**
 * Whether the embedded PostgreSQL is gone, or going: a crash or an immediate shutdown closes its
 * connections (which is when the driver throws) a moment before its postmaster exits, so a living
 * postmaster is watched for up to two seconds before the error is taken to be something else.
 */
function databaseGone(pgdata: string): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited <= 2000; waited += 50) {
    if (!postmasterAlive(pgdata)) return true;
    Atomics.wait(pause, 0, 0, 50);
  }
  return false;
}

process.on('uncaughtException', (error) => {
  console.error(opened.embedded && databaseGone(opened.embedded.pgdata) ? databaseStopped() : error);
  if (embedded) releaseRunFile(config.dataDir);
  process.exit(1);
});

// Supervision: if the embedded PostgreSQL stops under the app (killed, crashed, stopped by hand), the app
// has lost its database and its single-instance lock with it. It stops too, saying why, rather than
// answer every request with an error while a second app could start a new server on the same folder.
opened.embedded?.watch(() => {
  console.error(databaseStopped());
  void shutdown('The database stopped', 1);
});

let stopping = false;
async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing requests in flight, then stopping`);
  stopSweeps();
  const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
  force.unref();
  // Stop taking connections and let requests in flight finish; only then close the pool and the database.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  // A handler whose client went away may still be using the database.
  await Promise.race([
    (app.locals.inFlight as InFlight).idle(),
    new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref()),
  ]);
  clearTimeout(force);
  // With its database gone, closing the pool may wait for connections that cannot end: give it a moment only.
  await Promise.race([
    opened.close().catch((error: Error) => console.error(error.message)),
    new Promise((resolve) => setTimeout(resolve, exitCode ? 3000 : 2 ** 31 - 1).unref()),
  ]);
  if (embedded) releaseRunFile(config.dataDir);
  log('Stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
