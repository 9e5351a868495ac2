import { BENCH_PRODUCTION_ENV } from './production-env.js';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startEmbedded } from '../server/db/embedded.js';

/** The processes a benchmark runs: PostgreSQL, the app and the baseline, each started and cleaned up. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Clean-up steps, run newest first whatever happened. */
export type Defer = (step: () => Promise<unknown>) => void;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server to create the bench database on: BENCH_DATABASE_URL, or an embedded one in a temporary folder. */
export async function startPostgres(defer: Defer): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-bench-'));
  defer(() => fs.rm(dir, { recursive: true, force: true }));
  // As root the server runs as the postgres user, which must be able to enter the folder.
  await fs.chmod(dir, 0o755);
  const server = await startEmbedded(dir, (message) => console.log(`  ${message}`));
  defer(() => server.stop());
  return server.url;
}

export async function createDatabase(serverUrl: string, name: string, defer: Defer): Promise<string> {
  const admin = () => postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const sql = admin();
  await sql.unsafe(`create database ${name}`).finally(() => sql.end());
  defer(async () => {
    const dropper = admin();
    await dropper.unsafe(`drop database if exists ${name} with (force)`).finally(() => dropper.end());
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function startChild(name: string, script: string, env: Record<string, string>, defer: Defer): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => console.log(`  [${name}] ${line}`));
  }
  defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  });
  return child;
}

export async function waitUntilAnswering(url: string, child: ChildProcess, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    if (child.exitCode !== null) throw new Error(`The process behind ${url} exited with code ${child.exitCode}`);
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

export interface Server {
  origin: string;
  /** Answers once the server is ready, and again once it has worked through requests left in flight. */
  readyUrl: string;
  process: ChildProcess;
}

/** The app and the baseline, each in its own process so neither shares an event loop with the load generator. */
export async function startServers(databaseUrl: string, defer: Defer, signal: AbortSignal): Promise<{ app: Server; baseline: Server }> {
  const [appPort, baselinePort] = [await freePort(), await freePort()];
  const appEnv = {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    PORT: String(appPort),
    HOST: '127.0.0.1',
    MIGRATE_ON_START: 'false',
    ...BENCH_PRODUCTION_ENV,
  };
  const app: Server = {
    origin: `http://127.0.0.1:${appPort}`,
    readyUrl: `http://127.0.0.1:${appPort}/health`,
    process: startChild('app', 'server/index.ts', appEnv, defer),
  };
  const baseline: Server = {
    origin: `http://127.0.0.1:${baselinePort}`,
    readyUrl: `http://127.0.0.1:${baselinePort}/`,
    process: startChild('baseline', 'bench/baseline.ts', { NODE_ENV: 'production', PORT: String(baselinePort), HOST: '127.0.0.1' }, defer),
  };
  await Promise.all([app, baseline].map((server) => waitUntilAnswering(server.readyUrl, server.process, signal)));
  return { app, baseline };
}

export async function pageSize(url: string, headers?: Record<string, string>): Promise<string> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 500)}`);
  return `${(Buffer.byteLength(body) / 1024).toFixed(1)} KB`;
}
