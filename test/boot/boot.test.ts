import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * The app as people start it: its own process on the embedded PostgreSQL in a data folder.
 * Slow-ish (a real initdb), so one folder serves the whole file.
 */
describe('starting and stopping on the embedded database', function () {
  this.timeout(120_000);
  let dataDir: string;
  const env = () => {
    const { DATABASE_URL, TEST_DATABASE_URL, ...rest } = process.env;
    return { ...rest, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development' };
  };

  const children: ChildProcess[] = [];

  function start(script: string, args: string[] = []): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  async function startApp() {
    const app = start('server/index.ts');
    for (let i = 0; i < 600; i++) {
      const match = /running at http:\/\/localhost:(\d+)/.exec(app.output());
      if (match) return { ...app, port: Number(match[1]) };
      if (app.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The app did not start:\n${app.output()}`);
  }

  async function listSites() {
    const cli = start('server/cli/index.ts', ['list-sites']);
    assert.equal(await cli.exited, 0, cli.output());
    return cli.output();
  }

  async function serverRunning() {
    return fs.access(path.join(dataDir, 'postgres', 'postmaster.pid')).then(
      () => true,
      () => false,
    );
  }

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-boot-'));
  });
  after(async () => {
    // A failed assertion can leave an app running: stop it (and so its database) before cleaning up.
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(running.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts, refuses a second copy, shares the database with the CLI, finishes a request in flight and stops cleanly', async () => {
    const app = await startApp();
    const health = await fetch(`http://127.0.0.1:${app.port}/health`);
    assert.equal(health.status, 200);
    const runFile = JSON.parse(await fs.readFile(path.join(dataDir, 'app.json'), 'utf8'));
    assert.equal(runFile.url, `http://localhost:${app.port}`);

    // The app's own connections are its least-privilege role, not the superuser the server was made with.
    const [, , , pgPort] = (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n');
    const ownerPassword = (await fs.readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
    const inspector = postgres(`postgres://tracker:${encodeURIComponent(ownerPassword)}@127.0.0.1:${pgPort.trim()}/postgres`, {
      max: 1,
      onnotice: () => undefined,
    });
    try {
      const roles = await inspector<
        { usename: string }[]
      >`select distinct usename from pg_stat_activity where application_name = 'innovation-site-tracker'`;
      assert.deepEqual(
        roles.map((row) => row.usename),
        ['tracker_app'],
      );
      const [role] = await inspector<{ rolsuper: boolean }[]>`select rolsuper from pg_roles where rolname = 'tracker_app'`;
      assert.equal(role.rolsuper, false);
    } finally {
      await inspector.end();
    }

    const second = start('server/index.ts');
    assert.equal(await second.exited, 1);
    assert.match(second.output(), /already running on the data folder/);

    const cli = start('server/cli/index.ts', [
      'create-site',
      '--name',
      'Made by the CLI',
      '--go-live',
      '2026-03-02',
      '--first-fortnight',
      '2026-03-02',
    ]);
    assert.equal(await cli.exited, 0, cli.output());
    assert.match(await listSites(), /Made by the CLI/);

    // A form half-sent when the stop signal arrives is still received, saved and answered:
    // here, setting up the first administrator.
    const startPage = await fetch(`http://127.0.0.1:${app.port}/`);
    const cookie = startPage.headers.get('set-cookie')!.split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await startPage.text())![1];
    const body = new URLSearchParams({
      _csrf: csrf,
      name: 'In flight',
      email: 'in.flight@example.org',
      password: 'a password typed before the stop',
    }).toString();
    const socket = net.connect(app.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      `POST /setup HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write(body.slice(20));
    await closed;
    assert.match(response, /^HTTP\/1.1 303/);

    assert.equal(await app.exited, 0, app.output());
    assert.match(app.output(), /Stopped/);
    assert.equal(await serverRunning(), false, 'the embedded PostgreSQL stopped with the app');
    await assert.rejects(fs.access(path.join(dataDir, 'app.json')));

    // With the app stopped, the CLI starts the database itself, and stops it again.
    const offline = start('server/cli/index.ts', [
      'create-site',
      '--name',
      'Made offline',
      '--go-live',
      '2026-03-02',
      '--first-fortnight',
      '2026-03-02',
    ]);
    assert.equal(await offline.exited, 0, offline.output());
    assert.equal(await serverRunning(), false);

    const again = await startApp();
    const sites = await listSites();
    for (const name of ['Made by the CLI', 'Made offline']) assert.match(sites, new RegExp(name));
    // The administrator saved in flight exists: the start page no longer offers to create one.
    const home = await fetch(`http://127.0.0.1:${again.port}/`, { redirect: 'manual' });
    assert.equal(home.headers.get('location'), '/sign-in');
    again.child.kill('SIGINT');
    assert.equal(await again.exited, 0);
  });

  async function postmasterPid(): Promise<number> {
    return Number((await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  }

  it('lets the CLI work while the app is still starting, and writes app.json before the app answers', async () => {
    // Started together: whichever starts PostgreSQL, the other waits for it rather than failing.
    const app = start('server/index.ts');
    const cli = start('server/cli/index.ts', [
      'create-site',
      '--name',
      'Made while starting',
      '--go-live',
      '2026-03-02',
      '--first-fortnight',
      '2026-03-02',
    ]);
    // The moment the app first answers, app.json already says where.
    let answered: Response | undefined;
    for (let i = 0; i < 600 && !answered; i++) {
      const held = await fs.readFile(path.join(dataDir, 'app.json'), 'utf8').then(
        (text) => JSON.parse(text) as { url?: string; pid: number },
        () => undefined,
      );
      if (held?.url) {
        answered = await fetch(`${held.url.replace('localhost', '127.0.0.1')}/live`).catch(() => undefined);
        assert.equal(held.pid, app.child.pid);
      } else {
        assert.equal(held === undefined || held.pid === app.child.pid, true, 'only the app claims the folder');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.ok(answered, `the app did not answer:\n${app.output()}`);
    assert.equal(await cli.exited, 0, cli.output());
    // And a CLI run the moment the app answers works too.
    const right = start('server/cli/index.ts', ['list-sites']);
    assert.equal(await right.exited, 0, right.output());
    assert.match(right.output(), /Made while starting/);
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 0, app.output());
  });

  it('stops with a clear message when its PostgreSQL dies, leaving nothing behind that blocks the next start', async () => {
    const app = await startApp();
    process.kill(await postmasterPid(), 'SIGQUIT'); // PostgreSQL's immediate shutdown: as a crash leaves it
    const code = await Promise.race([app.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
    assert.equal(code, 1, app.output());
    assert.match(app.output(), /The embedded PostgreSQL in .+ stopped unexpectedly .+ Start it again with "npm start"/);
    await assert.rejects(fs.access(path.join(dataDir, 'app.json')), 'its app.json is gone with it');
    // The next start recovers the database on the same folder.
    const again = await startApp();
    assert.match(await listSites(), /Made while starting/);
    again.child.kill('SIGTERM');
    assert.equal(await again.exited, 0);
  });

  it('refuses a second start while another app holds the folder, even with the database down, and never removes the other’s app.json', async () => {
    // A live process named in app.json holds the folder whatever PostgreSQL's state: here, a stand-in that sleeps.
    const holder = spawn('sleep', ['60']);
    children.push(holder);
    const held = `${JSON.stringify({ pid: holder.pid, url: 'http://localhost:1', startedAt: new Date().toISOString() })}\n`;
    await fs.writeFile(path.join(dataDir, 'app.json'), held);
    assert.equal(await serverRunning(), false, 'the database is down');
    const refused = start('server/index.ts');
    assert.equal(await refused.exited, 1);
    assert.match(refused.output(), new RegExp(`already running on the data folder .+\\(It is process ${holder.pid}\\.`));
    assert.equal(await fs.readFile(path.join(dataDir, 'app.json'), 'utf8'), held, 'the other app’s file is untouched');
    assert.equal(await serverRunning(), false, 'and it started no database');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    // A file left by a process that has gone is taken over.
    const after = await startApp();
    assert.equal(JSON.parse(await fs.readFile(path.join(dataDir, 'app.json'), 'utf8')).pid, after.child.pid);
    after.child.kill('SIGTERM');
    assert.equal(await after.exited, 0);
  });
});
