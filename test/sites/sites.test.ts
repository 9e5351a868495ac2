import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite, siteForm } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { findSite, listSites } from '../../server/sites/queries.js';
import { sites } from '../../server/db/schema.js';

describe('sites', () => {
  let t: TestApp;
  let admin: Visitor;
  beforeEach(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    admin = await signedIn(t.app, t.database.db, 'administrator');
  });
  afterEach(async () => t.close());

  const post = (path: string, fields: Record<string, string | string[]>) => admin.post(path, fields);
  const get = (path: string, headers?: Record<string, string>) => admin.get(path, headers);

  it('shows an administrator the set-up start page while there are no sites', async () => {
    const res = await get('/').expect(200);
    assert.match(res.text, /<title>Set up your innovation site – Innovation Site Tracker<\/title>/);
    assert.match(res.text, /href="\/sites\/new"/);
    assert.doesNotMatch(res.text, /govuk-header__logotype|GDS Transport/, 'no crown or GOV.UK logotype in the generic header');
  });

  it('sends people to the list of sites once a site exists', async () => {
    await aSite(t.database.db);
    await get('/').expect(302).expect('Location', '/sites');
  });

  it('creates a site, redirects with 303 and shows a success banner', async () => {
    const res = await post('/sites', siteForm()).expect(303);
    const location = res.headers.location;
    assert.match(location, /^\/sites\/\d+$/);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    const page = await get(location, { Cookie: [admin.cookie, ...cookie].join('; ') }).expect(200);
    assert.match(page.text, /govuk-notification-banner--success/);
    assert.match(page.text, /Site created/);
    assert.match(page.text, /<h1 class="govuk-heading-l">Northgate Community Team<\/h1>/);
    const site = await findSite(t.database.db, Number(location.split('/').pop()));
    assert.deepEqual(
      { goLive: site?.goLiveDate, first: site?.firstFortnightStart, days: site?.huddleDays, time: site?.huddleTime },
      { goLive: '2026-03-02', first: '2026-03-02', days: [1, 2, 3, 4, 5], time: '09:30' },
    );
  });

  it('shows the current fortnight, the next show-and-tell and links to every area', async () => {
    const site = await aSite(t.database.db, { firstFortnightStart: '2026-03-02' });
    const res = await get(`/sites/${site.id}`).expect(200);
    // 10 June 2026 is in fortnight 8 (8 to 21 June); its last huddle day is Friday 19 June.
    assert.match(res.text, /Fortnight 8<\/a>: 8 Jun 2026 to 21 Jun 2026/);
    assert.match(res.text, /Friday 19 June 2026/);
    // Every area answers with its own page.
    for (const area of ['huddles', 'reflections', 'actions', 'getting-in-the-way', 'measures', 'stories', 'show-and-tells']) {
      assert.match(res.text, new RegExp(`href="/sites/${site.id}/${area}"`));
      await get(`/sites/${site.id}/${area}`).expect(200);
    }
    await get(`/sites/${site.id}/no-such-area`).expect(404);
  });

  it('serves the kept site page with each person’s own token and menu, and shows a change at once', async () => {
    const site = await aSite(t.database.db, { firstFortnightStart: '2026-03-02' });
    const practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    for (let round = 0; round < 2; round += 1) {
      const adminPage = (await get(`/sites/${site.id}`).expect(200)).text;
      const practitionerPage = (await practitioner.get(`/sites/${site.id}`).expect(200)).text;
      assert.ok(adminPage.includes(`value="${admin.csrfToken}"`) && !adminPage.includes(practitioner.csrfToken));
      assert.ok(practitionerPage.includes(`value="${practitioner.csrfToken}"`) && !practitionerPage.includes(admin.csrfToken));
      assert.match(adminPage, /href="\/audit"/, 'administrators have the audit log in their menu');
      assert.doesNotMatch(practitionerPage, /href="\/audit"/);
    }
    await post(`/sites/${site.id}/fortnights/8`, {
      goal: 'Hold every first conversation within 3 days',
      'showAndTell-day': '',
      'showAndTell-month': '',
      'showAndTell-year': '',
      version: '0',
    }).expect(303);
    assert.match((await practitioner.get(`/sites/${site.id}`).expect(200)).text, /Hold every first conversation within 3 days/);
  });

  it('moves the next show-and-tell on once this fortnight’s has passed', async () => {
    const late = await createTestApp({ now: '2026-06-20T10:00:00Z' }); // Saturday after Friday 19 June
    try {
      const site = await aSite(late.database.db);
      const lateAdmin = await signedIn(late.app, late.database.db, 'administrator');
      const res = await lateAdmin.get(`/sites/${site.id}`).expect(200);
      assert.match(res.text, /Friday 3 July 2026 \(end of fortnight 9\)/);
    } finally {
      await late.close();
    }
  });

  it('says when the first fortnight has not started', async () => {
    const site = await aSite(t.database.db, { goLiveDate: '2026-09-07', firstFortnightStart: '2026-09-07' });
    const res = await get(`/sites/${site.id}`).expect(200);
    assert.match(res.text, /First fortnight/);
    assert.match(res.text, /not started yet/);
  });

  describe('bad input', () => {
    it('explains every missing answer, keeps what was typed and saves nothing', async () => {
      const res = await post('/sites', {
        name: '',
        'goLive-day': '',
        'goLive-month': '',
        'goLive-year': '',
        fortnightLengthDays: '',
        huddleTime: '',
        teamDescription: 'Kept text',
      }).expect(422);
      assert.match(res.text, /<title>Error: Create a site – Innovation Site Tracker<\/title>/);
      assert.match(res.text, /govuk-error-summary/);
      for (const message of [
        'Enter a name for the site',
        'Enter the go-live date',
        'Enter the first fortnight start date',
        'Enter how many days a fortnight lasts',
        'Select at least one huddle day',
        'Enter the huddle time',
      ]) {
        assert.match(res.text, new RegExp(message), message);
      }
      assert.match(res.text, /href="#goLive-day"/);
      assert.match(res.text, />Kept text<\/textarea>/);
      assert.equal((await listSites(t.database.db, { archived: false })).length, 0);
    });

    it('refuses an impossible date and says which', async () => {
      const res = await post('/sites', siteForm({ 'goLive-day': '31', 'goLive-month': '2', 'goLive-year': '2026' })).expect(422);
      assert.match(res.text, /Go-live date must be a real date/);
      assert.match(res.text, /name="goLive-day" type="text" inputmode="numeric" value="31"/);
      assert.match(res.text, /value="Northgate Community Team"/);
    });

    it('refuses a first fortnight more than a year after go-live', async () => {
      const res = await post(
        '/sites',
        siteForm({ 'firstFortnight-day': '3', 'firstFortnight-month': '3', 'firstFortnight-year': '2027' }),
      ).expect(422);
      assert.match(res.text, /First fortnight must start no more than a year after the go-live date/);
      await post('/sites', siteForm({ 'firstFortnight-day': '2', 'firstFortnight-month': '3', 'firstFortnight-year': '2027' })).expect(303);
    });

    it('refuses a duplicate name whatever its case', async () => {
      await aSite(t.database.db, { name: 'Northgate Community Team' });
      const res = await post('/sites', siteForm({ name: 'NORTHGATE community team' })).expect(422);
      assert.match(res.text, /A site called “NORTHGATE community team” already exists/);
      assert.equal((await listSites(t.database.db, { archived: false })).length, 1);
    });

    it('refuses text over its limit', async () => {
      const res = await post('/sites', siteForm({ name: 'x'.repeat(101), teamDescription: 'y'.repeat(1001) })).expect(422);
      assert.match(res.text, /Site name must be 100 characters or fewer/);
      assert.match(res.text, /Team description must be 1000 characters or fewer/);
    });

    it('refuses a fortnight length or huddle time that makes no sense', async () => {
      const res = await post('/sites', siteForm({ fortnightLengthDays: '-3', huddleTime: '25:00', huddleDays: ['9'] })).expect(422);
      assert.match(res.text, /Fortnight length must be a whole number of days/);
      assert.match(res.text, /Huddle time must be a real time/);
      assert.match(res.text, /Select huddle days from the list/);
    });

    it('refuses a minimum of contacts or outcome days that makes no sense, keeping what was typed', async () => {
      const res = await post('/sites', siteForm({ name: 'Settings site', minContacts: '0', outcomeDays: 'ninety' })).expect(422);
      assert.match(res.text, /The fewest contacts behind a figure must be between 1 and 1000/);
      assert.match(res.text, /Days until an outcome is known must be a whole number, like 90/);
      assert.match(res.text, /href="#minContacts"/);
      assert.match(res.text, /value="ninety"/);
      const blank = await post('/sites', siteForm({ name: 'Settings site', minContacts: '', outcomeDays: '９０' })).expect(422);
      assert.match(blank.text, /Enter the fewest contacts behind a figure, like 5/);
      assert.match(blank.text, /Days until an outcome is known must be a whole number/);
    });

    it('saves a site’s minimum of contacts and outcome days, 5 and 90 unless chosen', async () => {
      await post('/sites', siteForm({ name: 'Chosen settings', minContacts: '8', outcomeDays: '60' })).expect(303);
      await post('/sites', siteForm({ name: 'Default settings' })).expect(303);
      const rows = await t.database.db.select().from(sites);
      const of = (name: string) => rows.find((row) => row.name === name)!;
      assert.deepEqual([of('Chosen settings').minContacts, of('Chosen settings').outcomeDays], [8, 60]);
      assert.deepEqual([of('Default settings').minContacts, of('Default settings').outcomeDays], [5, 90]);
    });

    it('refuses a missing or made-up weekly reflection day and keeps the other answers', async () => {
      for (const [reflectionDay, message] of [
        ['', 'Select the weekly reflection day'],
        ['0', 'Select a weekly reflection day from the list'],
        ['8', 'Select a weekly reflection day from the list'],
        ['Friday', 'Select a weekly reflection day from the list'],
        ['5.0', 'Select a weekly reflection day from the list'],
      ]) {
        const res = await post('/sites', siteForm({ reflectionDay })).expect(422);
        assert.match(res.text, new RegExp(message), reflectionDay);
        assert.match(res.text, /href="#reflectionDay"/);
        assert.match(res.text, /value="Northgate Community Team"/);
      }
      const { reflectionDay: _dropped, ...withoutDay } = siteForm();
      const res = await post('/sites', withoutDay).expect(422);
      assert.match(res.text, /Select the weekly reflection day/);
      assert.equal((await listSites(t.database.db, { archived: false })).length, 0);
    });

    it('keeps Unicode and shows hostile text as text', async () => {
      const name = '<script>alert(1)</script> Tîm Gogledd 🏡';
      const res = await post('/sites', siteForm({ name, teamDescription: "'; drop table sites; --" })).expect(303);
      const page = await get(res.headers.location).expect(200);
      assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; Tîm Gogledd 🏡'));
      assert.ok(!page.text.includes('<script>alert(1)'));
      assert.ok(page.text.includes('&#39;; drop table sites; --'));
    });

    it('strips control characters PostgreSQL would refuse rather than failing', async () => {
      const res = await post('/sites', siteForm({ name: 'Null\u0000 byte team' })).expect(303);
      const site = await findSite(t.database.db, Number(res.headers.location.split('/').pop()));
      assert.equal(site?.name, 'Null byte team');
    });

    it('answers a 5 MB form with a friendly 413 page', async () => {
      const res = await post('/sites', siteForm({ teamDescription: 'z'.repeat(5 * 1024 * 1024) })).expect(413);
      assert.match(res.text, /That was too much to send/);
      assert.equal((await listSites(t.database.db, { archived: false })).length, 0);
    });

    it('answers unknown, non-numeric and oversized ids with 404', async () => {
      for (const id of ['999', 'abc', '1.5', '-1', '0', '99999999999999999999', '%00', '2147483648']) {
        const res = await get(`/sites/${id}`);
        assert.equal(res.status, 404, `/sites/${id}`);
        assert.match(res.text, /Page not found/);
      }
      await get('/sites/1/not-an-area').expect(404);
      await post('/sites/999', siteForm()).expect(404);
      await post('/sites/abc/archive', {}).expect(404);
    });

    it('reads a malformed or repeated field without failing', async () => {
      await request(t.app)
        .post('/sites')
        .set('Cookie', admin.cookie)
        .type('form')
        .send(`_csrf=${admin.csrfToken}&name=%E0%A4%A&goLive-day=1`)
        .expect(422);
      await post('/sites', { ...siteForm(), name: ['One', 'Two'] }).expect(303);
    });
  });

  describe('editing', () => {
    it('saves changes with the version read and redirects', async () => {
      const site = await aSite(t.database.db);
      const form = await get(`/sites/${site.id}/edit`).expect(200);
      assert.match(form.text, /name="version" value="1"/);
      await post(`/sites/${site.id}`, siteForm({ name: 'Renamed team', version: '1' }))
        .expect(303)
        .expect('Location', `/sites/${site.id}`);
      const saved = await findSite(t.database.db, site.id);
      assert.equal(saved?.name, 'Renamed team');
      assert.equal(saved?.version, 2);
    });

    it('never overwrites someone else’s save: 409 with both versions and the typed text kept', async () => {
      const site = await aSite(t.database.db, { name: 'Original' });
      // Two people open the form at version 1; the first saves.
      await post(`/sites/${site.id}`, siteForm({ name: 'First person’s name', version: '1' })).expect(303);
      const res = await post(
        `/sites/${site.id}`,
        siteForm({ name: 'Second person’s name', teamDescription: 'Second description', version: '1' }),
      ).expect(409);
      assert.match(res.text, /Someone else changed this site while you were editing it/);
      assert.match(res.text, /First person’s name/);
      assert.match(res.text, /value="Second person’s name"/);
      assert.match(res.text, />Second description<\/textarea>/);
      assert.match(res.text, /name="version" value="2"/);
      assert.equal((await findSite(t.database.db, site.id))?.name, 'First person’s name');
      // Saving again, having seen the other version, goes through.
      await post(`/sites/${site.id}`, siteForm({ name: 'Second person’s name', version: '2' })).expect(303);
      assert.equal((await findSite(t.database.db, site.id))?.name, 'Second person’s name');
    });

    it('offers the weekly reflection day as radios, Friday by default, and saves a change', async () => {
      const blank = await get('/sites/new').expect(200);
      assert.match(blank.text, /<legend[^>]*>Weekly reflection day<\/legend>/);
      assert.match(blank.text, /name="reflectionDay" type="radio" value="5" checked/);
      const created = await post('/sites', siteForm({ reflectionDay: '3' })).expect(303);
      const id = Number(created.headers.location.split('/').pop());
      assert.equal((await findSite(t.database.db, id))?.reflectionDay, 3);
      const form = await get(`/sites/${id}/edit`).expect(200);
      assert.match(form.text, /name="reflectionDay" type="radio" value="3" checked/);
      await post(`/sites/${id}`, siteForm({ reflectionDay: '1', version: '1' })).expect(303);
      assert.equal((await findSite(t.database.db, id))?.reflectionDay, 1);
      const res = await post(`/sites/${id}`, siteForm({ reflectionDay: '7', version: '1' })).expect(409);
      assert.match(
        res.text,
        /Weekly reflection day<\/th>\s*<td class="govuk-table__cell">Monday<\/td>\s*<td class="govuk-table__cell">Sunday/,
      );
      assert.match(res.text, /name="reflectionDay" type="radio" value="7" checked/);
    });

    it('refuses to rename a site to another site’s name', async () => {
      await aSite(t.database.db, { name: 'Taken' });
      const site = await aSite(t.database.db, { name: 'Mine' });
      const res = await post(`/sites/${site.id}`, siteForm({ name: 'taken', version: '1' })).expect(422);
      assert.match(res.text, /A site called “taken” already exists/);
    });

    it('archives and restores a site', async () => {
      const site = await aSite(t.database.db, { name: 'Old team' });
      await post(`/sites/${site.id}/archive`, {}).expect(303).expect('Location', '/sites');
      const list = await get('/sites').expect(200);
      assert.match(list.text, /Archived sites/);
      const page = await get(`/sites/${site.id}`).expect(200);
      assert.match(page.text, /This site was archived on/);
      await post(`/sites/${site.id}/restore`, {}).expect(303);
      assert.equal((await findSite(t.database.db, site.id))?.archivedAt, null);
    });
  });
});
