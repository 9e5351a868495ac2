import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { siteMemberships, users, type Site } from '../../server/db/schema.js';
import { findUserByEmail } from '../../server/accounts/queries.js';
import { acceptLink, latestAudit, linkPathFrom, sessionCookie } from './helpers.js';

describe('inviting people', () => {
  let t: TestApp;
  let admin: Visitor;
  let north: Site;
  let south: Site;
  beforeEach(async () => {
    t = await createTestApp();
    north = await aSite(t.database.db, { name: 'Northgate' });
    south = await aSite(t.database.db, { name: 'Southgate' });
    admin = await signedIn(t.app, t.database.db, 'administrator');
  });
  afterEach(async () => t.close());

  const invite = (fields: Record<string, string | string[]> = {}) =>
    admin.post('/users/invite', {
      name: 'Asha Patel',
      email: 'asha.patel@example.org',
      role: 'practitioner',
      siteIds: [String(north.id)],
      ...fields,
    });

  it('offers an administrator every role and every active site', async () => {
    const res = await admin.get('/users/invite').expect(200);
    assert.match(res.text, /<title>Invite someone – Innovation Site Tracker<\/title>/);
    for (const role of ['administrator', 'programme_lead', 'practitioner', 'expert_by_experience'])
      assert.match(res.text, new RegExp(`name="role" type="radio" value="${role}"`));
    assert.match(res.text, new RegExp(`name="siteIds" type="checkbox" value="${north.id}"`));
    assert.match(res.text, new RegExp(`name="siteIds" type="checkbox" value="${south.id}"`));
    assert.match(res.text, /name="_csrf"/);
  });

  it('creates the account without a password, audits it and shows the whole link once', async () => {
    const res = await invite().expect(200);
    assert.match(res.text, /Invitation created/);
    assert.match(res.text, /Valid for 7 days, works once/);
    assert.match(res.text, /value="http:\/\/localhost:3000\/invite\/[\w-]{43}" readonly/);
    const user = (await findUserByEmail(t.database.db, 'asha.patel@example.org'))!;
    assert.equal(user.passwordHash, null);
    assert.equal(user.role, 'practitioner');
    const memberships = await t.database.db.select().from(siteMemberships).where(eq(siteMemberships.userId, user.id));
    assert.deepEqual(
      memberships.map((m) => m.siteId),
      [north.id],
    );
    const entry = await latestAudit(t.database.db, 'account.invited');
    assert.deepEqual([entry.userId, entry.recordType, entry.recordId], [admin.user!.id, 'user', String(user.id)]);
    const person = await admin.get(`/users/${user.id}`).expect(200);
    assert.match(person.text, /Invited, not yet set up/);
  });

  it('builds the link from PUBLIC_URL only, whatever Host or X-Forwarded-Host the request names', async () => {
    const res = await invite().set('Host', 'attacker.example.net').set('X-Forwarded-Host', 'attacker.example.net').expect(200);
    assert.match(res.text, /value="http:\/\/localhost:3000\/invite\/[\w-]{43}"/);
    assert.doesNotMatch(res.text, /attacker/);
    const { createApp } = await import('../../server/app.js');
    const { loadConfig } = await import('../../server/config.js');
    const app = createApp({
      db: t.database.db,
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url, PUBLIC_URL: 'https://tracker.example.gov.uk/' }),
    });
    const invited = (await findUserByEmail(t.database.db, 'asha.patel@example.org'))!;
    const reset = await request(app)
      .post(`/users/${invited.id}/link`)
      .set('Cookie', admin.cookie)
      .set('Host', 'attacker.example.net')
      .type('form')
      .send({ _csrf: admin.csrfToken })
      .expect(200);
    assert.match(reset.text, /value="https:\/\/tracker\.example\.gov\.uk\/invite\/[\w-]{43}"/);
    assert.doesNotMatch(reset.text, /attacker/);
  });

  it('refuses a site named twice with a clear message rather than failing (422)', async () => {
    for (const siteIds of [
      [String(north.id), String(north.id)],
      [String(north.id), `0${north.id}`],
      [String(south.id), String(north.id), ` ${north.id}`],
    ]) {
      const res = await invite({ siteIds }).expect(422);
      assert.match(res.text, /govuk-error-summary/);
      assert.match(res.text, /Select each site once/);
      assert.match(res.text, /value="asha.patel@example.org"/);
      assert.equal(await findUserByEmail(t.database.db, 'asha.patel@example.org'), undefined);
    }
  });

  it('lets the invited person choose a password and carry on signed in', async () => {
    const path = linkPathFrom((await invite().expect(200)).text, 'invite');
    const page = await request(t.app).get(path).expect(200);
    assert.match(page.text, /Set up your account/);
    assert.match(page.text, /Welcome, Asha Patel/);
    const accepted = await acceptLink(t.app, path);
    assert.equal(accepted.status, 303);
    const sites = await request(t.app).get('/sites').set('Cookie', sessionCookie(accepted)).expect(200);
    assert.match(sites.text, /Northgate/);
    assert.doesNotMatch(sites.text, /Southgate/);
    assert.ok(await latestAudit(t.database.db, 'account.invite-accepted'));
    const person = await admin.get(`/users/${(await findUserByEmail(t.database.db, 'asha.patel@example.org'))!.id}`).expect(200);
    assert.match(person.text, />Active</);
  });

  it('says clearly that a used or expired link does not work (410)', async () => {
    const path = linkPathFrom((await invite().expect(200)).text, 'invite');
    assert.equal((await acceptLink(t.app, path)).status, 303);
    const reused = await request(t.app).get(path).expect(410);
    assert.match(reused.text, /This link does not work/);
    assert.match(reused.text, /already been used/);

    const second = linkPathFrom((await invite({ email: 'ben@example.org' }).expect(200)).text, 'invite');
    await t.database.db.execute(sql`update one_time_links set expires_at = now() - interval '1 minute'`);
    const expired = await request(t.app).get(second).expect(410);
    assert.match(expired.text, /This link does not work/);
    assert.match(expired.text, /expired/);
    await request(t.app).get('/invite/not-a-real-token').expect(410);
  });

  describe('by a programme lead', () => {
    let lead: Visitor;
    beforeEach(async () => {
      lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [north.id] });
    });

    it('offers only practitioners, experts by experience and the lead’s own sites', async () => {
      const res = await lead.get('/users/invite').expect(200);
      assert.doesNotMatch(res.text, /value="administrator"|value="programme_lead"/);
      assert.match(res.text, /value="practitioner"/);
      assert.match(res.text, /value="expert_by_experience"/);
      assert.match(res.text, new RegExp(`value="${north.id}"`));
      assert.doesNotMatch(res.text, /Southgate/);
    });

    it('invites an expert by experience to their own site', async () => {
      await lead
        .post('/users/invite', { name: 'Dee', email: 'dee@example.org', role: 'expert_by_experience', siteIds: [String(north.id)] })
        .expect(200);
      assert.equal((await findUserByEmail(t.database.db, 'dee@example.org'))?.role, 'expert_by_experience');
    });

    it('refuses another lead’s site, or a role leads cannot give (403), and creates nothing', async () => {
      await lead
        .post('/users/invite', { name: 'Dee', email: 'dee@example.org', role: 'practitioner', siteIds: [String(south.id)] })
        .expect(403);
      await lead
        .post('/users/invite', {
          name: 'Dee',
          email: 'dee@example.org',
          role: 'practitioner',
          siteIds: [String(north.id), String(south.id)],
        })
        .expect(403);
      await lead
        .post('/users/invite', { name: 'Dee', email: 'dee@example.org', role: 'administrator', siteIds: [String(north.id)] })
        .expect(403);
      await lead
        .post('/users/invite', { name: 'Dee', email: 'dee@example.org', role: 'programme_lead', siteIds: [String(north.id)] })
        .expect(403);
      assert.equal(await findUserByEmail(t.database.db, 'dee@example.org'), undefined);
    });
  });

  describe('bad input', () => {
    it('explains every missing answer and keeps what was typed', async () => {
      const res = await admin.post('/users/invite', { name: '', email: '', role: '' }).expect(422);
      assert.match(res.text, /<title>Error: Invite someone – Innovation Site Tracker<\/title>/);
      assert.match(res.text, /govuk-error-summary/);
      for (const message of ['Enter their full name', 'Enter an email address', 'Select a role'])
        assert.match(res.text, new RegExp(message));
      const noSite = await invite({ siteIds: [], name: 'Kept name' }).expect(422);
      assert.match(noSite.text, /Select at least one site/);
      assert.match(noSite.text, /value="Kept name"/);
      assert.match(noSite.text, /value="practitioner" checked/);
    });

    it('refuses a malformed email, an unknown role or a site not offered', async () => {
      const res = await invite({ email: 'not an email', role: 'superuser', siteIds: ['999999'] }).expect(422);
      assert.match(res.text, /Enter an email address in the correct format/);
      assert.match(res.text, /Select a role from the list/);
      assert.match(res.text, /Select sites from the list/);
    });

    it('refuses 10 KB fields with the limits in the message', async () => {
      const res = await invite({ name: 'n'.repeat(10_240), email: `${'e'.repeat(10_240)}@example.org` }).expect(422);
      assert.match(res.text, /Name must be 100 characters or fewer/);
      assert.match(res.text, /Email address must be 254 characters or fewer/);
      assert.equal((await t.database.db.select().from(users)).length, 1);
    });

    it('keeps one account per email whatever its case, Unicode letters included', async () => {
      await invite({ email: 'Zoë.Ünal@Example.org', name: 'Zoë Ünal' }).expect(200);
      for (const email of ['zoë.ünal@example.org', 'ZOË.ÜNAL@EXAMPLE.ORG', 'zoË.üNAL@example.ORG']) {
        const res = await invite({ email }).expect(422);
        assert.match(res.text, /There is already an account for/);
        assert.match(res.text, /whatever its capital letters/);
      }
      await aUser(t.database.db, { email: 'Existing@Example.org' });
      assert.match(
        (await invite({ email: 'existing@example.ORG' }).expect(422)).text,
        /There is already an account for existing@example\.ORG/,
      );
      const accounts = await t.database.db
        .select({ email: users.email })
        .from(users)
        .where(sql`lower(${users.email}) like '%example.org'`);
      assert.equal(accounts.filter((a) => /zo/i.test(a.email)).length, 1);
      assert.equal(accounts.find((a) => /zo/i.test(a.email))?.email, 'Zoë.Ünal@Example.org');
    });

    it('stores SQL and HTML fragments as text and shows them escaped', async () => {
      const name = `Robert'); DROP TABLE users;-- <script>alert(1)</script>`;
      await invite({ name, email: 'o’brien+test@例え.jp' }).expect(200);
      const user = (await findUserByEmail(t.database.db, 'o’brien+test@例え.jp'))!;
      assert.equal(user.name, name);
      const list = await admin.get('/users').expect(200);
      assert.match(list.text, /Robert&#39;\); DROP TABLE users;-- &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(list.text, /<script>alert/);
      assert.match(list.text, /o’brien\+test@例え\.jp/);
    });
  });
});
