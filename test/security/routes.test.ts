import assert from 'node:assert/strict';
import request from 'supertest';
import { routeTable } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { rolesWith } from '../../server/permissions.js';
import { reflections, ROLES, type Role, type Site } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, signedIn } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { anAction } from '../actions/helpers.js';
import { anItem } from '../getting-in-the-way/helpers.js';

/**
 * Walks the whole route table for every role and for a visitor: each route must let in exactly
 * the roles it names, send visitors to sign in, and refuse everyone else with 403.
 */
describe('who may use each route', function () {
  this.timeout(120_000);
  let t: TestApp;
  let site: Site;
  let otherUserId: number;
  let reflectionId: number;
  let actionId: number;
  let itemId: number;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db);
    const other = await aUser(t.database.db, { role: 'practitioner', siteIds: [site.id] });
    otherUserId = other.id;
    reflectionId = (
      await t.database.db.insert(reflections).values({ siteId: site.id, weekStart: '2026-06-01', heldOn: '2026-06-05' }).returning()
    )[0].id;
    actionId = (await anAction(t.database.db, site, other)).id;
    itemId = (await anItem(t.database.db, site, other)).id;
  });
  after(async () => t.close());

  const routes = () => routeTable({ db: t.database.db, config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url }) });
  const fill = (path: string) =>
    path
      .replace(':siteId', String(site.id))
      .replace(':reflectionId', String(reflectionId))
      .replace(':number', '1')
      .replace(':area', 'huddles')
      .replace(':token', 'a'.repeat(43))
      .replace(':userId', String(otherUserId))
      .replace(':date', '2026-06-10')
      .replace(':contactId', '1')
      .replace(':importId', '1')
      .replace(':personId', '1')
      .replace(':guestId', '1')
      .replace(':actionId', String(actionId))
      .replace(':itemId', String(itemId));

  it('has a rule for every route', () => {
    for (const route of routes()) assert.ok(route.allow === 'anyone' || rolesWith(route.allow).length > 0, `${route.method} ${route.path}`);
  });

  it('sends visitors to sign in for every route that is not public', async () => {
    for (const route of routes()) {
      if (route.allow === 'anyone') continue;
      const path = fill(route.path);
      const res = route.method === 'get' ? await request(t.app).get(path) : await request(t.app).post(path);
      if (route.method === 'get') {
        assert.equal(res.status, 303, `GET ${path}`);
        assert.equal(res.headers.location, `/sign-in?returnTo=${encodeURIComponent(path)}`, `GET ${path}`);
      } else {
        assert.equal(res.status, 303, `POST ${path}`);
        assert.match(res.headers.location, /^\/sign-in\?returnTo=/, `POST ${path}`);
      }
    }
  });

  for (const role of ROLES) {
    it(`lets ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role.replace(/_/g, ' ')} use exactly the routes that name the role`, async () => {
      for (const route of routes()) {
        // A fresh session for each route: some routes sign the person out.
        const visitor = await signedIn(t.app, t.database.db, role, { siteIds: [site.id] });
        const path = fill(route.path);
        const res = route.method === 'get' ? await visitor.get(path) : await visitor.post(path, {});
        const allowed = route.allow === 'anyone' || rolesWith(route.allow).includes(role);
        const label = `${role}: ${route.method.toUpperCase()} ${route.path} answered ${res.status}`;
        if (allowed) {
          assert.notEqual(res.status, 403, label);
          assert.ok(!String(res.headers.location ?? '').startsWith('/sign-in?returnTo'), label);
          assert.ok(res.status < 500, label);
        } else {
          assert.equal(res.status, 403, label);
          assert.match(res.text, /You do not have access to this page/, label);
        }
      }
    });
  }

  it('refuses the public state-changing routes without a session, and so without a CSRF token', async () => {
    for (const route of routes().filter((candidate) => candidate.method === 'post' && candidate.allow === 'anyone')) {
      const path = fill(route.path);
      const res = await request(t.app).post(path).type('form').send({ email: 'x@example.org' });
      assert.equal(res.status, 403, `POST ${path}`);
      assert.match(res.text, /This form has expired/);
    }
  });

  it('refuses every state-changing route without a valid CSRF token', async () => {
    const posts = routes().filter((route) => route.method === 'post');
    assert.ok(posts.length >= 8, 'the table lists the state-changing routes');
    for (const route of posts) {
      // Someone the route lets in (an administrator where it does), so the token is what is tested.
      const role: Role =
        route.allow === 'anyone' || rolesWith(route.allow).includes('administrator') ? 'administrator' : rolesWith(route.allow)[0];
      const visitor = await signedIn(t.app, t.database.db, role, { siteIds: [site.id] });
      const path = fill(route.path);
      const missing = await request(t.app).post(path).set('Cookie', visitor.cookie).type('form').send({ name: 'x' });
      assert.equal(missing.status, 403, `POST ${path} with no token`);
      const wrong = await request(t.app)
        .post(path)
        .set('Cookie', visitor.cookie)
        .type('form')
        .send({ _csrf: 'b'.repeat(43), name: 'x' });
      assert.equal(wrong.status, 403, `POST ${path} with a wrong token`);
      const otherSession = await signedIn(t.app, t.database.db, 'administrator');
      const borrowed = await request(t.app)
        .post(path)
        .set({ Cookie: visitor.cookie, 'X-CSRF-Token': otherSession.csrfToken })
        .type('form')
        .send({});
      assert.equal(borrowed.status, 403, `POST ${path} with another session's token`);
      assert.match(missing.text, /This form has expired/);
    }
  });

  it('keeps a practitioner to their own sites, whatever id they put in the address', async () => {
    const theirs = await aSite(t.database.db, { name: 'Someone else’s site' });
    const practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    for (const path of [
      `/sites/${theirs.id}`,
      `/sites/${theirs.id}/fortnights`,
      `/sites/${theirs.id}/fortnights/1`,
      `/sites/${theirs.id}/fortnights/1/edit`,
      `/sites/${theirs.id}/huddles`,
      `/sites/${theirs.id}/reflections`,
      `/sites/${theirs.id}/reflections/morale`,
      `/sites/${theirs.id}/reflections/${reflectionId}`,
      `/sites/${theirs.id}/actions`,
      `/sites/${theirs.id}/getting-in-the-way`,
      `/sites/${theirs.id}/getting-in-the-way.csv`,
    ]) {
      await practitioner.get(path).expect(403);
    }
    await practitioner.post(`/sites/${theirs.id}/fortnights/1`, { goal: 'not mine', version: '0' }).expect(403);
    const list = await practitioner.get('/sites').expect(200);
    assert.doesNotMatch(list.text, /Someone else’s site/);
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    await lead.post(`/sites/${theirs.id}`, { name: 'Renamed', version: '1' }).expect(403);
  });
});
