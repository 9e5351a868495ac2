import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { sessions, siteMemberships, users, type Site } from '../../server/db/schema.js';
import { findUser } from '../../server/accounts/queries.js';
import { acceptLink, cookiesFrom, latestAudit, linkPathFrom, sessionCookie } from './helpers.js';

describe('users: what administrators do to an account', () => {
  let t: TestApp;
  let admin: Visitor;
  let practitioner: Visitor;
  let north: Site;
  let south: Site;
  beforeEach(async () => {
    t = await createTestApp();
    north = await aSite(t.database.db, { name: 'Northgate' });
    south = await aSite(t.database.db, { name: 'Southgate' });
    admin = await signedIn(t.app, t.database.db, 'administrator');
    practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [north.id] });
  });
  afterEach(async () => t.close());

  const personPath = () => `/users/${practitioner.user!.id}`;

  /** Follows a 303 back to the person's page with the flash cookie, as a browser would. */
  async function followed(res: request.Response) {
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, personPath());
    return admin.get(res.headers.location, { Cookie: [admin.cookie, ...cookiesFrom(res)].join('; ') }).expect(200);
  }

  it('shows role, sites, status and two-step sign-in, with the actions', async () => {
    const res = await admin.get(personPath()).expect(200);
    assert.match(res.text, /Practitioner/);
    assert.match(res.text, /Northgate/);
    assert.match(res.text, />Active</);
    assert.match(res.text, /Two-step sign-in[\s\S]*Off/);
    for (const action of ['link', 'sessions/end', 'disable']) assert.match(res.text, new RegExp(`action="${personPath()}/${action}"`));
    assert.match(res.text, new RegExp(`href="${personPath()}/access"`));
    assert.match((await admin.get(`/users/${admin.user!.id}`)).text, /Two-step sign-in[\s\S]*On/);
  });

  it('disables an account, ending its sessions at once, and re-enables it', async () => {
    await practitioner.get('/sites').expect(200);
    const page = await followed(await admin.post(`${personPath()}/disable`));
    assert.match(page.text, /Account disabled/);
    assert.match(page.text, />Disabled</);
    assert.match(page.text, /Re-enable account/);
    const next = await practitioner.get('/sites').expect(303);
    assert.match(next.headers.location, /^\/sign-in/);
    assert.equal((await t.database.db.select().from(sessions).where(eq(sessions.userId, practitioner.user!.id))).length, 0);
    const entry = await latestAudit(t.database.db, 'account.disabled');
    assert.deepEqual([entry.userId, entry.recordId, entry.details], [admin.user!.id, String(practitioner.user!.id), { sessionsEnded: 1 }]);

    const enabled = await followed(await admin.post(`${personPath()}/enable`));
    assert.match(enabled.text, /Account enabled/);
    assert.match(enabled.text, />Active</);
    assert.equal((await findUser(t.database.db, practitioner.user!.id))!.disabledAt, null);
    assert.ok(await latestAudit(t.database.db, 'account.enabled'));
  });

  it('will not let administrators disable themselves', async () => {
    const res = await admin.post(`/users/${admin.user!.id}/disable`).expect(422);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /You cannot disable your own account. Ask another administrator to do it/);
    assert.equal((await findUser(t.database.db, admin.user!.id))!.disabledAt, null);
    await admin.get('/users').expect(200);
  });

  it('ends all of a person’s sessions', async () => {
    const page = await followed(await admin.post(`${personPath()}/sessions/end`));
    assert.match(page.text, /Their sessions have ended/);
    assert.match((await practitioner.get('/sites').expect(303)).headers.location, /^\/sign-in/);
    assert.deepEqual((await latestAudit(t.database.db, 'account.sessions-ended')).details, { sessionsEnded: 1 });
    await admin.post(`/users/${admin.user!.id}/sessions/end`).expect(303);
    await admin.get('/users').expect(200); // an administrator keeps the session they are using
  });

  it('issues a one-time password reset link that works once', async () => {
    const res = await admin.post(`${personPath()}/link`).expect(200);
    assert.match(res.text, /Password reset link created/);
    assert.match(res.text, /Valid for 1 day, works once/);
    const path = linkPathFrom(res.text, 'reset-password');
    assert.ok(await latestAudit(t.database.db, 'account.reset-link-created'));
    const accepted = await acceptLink(t.app, path, 'a brand new password for tests');
    assert.equal(accepted.status, 303);
    await request(t.app).get('/sites').set('Cookie', sessionCookie(accepted)).expect(200);
    await practitioner.get('/sites').expect(303); // a new password ends the old sessions
    await request(t.app).get(path).expect(410);
  });

  it('gives someone who never set up a new invitation, which replaces the old one', async () => {
    const first = linkPathFrom(
      (
        await admin
          .post('/users/invite', { name: 'Late Starter', email: 'late@example.org', role: 'practitioner', siteIds: [String(north.id)] })
          .expect(200)
      ).text,
      'invite',
    );
    const [late] = await t.database.db.select().from(users).where(eq(users.email, 'late@example.org'));
    const res = await admin.post(`/users/${late.id}/link`).expect(200);
    assert.match(res.text, /New invitation link created/);
    const second = linkPathFrom(res.text, 'invite');
    await request(t.app).get(first).expect(410);
    await request(t.app).get(second).expect(200);
    assert.ok(await latestAudit(t.database.db, 'account.invite-link-created'));
  });

  it('makes no link for a disabled account', async () => {
    await admin.post(`${personPath()}/disable`).expect(303);
    const res = await admin.post(`${personPath()}/link`).expect(422);
    assert.match(res.text, /This account is disabled. Re-enable it before creating a link/);
  });

  describe('changing role and sites', () => {
    const version = async () => String((await findUser(t.database.db, practitioner.user!.id))!.version);

    it('shows the form with the current answers and saves changes', async () => {
      const form = await admin.get(`${personPath()}/access`).expect(200);
      assert.match(form.text, /value="practitioner" checked/);
      assert.match(form.text, new RegExp(`value="${north.id}" checked`));
      const page = await followed(
        await admin.post(`${personPath()}/access`, {
          version: await version(),
          role: 'programme_lead',
          siteIds: [String(north.id), String(south.id)],
        }),
      );
      assert.match(page.text, /Role and sites saved/);
      assert.match(page.text, /Programme lead/);
      const memberships = await t.database.db.select().from(siteMemberships).where(eq(siteMemberships.userId, practitioner.user!.id));
      assert.deepEqual(memberships.map((m) => m.siteId).sort(), [north.id, south.id].sort());
      const entry = await latestAudit(t.database.db, 'account.access-changed');
      assert.deepEqual(entry.details, {
        before: { role: 'practitioner', siteIds: [north.id] },
        after: { role: 'programme_lead', siteIds: [north.id, south.id].sort((a, b) => a - b) },
      });
    });

    it('never overwrites someone else’s change: 409 with both versions', async () => {
      const stale = await version();
      await admin.post(`${personPath()}/access`, { version: stale, role: 'expert_by_experience', siteIds: [String(south.id)] }).expect(303);
      const res = await admin
        .post(`${personPath()}/access`, { version: stale, role: 'programme_lead', siteIds: [String(north.id)] })
        .expect(409);
      assert.match(res.text, /Someone else changed this account while you were editing it/);
      assert.match(res.text, /Saved by someone else[\s\S]*Expert by experience[\s\S]*Programme lead/);
      assert.match(res.text, /Southgate/);
      assert.match(res.text, /value="programme_lead" checked/);
      assert.match(res.text, new RegExp(`name="version" value="${await version()}"`));
      assert.equal((await findUser(t.database.db, practitioner.user!.id))!.role, 'expert_by_experience');
    });

    it('refuses a practitioner without sites, an unknown role and an administrator’s own role change', async () => {
      assert.match(
        (await admin.post(`${personPath()}/access`, { version: await version(), role: 'practitioner' }).expect(422)).text,
        /Select at least one site/,
      );
      assert.match(
        (await admin.post(`${personPath()}/access`, { version: await version(), role: 'root', siteIds: [String(north.id)] }).expect(422))
          .text,
        /Select a role from the list/,
      );
      const twice = await admin
        .post(`${personPath()}/access`, { version: await version(), role: 'practitioner', siteIds: [String(north.id), `0${north.id}`] })
        .expect(422);
      assert.match(twice.text, /Select each site once/);
      const self = await admin
        .post(`/users/${admin.user!.id}/access`, { version: '1', role: 'practitioner', siteIds: [String(north.id)] })
        .expect(422);
      assert.match(self.text, /You cannot change your own role/);
      await admin.post(`${personPath()}/access`, { version: await version(), role: 'administrator' }).expect(303);
      assert.equal((await findUser(t.database.db, practitioner.user!.id))!.role, 'administrator');
      assert.equal((await t.database.db.select().from(siteMemberships).where(eq(siteMemberships.userId, practitioner.user!.id))).length, 0);
    });

    it('takes effect on the person’s next request', async () => {
      await practitioner.get('/users').expect(403);
      await admin
        .post(`${personPath()}/access`, { version: await version(), role: 'expert_by_experience', siteIds: [String(north.id)] })
        .expect(303);
      await practitioner.get('/sites').expect(403);
    });
  });
});
