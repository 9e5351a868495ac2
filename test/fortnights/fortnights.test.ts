import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { findPlan } from '../../server/fortnights/queries.js';
import type { Site } from '../../server/db/schema.js';

const HTMX_PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('fortnights', () => {
  let t: TestApp;
  let site: Site;
  let member: Visitor;
  // Wednesday 8 April 2026: fortnight 3 (30 March to 12 April) of a site starting 2 March.
  before(async () => {
    t = await createTestApp({ now: '2026-04-08T09:00:00Z' });
    site = await aSite(t.database.db, { name: 'Fortnight site', firstFortnightStart: '2026-03-02' });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/fortnights`;
  const save = (number: number, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    member.post(`${base()}/${number}`, { 'showAndTell-day': '', 'showAndTell-month': '', 'showAndTell-year': '', ...fields }, headers);

  it('lists fortnights and marks the current one', async () => {
    const res = await member.get(base()).expect(200);
    assert.match(res.text, /Go to the current fortnight \(fortnight 3\)/);
    assert.match(res.text, /app-fortnight-row--current[\s\S]*?Fortnight 3<\/a>/);
    assert.match(res.text, /Fortnight 9<\/a>/, 'looks six fortnights ahead');
    assert.doesNotMatch(res.text, /Fortnight 10<\/a>/);
    // Fortnight 3's show-and-tell skips Good Friday (3 April) only if it were last; here it is Friday 10 April.
    assert.match(res.text, /30 Mar 2026 to 12 Apr 2026<\/td>\s*<td class="govuk-table__cell">10 Apr 2026/);
  });

  it('pages through years of fortnights, newest first, a year at a time', async () => {
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    const old = await aSite(t.database.db, { name: 'Ten years on', goLiveDate: '2016-04-04', firstFortnightStart: '2016-04-04' });
    // 8 April 2026 is in fortnight 262; the list runs to 268, 26 a page.
    const first = await admin.get(`/sites/${old.id}/fortnights`).expect(200);
    assert.match(first.text, /Fortnights 243 to 268/);
    assert.match(first.text, /href="#fortnight-262"/);
    assert.match(first.text, /href="\/sites\/\d+\/fortnights\?page=2" rel="prev"/);
    assert.doesNotMatch(first.text, /Later fortnights/);
    const second = await admin.get(`/sites/${old.id}/fortnights?page=2`).expect(200);
    assert.match(second.text, /Fortnights 217 to 242/);
    assert.match(second.text, /Later fortnights/);
    const lastPage = await admin.get(`/sites/${old.id}/fortnights?page=11`).expect(200);
    assert.match(lastPage.text, /Fortnights 1 to 8/);
    assert.doesNotMatch(lastPage.text, /Earlier fortnights/);
    for (const page of ['12', '0', 'x', '-1']) await admin.get(`/sites/${old.id}/fortnights?page=${page}`).expect(404);
  });

  it('shows a fortnight’s dates, status and huddle days less bank holidays', async () => {
    const res = await member.get(`${base()}/3`).expect(200);
    assert.match(res.text, /Fortnight 3 /);
    assert.match(res.text, /Monday 30 March 2026/);
    assert.match(res.text, /Sunday 12 April 2026/);
    assert.match(res.text, />Current</);
    assert.match(res.text, /8 \(bank holidays excluded\)/); // 10 weekdays less Good Friday and Easter Monday
    const past = await member.get(`${base()}/1`).expect(200);
    assert.match(past.text, />Past</);
    const future = await member.get(`${base()}/5`).expect(200);
    assert.match(future.text, />Coming up</);
  });

  it('answers 404 for fortnights that cannot exist', async () => {
    for (const number of ['0', 'abc', '-2', '99999', '3.5']) {
      const res = await member.get(`${base()}/${number}`);
      assert.equal(res.status, 404, number);
    }
    await member.get(`/sites/999/fortnights/1`).expect(404);
    await save(0, { goal: 'x', version: '0' }).expect(404);
  });

  describe('editing the plan without JavaScript', () => {
    it('shows the edit page, saves, and redirects with a banner', async () => {
      const form = await member.get(`${base()}/4/edit`).expect(200);
      assert.match(form.text, /<title>Change the plan for fortnight 4/);
      assert.match(form.text, /name="version" value="0"/);
      const res = await save(4, { goal: 'Try a community connector at every huddle', version: '0' }).expect(303);
      assert.equal(res.headers.location, `${base()}/4`);
      const flash = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
      const page = await member.get(res.headers.location, { Cookie: [member.cookie, ...flash].join('; ') }).expect(200);
      assert.match(page.text, /Fortnight goal and show-and-tell date saved/);
      assert.match(page.text, /Try a community connector at every huddle/);
    });

    it('re-renders with 422, the error summary and the answers kept', async () => {
      const res = await save(4, {
        goal: 'Kept goal',
        'showAndTell-day': '31',
        'showAndTell-month': '2',
        'showAndTell-year': '2026',
        version: '1',
      }).expect(422);
      assert.match(res.text, /<title>Error: Change the plan for fortnight 4/);
      assert.match(res.text, /govuk-error-summary/);
      assert.match(res.text, /Show-and-tell date must be a real date/);
      assert.match(res.text, />Kept goal<\/textarea>/);
      assert.equal((await findPlan(t.database.db, site.id, 4))?.goal, 'Try a community connector at every huddle');
    });

    it('refuses a show-and-tell date outside the fortnight and over-long goals', async () => {
      const res = await save(4, {
        goal: 'g'.repeat(501),
        'showAndTell-day': '1',
        'showAndTell-month': '1',
        'showAndTell-year': '2026',
        version: '1',
      }).expect(422);
      assert.match(res.text, /Goal must be 500 characters or fewer/);
      assert.match(res.text, /Show-and-tell date must be between 13 Apr 2026 and 3 May 2026/);
    });

    it('keeps a chosen show-and-tell date', async () => {
      await save(5, { goal: '', 'showAndTell-day': '11', 'showAndTell-month': '5', 'showAndTell-year': '2026', version: '0' }).expect(303);
      const page = await member.get(`${base()}/5`).expect(200);
      assert.match(page.text, /Monday 11 May 2026/);
      assert.doesNotMatch(page.text, /The fortnight’s last huddle day/);
    });
  });

  describe('editing the plan in place with htmx', () => {
    it('serves the form alone to an htmx partial request and the whole page otherwise, varying on the header', async () => {
      const partial = await member.get(`${base()}/6/edit`).set(HTMX_PARTIAL).expect(200);
      assert.match(partial.headers.vary ?? '', /HX-Request-Type/);
      assert.match(partial.text, /^<div id="fortnight-plan"/);
      assert.doesNotMatch(partial.text, /<html/);
      const full = await member.get(`${base()}/6/edit`).set({ 'HX-Request': 'true', 'HX-Request-Type': 'full' }).expect(200);
      assert.match(full.text, /<html/);
      assert.match(full.headers.vary ?? '', /HX-Request-Type/);
    });

    it('saves and answers with the updated plan section', async () => {
      const res = await save(6, { goal: 'Fewer hand-offs', version: '0' }, HTMX_PARTIAL).expect(200);
      assert.match(res.text, /^<div id="fortnight-plan"/);
      assert.match(res.text, /Fewer hand-offs/);
      assert.match(res.text, /Saved/);
      assert.doesNotMatch(res.text, /<html/);
    });

    it('answers bad input with the form alone, 422, the answers kept', async () => {
      const res = await save(
        6,
        { goal: 'Still here', 'showAndTell-day': '40', 'showAndTell-month': '1', 'showAndTell-year': '2026', version: '1' },
        HTMX_PARTIAL,
      ).expect(422);
      assert.match(res.text, /^<div id="fortnight-plan"/);
      assert.match(res.text, /Show-and-tell date must be a real date/);
      assert.match(res.text, />Still here<\/textarea>/);
    });

    it('answers a stale save with 409, both versions, and nothing overwritten', async () => {
      await save(7, { goal: 'First goal', version: '0' }).expect(303);
      const res = await save(7, { goal: 'Second goal', version: '0' }, HTMX_PARTIAL).expect(409);
      assert.match(res.text, /Someone else changed this fortnight’s plan while you were editing it/);
      assert.match(res.text, /First goal/);
      assert.match(res.text, />Second goal<\/textarea>/);
      assert.match(res.text, /name="version" value="1"/);
      assert.equal((await findPlan(t.database.db, site.id, 7))?.goal, 'First goal');
    });

    it('shows errors in the main content area rather than inside the section', async () => {
      const res = await member.get(`/sites/999/fortnights/1/edit`, HTMX_PARTIAL).expect(404);
      assert.equal(res.headers['hx-retarget'], '#main-content');
      assert.doesNotMatch(res.text, /<html/);
    });
  });
});
