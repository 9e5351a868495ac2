import { BENCH_PRODUCTION_ENV } from './production-env.js';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './servers.js';
import { must } from '../server/must.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface ImportFigures {
  rows: number;
  fileMegabytes: number;
  seconds: number;
  peakMegabytes: number;
  exitCode: number;
  output: string;
}

/** A CSV of fictional contacts in the import's format: two years of the old way, then the new. */
async function writeFile(file: string, rows: number): Promise<void> {
  const handle = await fs.open(file, 'w');
  const outcomes = ['resolved_c1', 'community', 'equipment', 'short_term', 'long_term', 'signposted', 'nfa'];
  let chunk =
    'person_ref,contact_date,first_conversation_date,highest_conversation,outcome,handoffs,funding_panel,weekly_cost_gbp,way_of_working,team\r\n';
  const start = Date.UTC(2022, 0, 3);
  for (let i = 0; i < rows; i += 1) {
    const contact = new Date(start + (i % 1400) * 86_400_000);
    const old = i % 1400 < 900;
    const first = new Date(contact.getTime() + (old ? 20 : 2) * 86_400_000);
    const outcome = outcomes[i % outcomes.length];
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    chunk += `IMP-${String(i).padStart(7, '0')},${iso(contact)},${iso(first)},${outcome === 'long_term' ? 3 : 1},${outcome},${old ? 3 : 0},${old ? 'yes' : 'no'},${outcome === 'long_term' ? '425.50' : ''},${old ? 'old' : 'new'},North\r\n`;
    if (chunk.length > 1 << 20) {
      await handle.write(chunk);
      chunk = '';
    }
  }
  await handle.write(chunk);
  await handle.close();
}

/** Imports `rows` contacts through `npm run cli -- import-contacts`, timing it and reading its peak memory. */
export async function measureImport(databaseUrl: string, siteId: number, rows = 200_000): Promise<ImportFigures> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-import-'));
  const file = path.join(dir, 'contacts.csv');
  try {
    await writeFile(file, rows);
    const { size } = await fs.stat(file);
    // GNU time reports the child's peak resident memory (%M, in kilobytes) and wall time (%e).
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        'IMPORT-FIGURES %e %M',
        process.execPath,
        '--import',
        'tsx',
        'server/cli/index.ts',
        'import-contacts',
        '--site',
        String(siteId),
        file,
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', MIGRATE_ON_START: 'false', ...BENCH_PRODUCTION_ENV },
      },
    );
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    const figures = /IMPORT-FIGURES ([\d.]+) (\d+)/.exec(output);
    return {
      rows,
      fileMegabytes: size / 2 ** 20,
      seconds: figures ? Number(figures[1]) : Number.NaN,
      peakMegabytes: figures ? Number(figures[2]) / 1024 : Number.NaN,
      exitCode,
      output: output
        .replace(/IMPORT-FIGURES.*\n?/, '')
        .trim()
        .slice(-2000),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface BrowserImportFigures {
  rows: number;
  fileMegabytes: number;
  /** Upload until the "check your answers" page is ready. */
  checkSeconds: number;
  confirmSeconds: number;
  undoSeconds: number;
  /** The app process's peak resident memory, read from Linux's /proc (VmHWM), and what it was when started. */
  peakMegabytes: number;
  startMegabytes: number;
  /** Empty when every step answered as it should. */
  problem: string;
}

/** The peak resident memory of a running process: VmHWM only ever grows. */
function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Imports `rows` contacts through the browser's route (upload, check your answers, confirm, undo)
 * into an app started afresh in a process of its own, so its peak memory is the import's alone.
 */
export async function measureBrowserImport(
  databaseUrl: string,
  siteId: number,
  session: { cookie: string; csrfToken: string },
  rows = 200_000,
): Promise<BrowserImportFigures> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-import-'));
  const file = path.join(dir, 'contacts.csv');
  const port = await freePort();
  const app = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      MIGRATE_ON_START: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...BENCH_PRODUCTION_ENV,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  app.stdout.on('data', (data) => (log += data));
  app.stderr.on('data', (data) => (log += data));
  const origin = `http://127.0.0.1:${port}`;
  const figures: BrowserImportFigures = {
    rows,
    fileMegabytes: 0,
    checkSeconds: NaN,
    confirmSeconds: NaN,
    undoSeconds: NaN,
    peakMegabytes: NaN,
    startMegabytes: NaN,
    problem: '',
  };
  let sampler: NodeJS.Timeout | undefined;
  try {
    await writeFile(file, rows);
    const bytes = await fs.readFile(file);
    figures.fileMegabytes = bytes.length / 2 ** 20;
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(`${origin}/health`).then(
        (response) => response.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || app.exitCode !== null) throw new Error(`the app did not start:\n${log.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    figures.startMegabytes = peakRss(must(app.pid, 'the app process id'));
    let peak = figures.startMegabytes;
    sampler = setInterval(() => (peak = Math.max(peak, peakRss(must(app.pid, 'the app process id')))), 20);
    const headers = { cookie: session.cookie };
    const started = performance.now();
    const form = new FormData();
    form.set('_csrf', session.csrfToken);
    form.set('onDuplicate', 'skip');
    form.set('file', new Blob([bytes], { type: 'text/csv' }), 'contacts.csv');
    const uploaded = await fetch(`${origin}/sites/${siteId}/imports`, { method: 'POST', body: form, headers, redirect: 'manual' });
    const location = uploaded.headers.get('location') ?? '';
    if (uploaded.status !== 303 || !/\/imports\/\d+$/.test(location))
      throw new Error(`the upload answered ${uploaded.status}: ${(await uploaded.text()).slice(0, 500)}`);
    const preview = await (await fetch(origin + location, { headers })).text();
    if (!/Check your answers/.test(preview)) throw new Error(`the upload was not ready to confirm: ${preview.slice(0, 500)}`);
    const checked = performance.now();
    const post = async (action: string) => {
      const response = await fetch(`${origin}${location}/${action}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: session.csrfToken }),
        redirect: 'manual',
      });
      if (response.status !== 303) throw new Error(`${action} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    };
    await post('confirm');
    const confirmed = performance.now();
    await post('undo');
    const undone = performance.now();
    clearInterval(sampler);
    figures.peakMegabytes = Math.max(peak, peakRss(must(app.pid, 'the app process id')));
    Object.assign(figures, {
      checkSeconds: (checked - started) / 1000,
      confirmSeconds: (confirmed - checked) / 1000,
      undoSeconds: (undone - confirmed) / 1000,
    });
  } catch (error) {
    // The app's own log says why (a statement timeout, a lock, a crash), which the answer does not.
    figures.problem = `${(error as Error).message}\napp log:\n${log.slice(-3000)}`;
  } finally {
    clearInterval(sampler);
    app.kill('SIGTERM');
    await new Promise((resolve) => (app.exitCode === null ? app.once('exit', resolve) : resolve(null)));
    await fs.rm(dir, { recursive: true, force: true });
  }
  return figures;
}
