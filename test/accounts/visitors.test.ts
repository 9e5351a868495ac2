import assert from 'node:assert/strict';
import postgres from 'postgres';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, TEST_PASSWORD } from '../helpers/accounts.js';
import { sweepExpired } from '../../server/housekeeping.js';
import { hashToken, newToken } from '../../server/accounts/sessions.js';

describe('visitors and housekeeping', function () {
  this.timeout(60_000);
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => t.close());

  const sessionRows = async () => (await t.database.sql`select count(*)::int as n from sessions`)[0].n as number;

  it('stores nothing for visitors: 300 opens of the sign-in page make no session rows', async () => {
    await aUser(t.database.db, { email: 'someone@example.org' });
    const pages = await Promise.all(Array.from({ length: 300 }, () => request(t.app).get('/sign-in')));
    assert.ok(pages.every((page) => page.status === 200));
    for (const path of ['/', '/invite/' + 'a'.repeat(43)]) await request(t.app).get(path);
    assert.equal(await sessionRows(), 0);
    // The form is protected by its own cookie: the token in the form must match it.
    const page = pages[0];
    const cookie = ((page.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('csrf='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const post = (headers: Record<string, string>, token = csrf) =>
      request(t.app)
        .post('/sign-in')
        .set(headers)
        .type('form')
        .send({ _csrf: token, email: 'someone@example.org', password: TEST_PASSWORD });
    await post({}).expect(403);
    await post({ Cookie: `csrf=${newToken()}` }).expect(403);
    await post({ Cookie: cookie.split(';')[0] }, 'not-the-token').expect(403);
    await post({ Cookie: cookie.split(';')[0], 'Sec-Fetch-Site': 'cross-site' }).expect(403);
    assert.equal(await sessionRows(), 0);
    // The same page opened again keeps the browser's token rather than setting a new one.
    const again = await request(t.app).get('/sign-in').set('Cookie', cookie.split(';')[0]).expect(200);
    assert.equal(again.headers['set-cookie'], undefined);
    assert.match(again.text, new RegExp(`name="_csrf" value="${csrf}"`));
    // Only signing in makes a session.
    await post({ Cookie: cookie.split(';')[0], 'Sec-Fetch-Site': 'same-origin' }).expect(303);
    assert.equal(await sessionRows(), 1);
  });

  it('deletes expired and idle sessions, stale sign-in counts and old device cookies, and keeps the rest', async () => {
    const user = await aUser(t.database.db);
    const sql = t.database.sql;
    await sql`insert into sessions (id_hash, user_id, csrf_token, expires_at, last_seen_at) values
      (${hashToken('expired')}, ${user.id}, 'x', now() - interval '1 minute', now()),
      (${hashToken('idle')}, ${user.id}, 'x', now() + interval '5 hours', now() - interval '31 minutes'),
      (${hashToken('live')}, ${user.id}, 'x', now() + interval '5 hours', now())`;
    await sql`insert into sign_in_failures (key, failures, window_started_at, locked_until) values
      ('account:old@example.org', 3, now() - interval '16 minutes', null),
      ('account:lock-over@example.org', 11, now() - interval '40 minutes', now() - interval '1 minute'),
      ('account:locked@example.org', 11, now() - interval '20 minutes', now() + interval '5 minutes'),
      ('account:fresh@example.org', 2, now() - interval '1 minute', null)`;
    await sql`insert into trusted_devices (id_hash, user_id, expires_at) values
      (${hashToken('old device')}, ${user.id}, now() - interval '1 day'),
      (${hashToken('device')}, ${user.id}, now() + interval '100 days')`;
    // Several instances sweeping at once: each row goes once, and nothing fails.
    const sweeps = await Promise.all(Array.from({ length: 5 }, () => sweepExpired(t.database.db)));
    assert.ok(sweeps.some((sweep) => sweep.ran));
    const total = (key: 'sessions' | 'throttles' | 'devices') => sweeps.reduce((sum, sweep) => sum + sweep[key], 0);
    assert.deepEqual(
      { sessions: total('sessions'), throttles: total('throttles'), devices: total('devices') },
      { sessions: 2, throttles: 2, devices: 1 },
    );
    assert.deepEqual(
      (await sql`select id_hash from sessions`).map((row) => row.id_hash),
      [hashToken('live')],
    );
    assert.deepEqual(
      (await sql`select key from sign_in_failures order by key`).map((row) => row.key),
      ['account:fresh@example.org', 'account:locked@example.org'],
    );
    assert.deepEqual(
      (await sql`select id_hash from trusted_devices`).map((row) => row.id_hash),
      [hashToken('device')],
    );
  });

  it('leaves the sweep to whichever instance is already sweeping', async () => {
    const other = postgres(t.database.url, { max: 1, onnotice: () => undefined });
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('sweep-expired'))`;
        assert.deepEqual(await sweepExpired(t.database.db), {
          ran: false,
          sessions: 0,
          throttles: 0,
          devices: 0,
          imports: 0,
          anonymousFeedback: 0,
          wellbeingChecks: 0,
        });
      });
      assert.equal((await sweepExpired(t.database.db)).ran, true);
    } finally {
      await other.end();
    }
  });
});
