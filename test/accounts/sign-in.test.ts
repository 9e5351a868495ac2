import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, anonymous, currentTotp, TEST_PASSWORD, TEST_TOTP_SECRET, type Visitor } from '../helpers/accounts.js';
import { sessions, users } from '../../server/db/schema.js';
import { totpCode, totpStep } from '../../server/accounts/totp.js';

const cookieOf = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('session='));

describe('signing in', () => {
  let t: TestApp;
  let visitor: Visitor;
  beforeEach(async () => {
    t = await createTestApp();
    visitor = await anonymous(t.app, t.database.db);
  });
  afterEach(async () => t.close());

  const withSession = (res: request.Response) => `session=${cookieOf(res)!.split(';')[0].split('=')[1]}`;

  it('asks for an email and password, and never says whether the account exists', async () => {
    await aUser(t.database.db, { role: 'practitioner', email: 'known@example.org' });
    const wrong = await visitor.post('/sign-in', { email: 'known@example.org', password: 'not the password at all' }).expect(422);
    const unknown = await visitor.post('/sign-in', { email: 'nobody@example.org', password: 'not the password at all' }).expect(422);
    for (const res of [wrong, unknown]) {
      assert.match(res.text, /Enter a correct email address and password/);
      assert.match(res.text, /<title>Error: Sign in/);
    }
    assert.equal(wrong.text.replace(/value="[^"]*"/g, ''), unknown.text.replace(/value="[^"]*"/g, ''));
    const audited = await t.database.sql`select action, details->>'email' as email, ip from audit_log order by id`;
    assert.deepEqual(
      audited.map((row) => [row.action, row.email]),
      [
        ['sign-in.failed', 'known@example.org'],
        ['sign-in.failed', 'nobody@example.org'],
      ],
    );
    assert.ok(
      audited.every((row) => row.ip),
      'the address is recorded',
    );
  });

  it('signs a practitioner in with a new session id, whatever the case of the email', async () => {
    await aUser(t.database.db, { role: 'practitioner', email: 'Practitioner@Example.org' });
    const res = await visitor
      .post('/sign-in', { email: 'PRACTITIONER@example.ORG', password: TEST_PASSWORD, returnTo: '/account' })
      .expect(303);
    assert.equal(res.headers.location, '/account');
    const cookie = cookieOf(res)!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.notEqual(withSession(res), visitor.cookie, 'a new session id at sign-in');
    await visitor.get('/account').expect(303); // the session from before sign-in is gone
    const page = await request(t.app).get('/account').set('Cookie', withSession(res)).expect(200);
    assert.equal(page.headers['cache-control'], 'no-store');
  });

  it('matches an email whatever the case of its letters, accented ones included', async () => {
    await aUser(t.database.db, { email: 'Zoë.Ünal@example.org' });
    await visitor.post('/sign-in', { email: 'ZOË.üNAL@EXAMPLE.ORG', password: TEST_PASSWORD }).expect(303).expect('Location', '/today'); // a team member lands on Today
  });

  it('treats SQL and HTML in every field as text', async () => {
    for (const hostile of ["' or 1=1 --", '<script>alert(1)</script>', "admin'); drop table users; --", '\u0000', '🙂'.repeat(300)]) {
      const res = await visitor.post('/sign-in', { email: hostile, password: hostile, returnTo: hostile }).expect(422);
      assert.ok(!res.text.includes('<script>alert(1)'), 'escaped');
    }
    const first = await createTestApp();
    try {
      const setup = await (
        await anonymous(first.app, first.database.db)
      )
        .post('/setup', { name: '<b>Admin</b>', email: "x'@example.org; drop", password: "'; drop table users; --" })
        .expect(422);
      assert.match(setup.text, /&lt;b&gt;Admin&lt;\/b&gt;/);
      assert.match(setup.text, /Enter an email address in the correct format/);
    } finally {
      await first.close();
    }
  });

  it('refuses a 10 KB password quickly and clearly, and never a 500', async () => {
    await aUser(t.database.db, { email: 'long@example.org' });
    const started = Date.now();
    const res = await visitor.post('/sign-in', { email: 'long@example.org', password: 'x'.repeat(10_240) }).expect(422);
    assert.match(res.text, /Enter a correct email address and password/);
    assert.ok(Date.now() - started < 2000);
  });

  it('asks administrators and leads for the code, refuses wrong and replayed codes, and accepts a recovery code once', async () => {
    const lead = await aUser(t.database.db, { role: 'programme_lead', email: 'lead@example.org' });
    const password = await visitor.post('/sign-in', { email: 'lead@example.org', password: TEST_PASSWORD }).expect(303);
    assert.match(password.headers.location, /^\/sign-in\/second-step/);
    const pending = { Cookie: withSession(password) };
    await request(t.app).get('/sites').set(pending).expect(303).expect('Location', '/sign-in/second-step');
    const page = await request(t.app).get('/sign-in/second-step').set(pending).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const submit = (fields: Record<string, string>) =>
      request(t.app)
        .post('/sign-in/second-step')
        .set(pending)
        .type('form')
        .send({ _csrf: csrf, ...fields });

    const wrong = await submit({ code: '000000' }).expect(422);
    assert.match(wrong.text, /The code is wrong or has already been used/);
    assert.match((await submit({ code: 'abc' }).expect(422)).text, /Enter the code as 6 digits/);
    const ok = await submit({ code: currentTotp() }).expect(303);
    assert.equal(ok.headers.location, '/today');
    assert.notEqual(withSession(ok), pending.Cookie);

    // The same code again, in a new sign-in, is refused: each code works once.
    const again = await (
      await anonymous(t.app, t.database.db)
    )
      .post('/sign-in', { email: 'lead@example.org', password: TEST_PASSWORD })
      .expect(303);
    const pending2 = { Cookie: withSession(again) };
    const csrf2 = /name="_csrf" value="([^"]+)"/.exec((await request(t.app).get('/sign-in/second-step').set(pending2)).text)![1];
    const replay = await request(t.app)
      .post('/sign-in/second-step')
      .set(pending2)
      .type('form')
      .send({ _csrf: csrf2, code: currentTotp() })
      .expect(422);
    assert.match(replay.text, /already been used/);

    // Recovery codes: set some up, then spend one twice.
    const { enableMfa } = await import('../../server/accounts/queries.js');
    const codes = await enableMfa(t.database.db, lead.id);
    assert.equal(codes.length, 10);
    await request(t.app)
      .post('/sign-in/second-step')
      .set(pending2)
      .type('form')
      .send({ _csrf: csrf2, recoveryCode: codes[0].toUpperCase() })
      .expect(303);
    const third = await (
      await anonymous(t.app, t.database.db)
    )
      .post('/sign-in', { email: 'lead@example.org', password: TEST_PASSWORD })
      .expect(303);
    const pending3 = { Cookie: withSession(third) };
    const csrf3 = /name="_csrf" value="([^"]+)"/.exec((await request(t.app).get('/sign-in/second-step').set(pending3)).text)![1];
    const reused = await request(t.app)
      .post('/sign-in/second-step')
      .set(pending3)
      .type('form')
      .send({ _csrf: csrf3, recoveryCode: codes[0] })
      .expect(422);
    assert.match(reused.text, /That recovery code is wrong or has already been used/);
  });

  it('slows down, then locks an account for 15 minutes, whether or not it exists', async () => {
    await aUser(t.database.db, { email: 'target@example.org' });
    // After 3 failures each try waits longer before it is answered.
    for (let i = 0; i < 4; i++) await visitor.post('/sign-in', { email: 'target@example.org', password: `wrong password ${i}` });
    const started = Date.now();
    await visitor.post('/sign-in', { email: 'target@example.org', password: 'wrong password 5' }).expect(422);
    assert.ok(Date.now() - started >= 450, `slowed down by ${Date.now() - started} ms`);
    for (const email of ['target@example.org', 'ghost@example.org']) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => visitor.post('/sign-in', { email, password: `wrong password ${i}` })));
      const locked = await visitor.post('/sign-in', { email, password: TEST_PASSWORD }).expect(429);
      assert.match(locked.text, /too many attempts to sign in. Wait 15 minutes/);
    }
    const { rows } = {
      rows: await t.database
        .sql`select key, failures, locked_until > now() as locked from sign_in_failures where key like 'account:%' order by key`,
    };
    assert.deepEqual(
      rows.map((row) => [row.key, row.locked]),
      [
        ['account:ghost@example.org', true],
        ['account:target@example.org', true],
      ],
    );
  }).timeout(60_000);

  it('ends a session after 30 idle minutes or 10 hours, and sends the person back after signing in', async () => {
    const user = await aUser(t.database.db);
    const res = await visitor.post('/sign-in', { email: user.email, password: TEST_PASSWORD }).expect(303);
    const cookie = { Cookie: withSession(res) };
    await request(t.app).get('/account').set(cookie).expect(200);
    await t.database.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '31 minutes'` })
      .where(eq(sessions.userId, user.id));
    await request(t.app)
      .get('/account?tab=1')
      .set(cookie)
      .expect(303)
      .expect('Location', `/sign-in?returnTo=${encodeURIComponent('/account?tab=1')}`);

    const again = await (
      await anonymous(t.app, t.database.db)
    )
      .post('/sign-in', { email: user.email, password: TEST_PASSWORD, returnTo: '/account?tab=1' })
      .expect(303);
    assert.equal(again.headers.location, '/account?tab=1');
    await t.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.userId, user.id));
    await request(t.app)
      .get('/account')
      .set({ Cookie: withSession(again) })
      .expect(303);
  });

  it('refuses to send people anywhere but this service after signing in', async () => {
    const user = await aUser(t.database.db);
    for (const returnTo of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await (
        await anonymous(t.app, t.database.db)
      )
        .post('/sign-in', { email: user.email, password: TEST_PASSWORD, returnTo })
        .expect(303);
      assert.equal(res.headers.location, '/today', returnTo);
    }
  });

  it('keeps a session alive on request, signs out, and signs out everywhere', async () => {
    const user = await aUser(t.database.db);
    const first = await (
      await anonymous(t.app, t.database.db)
    )
      .post('/sign-in', { email: user.email, password: TEST_PASSWORD })
      .expect(303);
    const second = await (
      await anonymous(t.app, t.database.db)
    )
      .post('/sign-in', { email: user.email, password: TEST_PASSWORD })
      .expect(303);
    const csrfOf = async (cookie: string) =>
      /name="_csrf" value="([^"]+)"/.exec((await request(t.app).get('/account').set('Cookie', cookie)).text)![1];
    const a = withSession(first);
    const b = withSession(second);
    await request(t.app)
      .post('/session/extend')
      .set({ Cookie: a, 'X-CSRF-Token': await csrfOf(a) })
      .expect(204);
    await request(t.app)
      .post('/sign-out-everywhere')
      .set('Cookie', a)
      .type('form')
      .send({ _csrf: await csrfOf(a) })
      .expect(303)
      .expect('Location', '/sign-in');
    await request(t.app).get('/account').set('Cookie', b).expect(303);
    await request(t.app).get('/account').set('Cookie', a).expect(303);
  });

  it('uses the __Host- cookie, Secure and HSTS over HTTPS behind a proxy', async () => {
    const { createApp } = await import('../../server/app.js');
    const { loadConfig } = await import('../../server/config.js');
    const app = createApp({ db: t.database.db, config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url, TRUST_PROXY: '1' }) });
    const user = await aUser(t.database.db);
    const page = await request(app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    const form = ((page.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('__Host-csrf='))!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await request(app)
      .post('/sign-in')
      .set({ 'X-Forwarded-Proto': 'https', Cookie: form.split(';')[0] })
      .type('form')
      .send({ _csrf: csrf, email: user.email, password: TEST_PASSWORD })
      .expect(303);
    const set = (res.headers['set-cookie'] as unknown as string[]) ?? [];
    for (const cookie of [form, set.find((c) => c.startsWith('__Host-session='))!, set.find((c) => c.startsWith('__Host-device='))!]) {
      assert.match(cookie, /Secure/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /Path=\//);
      assert.doesNotMatch(cookie, /Domain=/);
    }
    assert.match(page.headers['strict-transport-security'], /max-age=31536000/);
    // Over HTTPS the plain-named form cookie is not believed: only the __Host- one.
    await request(app)
      .post('/sign-in')
      .set({ 'X-Forwarded-Proto': 'https', Cookie: `csrf=${csrf}` })
      .type('form')
      .send({ _csrf: csrf, email: user.email, password: TEST_PASSWORD })
      .expect(403);
  });

  it('behind one proxy, believes only the address that proxy added, not one the client wrote into X-Forwarded-For', async () => {
    const { createApp } = await import('../../server/app.js');
    const { loadConfig } = await import('../../server/config.js');
    const app = createApp({ db: t.database.db, config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url, TRUST_PROXY: '1' }) });
    const forwarded = '203.0.113.66, 198.51.100.7';
    const page = await request(app).get('/sign-in').set('X-Forwarded-For', forwarded).expect(200);
    const cookie = ((page.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await request(app)
      .post('/sign-in')
      .set({ Cookie: cookie, 'X-Forwarded-For': forwarded })
      .type('form')
      .send({ _csrf: csrf, email: 'nobody-here@example.org', password: 'wrong password' })
      .expect(422);
    const [row] = await t.database.sql`select ip from audit_log where action = 'sign-in.failed' order by id desc limit 1`;
    assert.equal(row.ip, '198.51.100.7');
  });

  it('stores only hashes of session ids and of passwords', async () => {
    const user = await aUser(t.database.db);
    const res = await visitor.post('/sign-in', { email: user.email, password: TEST_PASSWORD }).expect(303);
    const token = withSession(res).split('=')[1];
    const rows = await t.database.sql`select id_hash from sessions where id_hash = ${token}`;
    assert.equal(rows.length, 0);
    const [stored] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    assert.match(stored.passwordHash!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(totpCode(TEST_TOTP_SECRET, totpStep(new Date())).length, 6);
  });
});
