import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { connect, type Database } from '../../server/db/connection.js';
import { createSession } from '../../server/accounts/sessions.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';

/** A TCP proxy in front of PostgreSQL that can freeze (hold every byte) and go (refuse and drop). */
class FaultyLink {
  private server: net.Server;
  private sockets = new Set<net.Socket>();
  private frozen = false;
  private held: (() => void)[] = [];
  port = 0;

  constructor(private target: { host: string; port: number }) {
    this.server = this.makeServer();
  }

  private makeServer(): net.Server {
    return net.createServer((client) => {
      const open = () => {
        const upstream = net.connect(this.target.port, this.target.host);
        for (const socket of [client, upstream]) {
          this.sockets.add(socket);
          socket.on('close', () => this.sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream);
        upstream.pipe(client);
        if (this.frozen) {
          client.pause();
          upstream.pause();
        }
      };
      if (this.frozen) this.held.push(open);
      else open();
    });
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  freeze(): void {
    this.frozen = true;
    for (const socket of this.sockets) socket.pause();
  }

  thaw(): void {
    this.frozen = false;
    for (const socket of this.sockets) socket.resume();
    for (const open of this.held.splice(0)) open();
  }

  async go(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  async comeBack(): Promise<void> {
    this.server = this.makeServer();
    await this.listen(this.port);
  }
}

describe('when PostgreSQL freezes or goes away', function () {
  this.timeout(60_000);
  let test: TestDatabase;
  let link: FaultyLink;
  let through: Database;
  let app: ReturnType<typeof createApp>;
  let cookie: string;
  before(async () => {
    test = await createTestDatabase();
    const url = new URL(test.url);
    link = new FaultyLink({ host: url.hostname, port: Number(url.port) });
    await link.listen();
    url.port = String(link.port);
    through = connect(url.toString(), { max: 3 });
    app = createApp({ db: through.db, config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString() }) });
    const user = await aUser(test.db);
    cookie = `session=${(await createSession(test.db, { userId: user.id })).token}`;
  });
  after(async () => {
    link.thaw();
    await through.sql.end({ timeout: 1 }).catch(() => undefined);
    await link.go().catch(() => undefined);
    await test.drop();
  });

  const timed = async (run: () => Promise<request.Response>) => {
    const started = Date.now();
    const res = await run();
    return { res, ms: Date.now() - started };
  };
  const waitFor = async (check: () => Promise<boolean>, ms = 20_000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  };

  it('answers pages and /health as usual while it is there', async () => {
    await request(app).get('/health').expect(200);
    await request(app).get('/account').set('Cookie', cookie).expect(200);
  });

  it('frozen: answers 503 within 5 seconds, a plain page and JSON for /health, and recovers when it thaws', async () => {
    link.freeze();
    const [health, page] = await Promise.all([
      timed(() => request(app).get('/health')),
      timed(() => request(app).get('/account').set('Cookie', cookie)),
    ]);
    assert.equal(health.res.status, 503);
    assert.deepEqual(health.res.body, { status: 'unavailable' });
    assert.ok(health.ms < 5_000, `/health took ${health.ms} ms`);
    assert.equal(page.res.status, 503);
    assert.match(page.res.text, /Sorry, the service is unavailable/);
    assert.doesNotMatch(page.res.text, /postgres|Error:|stack/i);
    assert.ok(page.ms < 5_000, `the page took ${page.ms} ms`);
    link.thaw();
    assert.ok(
      await waitFor(async () => (await request(app).get('/account').set('Cookie', cookie)).status === 200),
      'pages come back after the thaw',
    );
    await request(app).get('/health').expect(200);
  });

  it('gone: answers 503 within 5 seconds, never a 500, and recovers when it is back', async () => {
    const originalError = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      await link.go();
      const [health, page] = await Promise.all([
        timed(() => request(app).get('/health')),
        timed(() => request(app).get('/account').set('Cookie', cookie)),
      ]);
      assert.equal(health.res.status, 503);
      assert.equal(page.res.status, 503, page.res.text.slice(0, 200));
      assert.match(page.res.text, /Sorry, the service is unavailable/);
      assert.ok(Math.max(health.ms, page.ms) < 5_000, `took ${health.ms} and ${page.ms} ms`);
      await link.comeBack();
      assert.ok(await waitFor(async () => (await request(app).get('/account').set('Cookie', cookie)).status === 200), 'pages come back');
      await request(app).get('/health').expect(200);
    } finally {
      console.error = originalError;
    }
  });
});
