import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { eq, sql } from 'drizzle-orm';
import { contacts, type Site } from '../../server/db/schema.js';
import { contactImports } from '../../server/db/measures-schema.js';
import { addDays } from '../../server/calendar/fortnights.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { HEADER, importIdOf, upload } from './helpers.js';

const ROWS = 200_000;
const OUTCOMES = ['resolved_c1', 'community', 'equipment', 'short_term', 'long_term', 'signposted', 'nfa'];

/** Two years of made-up contacts, each person reference once a day at most. */
function generated(): Buffer {
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i += 1) {
    const date = addDays('2024-11-01', i % 730);
    const outcome = OUTCOMES[i % OUTCOMES.length];
    const cost = outcome === 'long_term' ? `${200 + (i % 500)}.50` : '';
    lines.push(`P-${String(i).padStart(7, '0')},${date},${addDays(date, i % 20)},${1 + (i % 3)},${outcome},${i % 4},${i % 5 === 0 ? 'yes' : 'no'},${cost},${date < '2025-11-01' ? 'old' : 'new'},Team ${i % 3}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** The peak resident memory of a running process, from Linux's /proc (VmHWM only ever grows). */
function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(ready: () => boolean, ms: number, detail: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`Timed out: ${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('importing 200,000 contacts', function () {
  this.timeout(180_000);
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-11-23T10:00:00Z' });
    site = await aSite(t.database.db, { name: 'Scale import' });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
  });
  after(async () => t.close());

  it('through the CLI, in a process of its own: under 60 seconds and under 300 MB', async function () {
    if (process.platform !== 'linux') this.skip();
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'import-scale-'));
    const file = path.join(folder, 'two-years.csv');
    await fs.writeFile(file, generated());
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'import-contacts', '--site', String(site.id), file], {
      env: { ...process.env, DATABASE_URL: t.database.url, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakRss(child.pid!))), 20);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    // Read the peak once more as the process ends, before it is reaped.
    child.stdout.on('end', () => (peak = Math.max(peak, peakRss(child.pid!))));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(sampler);
    const elapsed = performance.now() - started;
    await fs.rm(folder, { recursive: true, force: true });
    assert.equal(code, 0, out);
    assert.match(out, /Imported 200000 rows into Scale import: 200000 inserted, 0 updated, 0 skipped/);
    console.log(`      200,000 rows through npm run cli -- import-contacts: ${(elapsed / 1000).toFixed(1)} s, peak RSS ${megabytes(peak)} MB`);
    assert.ok(elapsed < 60_000, 'under 60 seconds');
    assert.ok(peak > 0 && peak < 300 * 1024 * 1024, 'under 300 MB');
    const id = Number(/import (\d+)/.exec(out)![1]);
    assert.equal((await lead.post(`/sites/${site.id}/imports/${id}/undo`)).status, 303);
  });

  it('through the browser route, the app in a process of its own: checked, confirmed and undone, under 60 seconds and 300 MB', async function () {
    if (process.platform !== 'linux') this.skip();
    const port = await freePort();
    const app = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: { ...process.env, DATABASE_URL: t.database.url, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', MIGRATE_ON_START: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    app.stdout.on('data', (chunk) => (log += chunk));
    app.stderr.on('data', (chunk) => (log += chunk));
    // Should a step ever hang, say what the app printed before mocha's timeout ends the test silently.
    const watchdog = setTimeout(() => console.error(`      the app had printed, 150 s in:\n${log.slice(-4000)}`), 150_000);
    try {
      await waitFor(() => /is running at/.test(log), 20_000, () => log);
      const base = `http://127.0.0.1:${port}`;
      const file = generated();
      let peak = peakRss(app.pid!);
      const before = peak;
      const sampler = setInterval(() => (peak = Math.max(peak, peakRss(app.pid!))), 20);
      const started = performance.now();
      const res = await upload(base, lead, site.id, file, { fileName: 'two-years.csv' });
      assert.equal(res.status, 303, res.text.slice(0, 2000));
      const id = importIdOf(res.headers.location);
      const checked = performance.now();
      const page = await request(base).get(res.headers.location).set('Cookie', lead.cookie);
      assert.match(page.text, /Check your answers/);
      assert.match(page.text, /200,000/);
      const post = (action: string) => request(base).post(`/sites/${site.id}/imports/${id}/${action}`).set('Cookie', lead.cookie).type('form').send({ _csrf: lead.csrfToken });
      assert.equal((await post('confirm')).status, 303);
      const confirmed = performance.now();
      const [{ count }] = await t.database.db.select({ count: sql<number>`count(*)::int` }).from(contacts).where(eq(contacts.siteId, site.id));
      assert.equal(count, ROWS);
      const [stored] = await t.database.db.select().from(contactImports).where(eq(contactImports.id, id));
      assert.equal(stored.inserted, ROWS);
      assert.equal((await post('undo')).status, 303);
      const undone = performance.now();
      clearInterval(sampler);
      peak = Math.max(peak, peakRss(app.pid!));
      const seconds = (ms: number) => (ms / 1000).toFixed(1);
      console.log(
        `      200,000 rows (${(file.length / 1024 / 1024).toFixed(1)} MB) through the browser route: upload and check ${seconds(checked - started)} s, ` +
          `confirm ${seconds(confirmed - checked)} s (total ${seconds(confirmed - started)} s), undo ${seconds(undone - confirmed)} s; ` +
          `app process peak RSS ${megabytes(peak)} MB (${megabytes(before)} MB when started)`,
      );
      assert.ok(confirmed - started < 60_000, 'under 60 seconds');
      assert.ok(peak < 300 * 1024 * 1024, 'under 300 MB');
    } finally {
      clearTimeout(watchdog);
      app.kill('SIGTERM');
      await new Promise((resolve) => (app.exitCode === null ? app.on('exit', resolve) : resolve(null)));
    }
  });
});
