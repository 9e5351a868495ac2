import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, anonymous, signedIn, TEST_PASSWORD, TEST_TOTP_SECRET } from '../helpers/accounts.js';
import { recoveryCodes, sessions, users } from '../../server/db/schema.js';
import { totpCode, totpStep } from '../../server/accounts/totp.js';
import { sealPlainTotpSecrets } from '../../server/accounts/secret-box.js';
import { secretKeyOf } from '../../server/secret.js';
import { createSession } from '../../server/accounts/sessions.js';

const setCookie = (res: request.Response, name: string) =>
  ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith(`${name}=`))?.split(';')[0];
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

describe('two-step keys, recovery codes and passwords', function () {
  this.timeout(60_000);
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => t.close());
  const stored = async (id: number) => (await t.database.db.select().from(users).where(eq(users.id, id)))[0];

  /** Signs in with the password (and the code, when two-step sign-in is on): the session cookie. */
  async function signIn(email: string, password: string, secret?: string): Promise<request.Response> {
    const first = await (await anonymous(t.app)).post('/sign-in', { email, password });
    if (!secret || first.status !== 303) return first;
    const pending = setCookie(first, 'session')!;
    const page = await request(t.app).get('/sign-in/second-step').set('Cookie', pending);
    return request(t.app)
      .post('/sign-in/second-step')
      .set('Cookie', pending)
      .type('form')
      .send({ _csrf: csrfOf(page.text), code: totpCode(secret, totpStep(new Date())) });
  }

  it('keeps the two-step key encrypted with APP_SECRET, and issues 10 recovery codes of 120 bits that each work once', async () => {
    const person = await signedIn(t.app, t.database.db, 'practitioner');
    const setup = await person.get('/account/two-step').expect(200);
    const key = /app-key"><code>([^<]+)<\/code>/.exec(setup.text)![1].replace(/\s/g, '');
    const secret = (await stored(person.user!.id)).totpSecret!;
    assert.match(secret, /^v1\.[\w-]+$/, 'stored sealed');
    assert.ok(!secret.includes(key), 'the key is not in the database');
    const done = await person.post('/account/two-step', { code: totpCode(key, totpStep(new Date())) }).expect(200);
    const codes = [...done.text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((match) => match[1]);
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^([a-z2-9]{4}-){5}[a-z2-9]{4}$/, code);
    assert.equal(new Set(codes).size, 10);
    // A recovery code signs in once.
    const first = await (await anonymous(t.app)).post('/sign-in', { email: person.user!.email, password: TEST_PASSWORD }).expect(303);
    const pending = setCookie(first, 'session')!;
    const page = await request(t.app).get('/sign-in/second-step').set('Cookie', pending);
    await request(t.app)
      .post('/sign-in/second-step')
      .set('Cookie', pending)
      .type('form')
      .send({ _csrf: csrfOf(page.text), recoveryCode: codes[0].toUpperCase() })
      .expect(303);
    const again = await (await anonymous(t.app)).post('/sign-in', { email: person.user!.email, password: TEST_PASSWORD }).expect(303);
    const pending2 = setCookie(again, 'session')!;
    const page2 = await request(t.app).get('/sign-in/second-step').set('Cookie', pending2);
    await request(t.app)
      .post('/sign-in/second-step')
      .set('Cookie', pending2)
      .type('form')
      .send({ _csrf: csrfOf(page2.text), recoveryCode: codes[0] })
      .expect(422);
  });

  it('encrypts a key stored before encryption, and it still works', async () => {
    const lead = await aUser(t.database.db, { role: 'programme_lead', email: 'lead@example.org' });
    assert.equal((await stored(lead.id)).totpSecret, TEST_TOTP_SECRET);
    assert.equal(await sealPlainTotpSecrets(t.database.db, secretKeyOf({ env: 'test', appSecret: undefined, dataDir: '' })), 1);
    assert.match((await stored(lead.id)).totpSecret!, /^v1\./);
    assert.equal((await signIn('lead@example.org', TEST_PASSWORD, TEST_TOTP_SECRET)).status, 303);
  });

  it('changes a password only with the current one, ending every other session', async () => {
    const user = await aUser(t.database.db, { email: 'me@example.org' });
    const here = `session=${(await createSession(t.database.db, { userId: user.id })).token}`;
    await createSession(t.database.db, { userId: user.id });
    const form = await request(t.app).get('/account/password').set('Cookie', here).expect(200);
    const post = (fields: Record<string, string>) =>
      request(t.app)
        .post('/account/password')
        .set('Cookie', here)
        .type('form')
        .send({ _csrf: csrfOf(form.text), ...fields });
    const wrong = await post({
      currentPassword: 'not my password',
      password: 'a new long password here',
      confirmPassword: 'a new long password here',
    }).expect(422);
    assert.match(wrong.text, /Your current password is wrong/);
    assert.match(
      (await post({ currentPassword: TEST_PASSWORD, password: 'short', confirmPassword: 'short' }).expect(422)).text,
      /govuk-error-summary/,
    );
    assert.match(
      (
        await post({
          currentPassword: TEST_PASSWORD,
          password: 'a new long password here',
          confirmPassword: 'something else entirely',
        }).expect(422)
      ).text,
      /do not match/,
    );
    await post({ currentPassword: TEST_PASSWORD, password: 'a new long password here', confirmPassword: 'a new long password here' })
      .expect(303)
      .expect('Location', '/account');
    assert.equal((await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 1, 'only this session is left');
    assert.equal((await signIn('me@example.org', TEST_PASSWORD)).status, 422);
    assert.equal((await signIn('me@example.org', 'a new long password here')).status, 303);
    assert.equal((await t.database.sql`select count(*)::int as n from audit_log where action = 'account.password-changed'`)[0].n, 1);
  });

  it('makes new recovery codes with the password, and the old ones stop working', async () => {
    const lead = await aUser(t.database.db, { role: 'programme_lead', email: 'lead@example.org' });
    const { enableMfa } = await import('../../server/accounts/queries.js');
    const old = await enableMfa(t.database.db, lead.id);
    const cookie = `session=${(await createSession(t.database.db, { userId: lead.id })).token}`;
    const page = await request(t.app).get('/account/recovery-codes').set('Cookie', cookie).expect(200);
    const post = (currentPassword: string) =>
      request(t.app)
        .post('/account/recovery-codes')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfOf(page.text), currentPassword });
    assert.match((await post('wrong password').expect(422)).text, /Your current password is wrong/);
    const made = await post(TEST_PASSWORD).expect(200);
    const codes = [...made.text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((match) => match[1]);
    assert.equal(codes.length, 10);
    assert.ok(!codes.includes(old[0]));
    const { useRecoveryCode } = await import('../../server/accounts/queries.js');
    assert.equal(await useRecoveryCode(t.database.db, lead.id, old[0]), false);
    assert.equal(await useRecoveryCode(t.database.db, lead.id, codes[3]), true);
    assert.equal((await t.database.sql`select count(*)::int as n from audit_log where action = 'account.recovery-codes-replaced'`)[0].n, 1);
  });

  it('lets an administrator reset someone’s two-step sign-in, audited, but not their own', async () => {
    const lead = await aUser(t.database.db, { role: 'programme_lead', email: 'lead@example.org' });
    const { enableMfa } = await import('../../server/accounts/queries.js');
    await enableMfa(t.database.db, lead.id);
    await createSession(t.database.db, { userId: lead.id });
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    const page = await admin.get(`/users/${lead.id}`).expect(200);
    assert.match(page.text, /Reset two-step sign-in/);
    await admin.post(`/users/${lead.id}/two-step/reset`).expect(303);
    const after = await stored(lead.id);
    assert.deepEqual([after.totpSecret, after.mfaEnabledAt, after.totpLastStep], [null, null, null]);
    assert.equal((await t.database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, lead.id))).length, 0);
    assert.equal((await t.database.db.select().from(sessions).where(eq(sessions.userId, lead.id))).length, 0);
    const [audit] = await t.database.sql`select user_id, record_id from audit_log where action = 'account.two-step-reset'`;
    assert.deepEqual([audit.user_id, audit.record_id], [admin.user!.id, String(lead.id)]);
    // They must set it up again before they can do anything.
    const signedInAgain = await signIn('lead@example.org', TEST_PASSWORD);
    assert.equal(signedInAgain.headers.location, '/account/two-step');
    assert.match((await admin.post(`/users/${admin.user!.id}/two-step/reset`).expect(422)).text, /cannot reset your own two-step sign-in/);
  });
});
