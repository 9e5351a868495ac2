import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/open.js';
import { createServer } from './http/server.js';
import { scheduleSweeps } from './housekeeping.js';
import { secretKeyOf } from './secret.js';
import type { InFlight } from './http/in-flight.js';

const config = loadConfig();
const log = (message: string) => console.log(message);

const opened = await openDatabase(config, { applicationName: 'innovation-site-tracker', migrate: config.migrateOnStart, exclusive: true, log, statementTimeoutMs: 60_000 }).catch(
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);

const app = createApp({ db: opened.database.db, config });
const server = createServer(app, config).listen(config.port, config.host);
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
}).catch(async (error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${config.port} is in use by another program: set PORT to use another` : error.message);
  await opened.close();
  process.exit(1);
});

// The embedded database's data folder says where the running app listens, for people and scripts.
const { port } = server.address() as AddressInfo;
const runFile = path.join(config.dataDir, 'app.json');
if (opened.embedded) {
  await fs.writeFile(runFile, JSON.stringify({ pid: process.pid, url: `http://localhost:${port}`, startedAt: new Date().toISOString() }, null, 2));
}
log(`Innovation Site Tracker is running at http://localhost:${port} (${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`})`);

// At start and every 10 minutes (one instance at a time): expired sessions, stale sign-in counts and old
// device cookies go, and an import whose check a crash cut off is marked failed.
const stopSweeps = scheduleSweeps(opened.database.db, { secret: secretKeyOf(config), onError: (error) => console.error('Housekeeping failed:', error) });

let stopping = false;
async function shutdown(signal: string) {
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
  await Promise.race([(app.locals.inFlight as InFlight).idle(), new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref())]);
  clearTimeout(force);
  if (opened.embedded) await fs.rm(runFile, { force: true });
  await opened.close();
  log('Stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
