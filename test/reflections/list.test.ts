import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { reflections, wellbeingResponses, type Site } from '../../server/db/schema.js';
import { aReflection, auditActions, dateFields, follow } from './helpers.js';

describe('the list of weekly reflections', () => {
  let t: TestApp;
  let site: Site;
  let member: Visitor;
  // Wednesday 10 June 2026: the week of Monday 8 June; the site reflects on Fridays.
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Reflecting site', firstFortnightStart: '2026-03-02' });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/reflections`;
  const ofSite = (siteId: number) => t.database.db.select().from(reflections).where(eq(reflections.siteId, siteId));

  it('offers to start this week’s reflection, held on the site’s reflection day', async () => {
    const res = await member.get(base()).expect(200);
    assert.match(res.text, /<title>Weekly reflections – Reflecting site/);
    assert.match(res.text, /There are no reflections yet/);
    assert.match(res.text, /the week of Monday 8 June 2026, will be held on Friday 12 June 2026/);
    assert.match(res.text, /Start this week’s reflection<\/button>/);
    assert.match(res.text, /href="\/sites\/\d+\/reflections\/morale"/);
  });

  it('starts this week’s reflection once: a second start goes to the same one', async () => {
    const first = await member.post(base(), { week: 'this' }).expect(303);
    assert.match(first.headers.location, new RegExp(`^/sites/${site.id}/reflections/\\d+$`));
    const page = await follow(member, first).expect(200);
    assert.match(page.text, /Reflection started/);
    assert.match(page.text, /Week of Monday 8 June 2026, held on Friday 12 June 2026/);
    const [made] = await ofSite(site.id);
    assert.equal(made.weekStart, '2026-06-08');
    assert.equal(made.heldOn, '2026-06-12');
    const again = await member.post(base(), { week: 'this' }).expect(303);
    assert.equal(again.headers.location, first.headers.location);
    assert.match((await follow(member, again)).text, /That week already has a reflection: here it is/);
    assert.equal((await ofSite(site.id)).length, 1);
    const audit = await auditActions(t.database.db, 'reflection.started');
    assert.equal(audit.length, 1);
    assert.equal(audit[0].recordId, String(made.id));
    assert.equal(audit[0].userId, member.user!.id);
    const list = await member.get(base()).expect(200);
    assert.match(list.text, /Go to this week’s reflection \(held on Friday 12 June 2026\)/);
    assert.doesNotMatch(list.text, /Start this week’s reflection<\/button>/);
  });

  it('holds this week’s reflection today when the site’s day has gone by', async () => {
    const mondays = await aSite(t.database.db, { name: 'Monday site', reflectionDay: 1 });
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [mondays.id] });
    await lead.post(`/sites/${mondays.id}/reflections`, { week: 'this' }).expect(303);
    const [made] = await ofSite(mondays.id);
    assert.deepEqual([made.weekStart, made.heldOn], ['2026-06-08', '2026-06-10']);
  });

  it('records an earlier week by the date it was held, once a week', async () => {
    const res = await member.post(base(), dateFields('held', '2026-06-03')).expect(303);
    const made = (await ofSite(site.id)).find((reflection) => reflection.weekStart === '2026-06-01');
    assert.equal(made?.heldOn, '2026-06-03');
    assert.equal(res.headers.location, `${base()}/${made.id}`);
    const again = await member.post(base(), dateFields('held', '2026-06-05')).expect(303);
    assert.equal(again.headers.location, res.headers.location);
    assert.equal((await ofSite(site.id)).filter((reflection) => reflection.weekStart === '2026-06-01').length, 1);
  });

  it('refuses a week in the future, before the first fortnight, or no real date, keeping what was typed', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [dateFields('held', '2026-06-11'), /The date the reflection was held must be today \(Wednesday 10 June 2026\) or earlier/],
      [dateFields('held', '2027-01-15'), /must be today \(Wednesday 10 June 2026\) or earlier/],
      [dateFields('held', '2026-03-01'), /must be on or after Monday 2 March 2026, when the site’s first fortnight started/],
      [{ 'held-day': '31', 'held-month': '2', 'held-year': '2026' }, /Date the reflection was held must be a real date/],
      [{ 'held-day': 'x', 'held-month': 'y', 'held-year': '20' }, /Year must include 4 numbers/],
      [{}, /Enter the date the reflection was held/],
      [{ week: 'next' }, /Enter the date the reflection was held/],
    ];
    const before = (await ofSite(site.id)).length;
    for (const [fields, message] of cases) {
      const res = await member.post(base(), fields).expect(422);
      assert.match(res.text, message, JSON.stringify(fields));
      assert.match(res.text, /<title>Error: Weekly reflections/);
      assert.match(res.text, /govuk-error-summary/);
      if (fields['held-day']) assert.ok(res.text.includes(`name="held-day" type="text" inputmode="numeric" value="${fields['held-day']}"`));
    }
    assert.equal((await ofSite(site.id)).length, before);
  });

  it('lists weeks newest first with their counts, and the wellbeing average only from 3 answers', async () => {
    const other = await aSite(t.database.db, { name: 'Listed site' });
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [other.id] });
    const few = await aReflection(t.database.db, other.id, '2026-05-18', '2026-05-22');
    const enough = await aReflection(t.database.db, other.id, '2026-05-25', '2026-05-29');
    await t.database.db.insert(wellbeingResponses).values([
      { reflectionId: few.id, score: 5 },
      { reflectionId: few.id, score: 1 },
    ]);
    await t.database.db.insert(wellbeingResponses).values([3, 4, 4].map((score) => ({ reflectionId: enough.id, score })));
    const res = await lead.get(`/sites/${other.id}/reflections`).expect(200);
    assert.ok(res.text.indexOf('Week of 25 May 2026') < res.text.indexOf('Week of 18 May 2026'), 'newest first');
    assert.match(res.text, /3\.7 out of 5 \(3 answered\)/);
    assert.match(res.text, /2 answered: shown from 3/);
    assert.doesNotMatch(res.text, /3 out of 5 \(2 answered\)/);
  });

  it('pages through years of weeks and answers 404 for pages that do not exist', async () => {
    const old = await aSite(t.database.db, { name: 'Long history' });
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [old.id] });
    const values = Array.from({ length: 30 }, (_, week) => {
      const monday = new Date(Date.UTC(2025, 11, 1 + week * 7)).toISOString().slice(0, 10);
      return { siteId: old.id, weekStart: monday, heldOn: monday };
    });
    await t.database.db.insert(reflections).values(values);
    const first = await lead.get(`/sites/${old.id}/reflections`).expect(200);
    assert.match(first.text, /Reflections, page 1 of 2/);
    assert.match(first.text, /Earlier weeks/);
    assert.equal((first.text.match(/>Week of /g) ?? []).length, 26);
    const second = await lead.get(`/sites/${old.id}/reflections?page=2`).expect(200);
    assert.match(second.text, /Week of 1 Dec 2025/);
    assert.match(second.text, /Later weeks/);
    for (const page of ['3', '0', 'x', '-1']) await lead.get(`/sites/${old.id}/reflections?page=${page}`).expect(404);
  });

  it('keeps people to their own sites and refuses experts by experience', async () => {
    const theirs = await aSite(t.database.db, { name: 'Not theirs' });
    await member.get(`/sites/${theirs.id}/reflections`).expect(403);
    await member.post(`/sites/${theirs.id}/reflections`, { week: 'this' }).expect(403);
    assert.equal((await ofSite(theirs.id)).length, 0);
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await expert.get(base()).expect(403);
    await expert.post(base(), { week: 'this' }).expect(403);
  });
});
