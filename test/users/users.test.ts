import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { anonymous, aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { routeTable } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { rolesWith } from '../../server/permissions.js';
import type { Site, User } from '../../server/db/schema.js';

describe('users: who sees whom', () => {
  let t: TestApp;
  let admin: Visitor;
  let lead: Visitor;
  let north: Site;
  let south: Site;
  let northPractitioner: User;
  let southExpert: User;
  beforeEach(async () => {
    t = await createTestApp();
    north = await aSite(t.database.db, { name: 'Northgate' });
    south = await aSite(t.database.db, { name: 'Southgate' });
    admin = await signedIn(t.app, t.database.db, 'administrator');
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [north.id] });
    northPractitioner = await aUser(t.database.db, { name: 'Nia North', siteIds: [north.id] });
    southExpert = await aUser(t.database.db, { role: 'expert_by_experience', name: 'Sol South', siteIds: [south.id] });
  });
  afterEach(async () => t.close());

  it('lists everyone for an administrator, with role, sites and status', async () => {
    const res = await admin.get('/users').expect(200);
    assert.match(res.text, /<title>Users – Innovation Site Tracker<\/title>/);
    for (const name of ['Nia North', 'Sol South', admin.user!.name, lead.user!.name]) assert.match(res.text, new RegExp(name));
    assert.match(res.text, new RegExp(`href="/users/${southExpert.id}">Sol South</a>`));
    assert.match(res.text, /Expert by experience/);
    assert.match(res.text, /All \(administrator\)/);
    assert.match(res.text, /href="\/users\/invite"/);
    assert.match(res.text, /govuk-service-navigation__item--active[\s\S]*Users/);
  });

  it('lists only the people in a lead’s sites', async () => {
    const res = await lead.get('/users').expect(200);
    assert.match(res.text, /Nia North/);
    assert.doesNotMatch(res.text, /Sol South/);
    assert.doesNotMatch(res.text, new RegExp(admin.user!.name));
  });

  it('shows a lead the people in their sites, but nobody else (403)', async () => {
    const res = await lead.get(`/users/${northPractitioner.id}`).expect(200);
    assert.match(res.text, /<h1 class="govuk-heading-l">Nia North<\/h1>/);
    assert.match(res.text, /Practitioner/);
    assert.match(res.text, /Northgate/);
    assert.match(res.text, /Two-step sign-in[\s\S]*Off/);
    assert.doesNotMatch(res.text, /Disable account|password reset link|End all their sessions|\/access"/);
    await lead.get(`/users/${southExpert.id}`).expect(403);
    await lead.get(`/users/${admin.user!.id}`).expect(403);
  });

  it('answers unknown, non-numeric and oversized ids with 404', async () => {
    for (const id of ['999999', 'abc', '0', '-1', '99999999999', '1.5']) {
      await admin.get(`/users/${id}`).expect(404);
      await admin.post(`/users/${id}/disable`).expect(404);
    }
  });

  it('shows the nav items to each role', async () => {
    const forAdmin = await admin.get('/users').expect(200);
    assert.match(forAdmin.text, /href="\/users"/);
    assert.match(forAdmin.text, /href="\/audit"/);
    const forLead = await lead.get('/users').expect(200);
    assert.match(forLead.text, /href="\/users"/);
    assert.doesNotMatch(forLead.text, /href="\/audit"/);
    const practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [north.id] });
    const forPractitioner = await practitioner.get('/sites').expect(200);
    assert.doesNotMatch(forPractitioner.text, /href="\/users"|href="\/audit"/);
  });

  describe('the route table', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const routes = () => routeTable({ db: t.database.db, config }).filter((route) => /^\/(users|audit)/.test(route.path));
    const pathOf = (path: string) => path.replace(':userId', String(northPractitioner.id));
    const send = (visitor: Visitor, method: 'get' | 'post', path: string) => (method === 'get' ? visitor.get(path) : visitor.post(path));

    it('states the roles of every user and audit route, none open to anyone', () => {
      const found = routes();
      assert.ok(found.length >= 12, `only ${found.length} routes`);
      for (const route of found) {
        assert.notEqual(route.allow, 'anyone', route.path);
        const roles = route.allow === 'anyone' ? [] : rolesWith(route.allow);
        assert.ok(roles.includes('administrator'), route.path);
        assert.ok(!roles.includes('practitioner') && !roles.includes('expert_by_experience'), route.path);
      }
    });

    it('refuses practitioners and experts by experience (403) on every one', async () => {
      for (const role of ['practitioner', 'expert_by_experience'] as const) {
        const visitor = await signedIn(t.app, t.database.db, role, { siteIds: [north.id] });
        for (const route of routes())
          assert.equal((await send(visitor, route.method, pathOf(route.path))).status, 403, `${role} ${route.method} ${route.path}`);
      }
    });

    it('refuses leads (403) on what only administrators do', async () => {
      for (const route of routes().filter((r) => r.allow !== 'anyone' && !rolesWith(r.allow).includes('programme_lead'))) {
        assert.equal((await send(lead, route.method, pathOf(route.path))).status, 403, `${route.method} ${route.path}`);
      }
      assert.match((await admin.get(`/users/${northPractitioner.id}`)).text, /Practitioner[\s\S]*>Active</, 'nothing changed');
    });

    it('sends visitors to sign in', async () => {
      const visitor = await anonymous(t.app, t.database.db);
      for (const route of routes()) {
        const res = await send(visitor, route.method, pathOf(route.path));
        assert.equal(res.status, 303, `${route.method} ${route.path}`);
        assert.match(res.headers.location, /^\/sign-in\?returnTo=/);
      }
      const res = await request(t.app).get('/users').expect(303);
      assert.equal(res.headers.location, '/sign-in?returnTo=%2Fusers');
    });
  });
});
