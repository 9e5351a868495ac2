import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';

describe('the app shell', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('sends a strict Content Security Policy and no X-Powered-By', async () => {
    const res = await request(t.app).get('/accessibility').expect(200);
    const csp = res.headers['content-security-policy'];
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]) {
      assert.ok(csp.includes(directive), directive);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['x-powered-by'], undefined);
    assert.equal(res.headers['referrer-policy'], 'same-origin');
  });

  it('has no inline script or style in its pages', async () => {
    const res = await request(t.app).get('/accessibility').expect(200);
    assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>/);
    assert.doesNotMatch(res.text, /\sstyle=|<style|\son[a-z]+=|hx-on/);
  });

  it('lays pages out with the generic header, navigation, skip link, phase banner and footer', async () => {
    const res = await request(t.app).get('/accessibility').expect(200);
    assert.match(res.text, /<html lang="en-GB"/);
    assert.match(res.text, /class="govuk-skip-link"/);
    assert.match(res.text, /class="govuk-generic-header"/);
    assert.match(res.text, /class="govuk-service-navigation"/);
    assert.match(res.text, /govuk-phase-banner/);
    assert.match(res.text, /<footer class="govuk-footer">[\s\S]*href="\/accessibility"/);
    assert.match(res.text, /aria-current="page"/);
    assert.doesNotMatch(res.text, /govuk-header__logotype|govuk-logo|GDS Transport/);
  });

  it('serves the pinned htmx and the stylesheet without the GOV.UK font', async () => {
    const pinned = JSON.parse(await fs.readFile('package.json', 'utf8')).dependencies['htmx.org'];
    const vendored = await request(t.app).get(`/static/vendor/htmx-${pinned}.min.js`).expect(200);
    assert.equal(vendored.text, await fs.readFile('node_modules/htmx.org/dist/htmx.min.js', 'utf8'));
    const page = await request(t.app).get('/accessibility');
    assert.match(page.text, new RegExp(`/static/vendor/htmx-${pinned.replace(/\./g, '\\.')}\\.min\\.js`));
    const css = await request(t.app).get('/static/css/app.css').expect(200);
    assert.doesNotMatch(css.text, /GDS Transport|@font-face/);
  });

  it('answers an unknown page with the styled 404 page', async () => {
    const res = await request(t.app).get('/no/such/page').expect(404);
    assert.match(res.text, /<title>Page not found – Innovation Site Tracker<\/title>/);
    assert.match(res.text, /govuk-generic-header/);
  });

  it('answers a body that is not in the Content-Encoding it names with 400, never a 500', async () => {
    const originalError = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      for (const encoding of ['gzip', 'deflate', 'br', 'compress', 'gzip, br']) {
        const res = await request(t.app)
          .post('/sign-in')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .set('Content-Encoding', encoding)
          .send('email=a%40example.org&password=x');
        assert.ok(res.status === 400 || res.status === 415, `${encoding}: ${res.status}`);
        assert.match(res.text, /Sorry, we could not read that form|could not read/);
      }
      const gzipped = zlib.gzipSync('email=a%40example.org&password=x');
      const good = await request(t.app)
        .post('/sign-in')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('Content-Encoding', 'gzip')
        .send(gzipped);
      assert.notEqual(good.status, 500);
      assert.equal(logged.length, 0, 'nothing was logged as a server fault');
    } finally {
      console.error = originalError;
    }
  });

  it('cuts off a request whose body arrives too slowly with 408, and keeps serving others', async () => {
    const { createServer } = await import('../../server/http/server.js');
    const server = createServer(t.app, { requestTimeoutMs: 600 }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=',
          );
        });
        let received = '';
        // A byte every 200 ms: the body never finishes in time.
        const drip = setInterval(() => socket.writable && socket.write('a'), 200);
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => {
          clearInterval(drip);
          resolve(received);
        });
        socket.on('error', reject);
        setTimeout(() => socket.destroy(), 10_000).unref();
      });
      assert.match(answer, /^HTTP\/1\.1 408/);
      assert.ok(Date.now() - started < 5_000, `cut off after ${Date.now() - started} ms`);
      const res = await request(server).get('/accessibility').expect(200);
      assert.match(res.text, /Accessibility/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('cuts off slow requests after 60 seconds unless REQUEST_TIMEOUT_SECONDS says otherwise', () => {
    assert.equal(loadConfig({}).requestTimeoutMs, 60_000);
    assert.equal(loadConfig({ REQUEST_TIMEOUT_SECONDS: '120' }).requestTimeoutMs, 120_000);
    assert.throws(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: 'soon' }), /REQUEST_TIMEOUT_SECONDS must be a number of seconds/);
  });

  it('shrugs off malformed and hostile cookies', async () => {
    for (const cookie of ['flash=%E0%A4%A', 'session=%', 'flash=site-created%; session=' + 'a'.repeat(43), 'flash=__proto__', '=;;==']) {
      const res = await request(t.app).get('/accessibility').set('Cookie', cookie);
      assert.equal(res.status, 200, cookie);
      assert.doesNotMatch(res.text, /govuk-notification-banner/, cookie);
    }
  });

  it('answers health checks', async () => {
    const res = await request(t.app).get('/health').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('shows the styled 500 page, and no details, when something goes wrong', async () => {
    // A fault of the app's own (here, a database object that throws), not the database being away.
    const broken = new Proxy(
      {},
      {
        get: () => () => {
          throw new TypeError('boom: a bug in the app');
        },
      },
    ) as unknown as TestApp['database']['db'];
    const app = createApp({ db: broken, config: loadConfig({ NODE_ENV: 'test' }) });
    const originalError = console.error;
    console.error = () => undefined;
    try {
      const res = await request(app).get('/').expect(500);
      assert.match(res.text, /Sorry, there is a problem with the service/);
      assert.doesNotMatch(res.text, /boom|TypeError|Error:/i);
    } finally {
      console.error = originalError;
    }
  });

  it('answers 503 "try again", not 500, when the database has gone', async () => {
    const database = await createTestDatabase();
    const app = createApp({ db: database.db, config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }) });
    await database.drop(); // the pool is closed: every query now fails
    const res = await request(app).get('/').expect(503);
    assert.match(res.text, /Sorry, the service is unavailable/);
    assert.doesNotMatch(res.text, /postgres|CONNECTION|Error:/i);
    assert.equal(res.headers['retry-after'], '30');
  });
});

describe('configuration', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.ok(config.dataDir.endsWith('/data'));
    assert.equal(config.migrateOnStart, true);
  });

  it('refuses to start in production without DATABASE_URL, and refuses nonsense', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /DATABASE_URL must be set/);
    const secret = 'a'.repeat(32);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y' }), /APP_SECRET must be set/);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', APP_SECRET: secret }),
      /PUBLIC_URL must be set/,
    );
    assert.throws(() => loadConfig({ APP_SECRET: 'too short' }), /APP_SECRET must be at least 32 characters/);
    assert.equal(
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x/y',
        PUBLIC_URL: 'https://tracker.example.gov.uk',
        APP_SECRET: secret,
      }).migrateOnStart,
      false,
    );
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be a port number/);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'maybe' }), /TRUST_PROXY must be a number of proxy hops/);
  });

  it('believes X-Forwarded-For only from a stated number of proxies or from stated addresses, never from anyone', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback' }).trustProxy, ['10.0.0.5', '10.1.0.0/16', 'loopback']);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /not "true"/);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'yes' }), /not "true"/);
    assert.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.5, evil.example' }), /TRUST_PROXY must be/);
  });

  it('builds links from PUBLIC_URL, which must be a plain web address', () => {
    assert.equal(loadConfig({}).publicUrl, 'http://localhost:3000');
    assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://tracker.example.gov.uk/' }).publicUrl, 'https://tracker.example.gov.uk');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://council.example.gov.uk/tracker/' }).publicUrl, 'https://council.example.gov.uk/tracker');
    assert.throws(() => loadConfig({ PUBLIC_URL: 'tracker.example.gov.uk' }), /PUBLIC_URL must be a web address/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'javascript:alert(1)' }), /PUBLIC_URL must be a plain http or https address/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'https://user@tracker.example.gov.uk' }), /PUBLIC_URL must be a plain/);
  });
});
