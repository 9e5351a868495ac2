import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, anonymous, currentTotp, signedIn, TEST_PASSWORD } from '../helpers/accounts.js';

/** The value of a cookie the response set, if it set it. */
function setCookie(res: request.Response, name: string): string | undefined {
  const found = ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((cookie) => cookie.startsWith(`${name}=`));
  return found?.split(';')[0].slice(name.length + 1);
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('sign-in throttling', function () {
  this.timeout(120_000);
  let t: TestApp;
  beforeEach(async () => {
    // These tests count what a burst is let through. Each checked password is a deliberately slow
    // hash queued behind the others, so on a two-core CI machine the tenth can pass the 4.5 s
    // request deadline (a 503, tested in test/http/faults.test.ts): give the burst time to finish.
    t = await createTestApp({ config: { requestDeadlineMs: 60_000 } });
  });
  afterEach(async () => t.close());

  /** One sign-in from a browser: a fresh visitor session, and the browser's device cookie if it has one. */
  async function signIn(email: string, password: string, device?: string) {
    const visitor = await anonymous(t.app, t.database.db);
    return visitor.post('/sign-in', { email, password }, { Cookie: `${visitor.cookie}${device ? `; device=${device}` : ''}` });
  }
  const audited = async (action: string) =>
    (await t.database.sql`select details from audit_log where action = ${action} order by id`).map(
      (row) => row.details as Record<string, unknown>,
    );

  it('checks only 10 of 150 wrong passwords sent at once for one account, and audits the lock once', async () => {
    await aUser(t.database.db, { email: 'target@example.org' });
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => signIn('target@example.org', `wrong password ${i}`)));
    // Each guess was counted before its password was checked: only the first 10 counts were let through.
    assert.deepEqual(tally(answers.map((res) => res.status)), { 422: 10, 429: 140 });
    assert.equal((await audited('sign-in.failed')).length, 10);
    const locks = await audited('sign-in.locked');
    assert.equal(locks.filter((lock) => lock.scope === 'unknown-browsers').length, 1);
    assert.ok(locks.length <= 2, 'the account and, past 100, the address: each once');
    // Nor do the refused ones write a row each: nothing more was audited for them.
    assert.equal((await audited('sign-in.locked-out')).length, 0);
    assert.match(answers.find((res) => res.status === 429)!.text, /too many attempts to sign in/);
  });

  it('checks only 10 of 150 wrong codes sent at once for the second step', async () => {
    await aUser(t.database.db, { role: 'programme_lead', email: 'lead@example.org' });
    const password = await signIn('lead@example.org', TEST_PASSWORD);
    assert.equal(password.status, 303);
    const pending = { Cookie: `session=${setCookie(password, 'session')}` };
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await request(t.app).get('/sign-in/second-step').set(pending).expect(200)).text)![1];
    const wrong = currentTotp() === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 150 }, () =>
        request(t.app).post('/sign-in/second-step').set(pending).type('form').send({ _csrf: csrf, code: wrong }),
      ),
    );
    assert.deepEqual(tally(answers.map((res) => res.status)), { 422: 10, 429: 140 });
    assert.equal((await audited('sign-in.second-step-failed')).length, 10);
    assert.match(answers.find((res) => res.status === 429)!.text, /too many wrong codes/);
    // Even the right code is not checked while the step is locked.
    await request(t.app).post('/sign-in/second-step').set(pending).type('form').send({ _csrf: csrf, code: currentTotp() }).expect(429);
  });

  it('cannot be used to lock a person out: their own browser still signs in, an administrator can unlock, and the person is told', async () => {
    const owner = await aUser(t.database.db, { email: 'owner@example.org' });
    const first = await signIn('owner@example.org', TEST_PASSWORD);
    assert.equal(first.status, 303);
    const device = setCookie(first, 'device');
    assert.match(device ?? '', /^[\w-]{43}$/, 'a browser that signed in gets a device cookie');
    assert.match(
      ((first.headers['set-cookie'] as unknown as string[]) ?? []).find((cookie) => cookie.startsWith('device='))!,
      /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/i,
    );

    // A stranger, from browsers the account has never signed in on, guesses until it locks...
    // (Sent at once, so the test does not wait out the slowing down.)
    const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn('owner@example.org', `guess ${i}`)));
    assert.deepEqual(tally(guesses.map((res) => res.status)), { 422: 10 });
    const more = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn('owner@example.org', `guess again ${i}`)));
    assert.deepEqual(tally(more.map((res) => res.status)), { 429: 20 });
    // ...and then even the right password from an unknown browser is refused, unchecked.
    assert.equal((await signIn('owner@example.org', TEST_PASSWORD)).status, 429);
    assert.equal((await audited('sign-in.locked')).length, 1, 'the lock is audited once, not at each refused try');

    // The owner's browser keeps its own allowance, and the owner is told about the attempts.
    const own = await signIn('owner@example.org', TEST_PASSWORD, device);
    assert.equal(own.status, 303);
    assert.equal(setCookie(own, 'flash'), 'failed-sign-ins');
    const session = `session=${setCookie(own, 'session')}`;
    const landing = await request(t.app).get('/sites').set('Cookie', `${session}; flash=failed-sign-ins`).expect(200);
    assert.match(landing.text, /govuk-notification-banner(?!--success)[^>]*role="region"/);
    assert.match(landing.text, /Someone tried to sign in to your account and failed/);
    const account = await request(t.app).get('/account').set('Cookie', session).expect(200);
    assert.match(account.text, /Failed sign-ins in the last 30 days/);
    assert.equal((account.text.match(/Wrong password/g) ?? []).length, 10);
    assert.match(account.text, /Locked for browsers the account has not signed in on/);
    // The device cookie is renewed at each sign-in: the old token no longer works.
    const renewed = setCookie(own, 'device')!;
    assert.notEqual(renewed, device);
    assert.ok(renewed.split('.').length === 1);

    // An administrator sees the lock and lifts it; the lift is audited.
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    const page = await admin.get(`/users/${owner.id}`).expect(200);
    assert.match(page.text, /Signing in from browsers they have not used before is locked until \d\d:\d\d after \d+ attempts/);
    assert.match(page.text, /Unlock signing in/);
    await admin.post(`/users/${owner.id}/unlock`).expect(303).expect('Location', `/users/${owner.id}`);
    assert.equal(
      (
        await t.database
          .sql`select count(*)::int as n from audit_log where action = 'account.sign-in-unlocked' and record_id = ${String(owner.id)}`
      )[0].n,
      1,
    );
    assert.equal((await signIn('owner@example.org', TEST_PASSWORD)).status, 303);
    // Unlocking what is not locked says so.
    const again = await admin.post(`/users/${owner.id}/unlock`).expect(422);
    assert.match(again.text, /Signing in to this account is not locked now/);
    const practitioner = await signedIn(t.app, t.database.db, 'practitioner');
    await practitioner.post(`/users/${owner.id}/unlock`).expect(403);
  });

  it('counts a known browser’s wrong passwords against that browser alone, and only for its own account', async () => {
    await aUser(t.database.db, { email: 'owner@example.org' });
    await aUser(t.database.db, { email: 'other@example.org' });
    const device = setCookie(await signIn('owner@example.org', TEST_PASSWORD), 'device')!;
    const typos = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn('owner@example.org', `typo ${i}`, device)));
    assert.deepEqual(tally(typos.map((res) => res.status)), { 422: 10 });
    assert.equal((await signIn('owner@example.org', TEST_PASSWORD, device)).status, 429, 'that browser is now locked');
    // The account is not locked for anyone else: its count for unknown browsers never moved.
    assert.equal((await signIn('owner@example.org', TEST_PASSWORD)).status, 303);
    // The owner's device cookie gives no allowance for guessing someone else's password.
    const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn('other@example.org', `guess ${i}`, device)));
    assert.deepEqual(tally(guesses.map((res) => res.status)), { 422: 10 });
    assert.equal((await signIn('other@example.org', TEST_PASSWORD, device)).status, 429);
    const scopes = (await audited('sign-in.locked')).map((lock) => lock.scope).sort();
    assert.deepEqual(scopes, ['this-browser', 'unknown-browsers']);
  });

  it('forgets the person’s browsers when they sign out everywhere, as after losing a laptop', async () => {
    await aUser(t.database.db, { email: 'owner@example.org' });
    const first = await signIn('owner@example.org', TEST_PASSWORD);
    const device = setCookie(first, 'device')!;
    const session = `session=${setCookie(first, 'session')}`;
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await request(t.app).get('/account').set('Cookie', session)).text)![1];
    await request(t.app).post('/sign-out-everywhere').set('Cookie', session).type('form').send({ _csrf: csrf }).expect(303);
    assert.equal((await t.database.sql`select count(*)::int as n from trusted_devices`)[0].n, 0);
    await Promise.all(Array.from({ length: 11 }, (_, i) => signIn('owner@example.org', `guess ${i}`)));
    assert.equal((await signIn('owner@example.org', TEST_PASSWORD, device)).status, 429);
  });

  it('keeps several people’s device tokens on a shared computer', async () => {
    await aUser(t.database.db, { email: 'one@example.org' });
    await aUser(t.database.db, { email: 'two@example.org' });
    const one = setCookie(await signIn('one@example.org', TEST_PASSWORD), 'device')!;
    const both = setCookie(await signIn('two@example.org', TEST_PASSWORD, one), 'device')!;
    assert.equal(both.split('.').length, 2);
    assert.ok(both.endsWith(one), 'the first person’s token is kept');
    // Each token vouches for its own account: a locked-out stranger does not stop either.
    for (const email of ['one@example.org', 'two@example.org']) {
      await Promise.all(Array.from({ length: 11 }, (_, i) => signIn(email, `guess ${i}`)));
      assert.equal((await signIn(email, TEST_PASSWORD)).status, 429);
      assert.equal((await signIn(email, TEST_PASSWORD, both)).status, 303);
    }
  });
});
