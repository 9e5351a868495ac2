import assert from 'node:assert/strict';
import { asc, eq, isNotNull } from 'drizzle-orm';
import request from 'supertest';
import { seedDemo } from '../../server/demo/demo.js';
import { verifyPassword } from '../../server/accounts/passwords.js';
import { totpCode, totpStep } from '../../server/accounts/totp.js';
import { siteMemberships, sites, users } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser } from '../helpers/accounts.js';
import { cookiesFrom, csrfFrom, sessionCookie } from '../users/helpers.js';

describe('demo accounts', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => t.close());

  /** Each printed account: email, role, password, and the two-step key where there is one. */
  function printed(lines: string[]) {
    return lines.flatMap((line, index) => {
      const account = /^ {2}([\w ]+): (\S+@example\.org) {2}password: (\S+)$/.exec(line);
      if (!account) return [];
      const key = /key \(add it to an authenticator app\): ([A-Z2-7 ]+)$/.exec(lines[index + 1] ?? '');
      return [{ role: account[1], email: account[2], password: account[3], key: key?.[1].replace(/ /g, '') }];
    });
  }

  it('makes one account per role, with new strong passwords, and two-step keys for administrators and leads', async () => {
    const result = await seedDemo(t.database.db, '2026-06-10');
    assert.ok(result.ok);
    const accounts = printed(result.lines);
    assert.deepEqual(
      accounts.map((a) => a.role),
      ['Administrator', 'Programme lead', 'Practitioner', 'Expert by experience'],
    );
    const everyone = await t.database.db.select().from(users).orderBy(asc(users.id));
    const stored = everyone.filter((u) => u.passwordHash !== null);
    assert.ok(
      everyone.filter((u) => u.passwordHash === null).every((u) => u.role === 'practitioner'),
      'the rest of the demo teams are invited practitioners, with no password to sign in with',
    );
    assert.deepEqual(
      stored.map((u) => u.role),
      ['administrator', 'programme_lead', 'practitioner', 'expert_by_experience'],
    );
    for (const [index, account] of accounts.entries()) {
      const user = stored[index];
      assert.equal(user.email, account.email);
      assert.ok(account.password.length >= 20, 'a long random password');
      assert.ok(await verifyPassword(user.passwordHash!, account.password), `${account.email} signs in with the printed password`);
      const mfa = user.role === 'administrator' || user.role === 'programme_lead';
      assert.equal(Boolean(user.mfaEnabledAt), mfa);
      assert.equal(account.key, mfa ? user.totpSecret : undefined);
    }
    assert.ok(result.lines.some((line) => line.includes('otpauth://totp/')));

    const again = await createTestApp();
    try {
      const second = await seedDemo(again.database.db, '2026-06-10');
      assert.ok(second.ok);
      assert.notEqual(printed(second.lines)[0].password, accounts[0].password, 'a new password every time');
    } finally {
      await again.close();
    }
  });

  it('puts everyone but the administrator in the demo sites', async () => {
    await seedDemo(t.database.db, '2026-06-10');
    const rows = await t.database.db
      .select({ role: users.role, site: sites.name })
      .from(siteMemberships)
      .innerJoin(users, eq(users.id, siteMemberships.userId))
      .innerJoin(sites, eq(sites.id, siteMemberships.siteId))
      .where(isNotNull(users.passwordHash));
    const sitesOf = (role: string) =>
      rows
        .filter((row) => row.role === role)
        .map((row) => row.site)
        .sort();
    assert.deepEqual(sitesOf('programme_lead'), [
      'Eastfield Locality Team (comparison)',
      'Northgate Community Team',
      'Riverside Integrated Team',
    ]);
    assert.deepEqual(sitesOf('practitioner'), ['Northgate Community Team']);
    assert.deepEqual(sitesOf('expert_by_experience'), ['Northgate Community Team']);
    assert.deepEqual(sitesOf('administrator'), []);
  });

  it('lets a demo lead sign in with the printed password and two-step key', async () => {
    const result = await seedDemo(t.database.db, '2026-06-10');
    assert.ok(result.ok);
    const lead = printed(result.lines).find((a) => a.role === 'Programme lead')!;
    const form = await request(t.app).get('/sign-in').expect(200);
    const passwordStep = await request(t.app)
      .post('/sign-in')
      .set('Cookie', cookiesFrom(form).join('; '))
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: lead.email, password: lead.password })
      .expect(303);
    assert.match(passwordStep.headers.location, /^\/sign-in\/second-step/);
    const cookie = sessionCookie(passwordStep);
    const codePage = await request(t.app).get('/sign-in/second-step').set('Cookie', cookie).expect(200);
    const signedIn = await request(t.app)
      .post('/sign-in/second-step')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfFrom(codePage.text), code: totpCode(lead.key!, totpStep(new Date())) })
      .expect(303);
    const list = await request(t.app).get('/users').set('Cookie', sessionCookie(signedIn)).expect(200);
    assert.match(list.text, /Grace Adeyemi/);
  });

  it('refuses a database that already has an account, even with no sites', async () => {
    await aUser(t.database.db, { role: 'administrator' });
    const result = await seedDemo(t.database.db, '2026-06-10');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /already has user accounts/);
    assert.equal((await t.database.db.select().from(sites)).length, 0);
    assert.equal((await t.database.db.select().from(users)).length, 1);
  });
});
