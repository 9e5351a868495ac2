import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, type Site, type User } from '../../server/db/schema.js';
import { moveStory } from '../../server/stories/queries.js';
import { aConsent, aStory, aTheme, approved } from './helpers.js';

// Wednesday 10 June 2026: fortnight 8 of the test sites.
describe('the lists of stories', () => {
  let t: TestApp;
  let site: Site;
  let other: Site;
  let notMine: Site;
  let author: User;
  let lead: Visitor;
  let practitioner: Visitor;
  let administrator: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Northgate Community Team' });
    other = await aSite(db, { name: 'Riverside Integrated Team' });
    notMine = await aSite(db, { name: 'Eastfield Locality Team' });
    author = await aUser(db, { role: 'practitioner', siteIds: [site.id, other.id], name: 'Ana Costa' });
    const reviewer = await aUser(db, { role: 'programme_lead', siteIds: [site.id, other.id] });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id, other.id] });
    practitioner = await signedIn(t.app, db, 'practitioner', { siteIds: [site.id] });
    administrator = await signedIn(t.app, db, 'administrator');
    const community = await aTheme(db, site, 'connected to community');
    const handOffs = await aTheme(db, site, 'no hand-offs');
    await aStory(db, site, author, { title: 'A draft in fortnight 7', fortnight: 7, conversations: [1], themeIds: [community.id] });
    const waiting = await aStory(db, site, author, {
      title: 'Waiting in fortnight 6',
      fortnight: 6,
      conversations: [2],
      themeIds: [handOffs.id],
    });
    await moveStory(db, waiting, ['draft'], 'submitted');
    const withdrawn = await approved(
      db,
      await aStory(db, site, author, {
        title: 'Approved then withdrawn',
        fortnight: 5,
        conversations: [1, 3],
        themeIds: [community.id, handOffs.id],
      }),
      reviewer,
    );
    await aConsent(db, withdrawn, author, { withdrawnOn: '2026-06-02', withdrawalToldBy: 'Her son' });
    const live = await approved(
      db,
      await aStory(db, site, author, { title: 'Approved and shown', fortnight: 5, conversations: [3] }),
      reviewer,
    );
    await aConsent(db, live, author);
    await aStory(db, other, author, { title: 'Riverside’s draft', fortnight: 8 });
    await aStory(db, notMine, author, { title: 'Eastfield’s draft', fortnight: 8 });
  });
  after(async () => t.close());

  const titles = (html: string) => [...html.matchAll(/\/stories\/\d+">([^<]+)<\/a>/g)].map((match) => match[1]);

  it('lists a site’s stories, newest fortnight first, titles and status only, with counts by status', async () => {
    const page = await practitioner.get(`/sites/${site.id}/stories`).expect(200);
    assert.deepEqual(titles(page.text), [
      'A draft in fortnight 7',
      'Waiting in fortnight 6',
      'Approved and shown',
      'Approved then withdrawn',
    ]);
    assert.match(page.text, /4 stories/);
    assert.match(page.text, /Draft: <strong>1<\/strong>/);
    assert.match(page.text, /Waiting for review: <strong>1<\/strong>/);
    assert.match(page.text, /Approved: <strong>2<\/strong>/);
    assert.match(page.text, /Returned with comments: <strong>0<\/strong>/);
    assert.match(page.text, /Consent withdrawn: <strong>1<\/strong>/);
    assert.match(page.text, /Consent expired: <strong>0<\/strong>/);
    assert.match(page.text, /Write a story/);
    assert.doesNotMatch(page.text, /Manage the site’s themes/, 'themes are the leads’');
    assert.doesNotMatch(page.text, /lunch club/, 'no story text in the list');
    const [listed] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'story.listed'), eq(auditLog.userId, practitioner.user!.id)));
    assert.equal(listed.details.siteId, site.id);
    assert.equal((listed.details.storyIds as number[]).length, 4, 'which stories were listed is audited');
  });

  it('filters by fortnight, theme, conversation and status', async () => {
    const base = `/sites/${site.id}/stories`;
    const community = (await practitioner.get(base)).text.match(/<option value="(\d+)">connected to community<\/option>/)![1];
    assert.deepEqual(titles((await practitioner.get(`${base}?fortnight=5`)).text), ['Approved and shown', 'Approved then withdrawn']);
    assert.deepEqual(titles((await practitioner.get(`${base}?theme=${community}`)).text), [
      'A draft in fortnight 7',
      'Approved then withdrawn',
    ]);
    assert.deepEqual(titles((await practitioner.get(`${base}?conversation=3`)).text), ['Approved and shown', 'Approved then withdrawn']);
    assert.deepEqual(titles((await practitioner.get(`${base}?status=submitted`)).text), ['Waiting in fortnight 6']);
    assert.deepEqual(titles((await practitioner.get(`${base}?status=approved&conversation=1`)).text), ['Approved then withdrawn']);
    assert.deepEqual(titles((await practitioner.get(`${base}?status=withdrawn`)).text), ['Approved then withdrawn']);
    const counts = await practitioner.get(`${base}?conversation=1`);
    assert.match(counts.text, /Draft: <strong>1<\/strong>/);
    assert.match(counts.text, /Approved: <strong>1<\/strong>/, 'counts follow the other filters');
    const nonsense = await practitioner.get(`${base}?fortnight=x&status=';drop table stories;--&theme=-1&conversation=9`).expect(200);
    assert.equal(titles(nonsense.text).length, 4, 'anything malformed is no filter');
  });

  it('answers the results alone to htmx, so filtering swaps them in place', async () => {
    const res = await practitioner
      .get(`/sites/${site.id}/stories?status=draft`, { 'HX-Request': 'true', 'HX-Request-Type': 'partial' })
      .expect(200);
    assert.match(res.text, /^<div id="story-results" tabindex="-1">/);
    assert.match(res.headers.vary, /HX-Request-Type/);
    assert.deepEqual(titles(res.text), ['A draft in fortnight 7']);
  });

  it('lists the stories across a person’s sites, filtered by site', async () => {
    const all = await lead.get('/stories').expect(200);
    assert.deepEqual(titles(all.text).sort(), [
      'A draft in fortnight 7',
      'Approved and shown',
      'Approved then withdrawn',
      'Riverside’s draft',
      'Waiting in fortnight 6',
    ]);
    assert.doesNotMatch(all.text, /Eastfield’s draft/);
    assert.match(all.text, /Choose a site to filter by its fortnights and themes/);
    const riverside = await lead.get(`/stories?site=${other.id}`).expect(200);
    assert.deepEqual(titles(riverside.text), ['Riverside’s draft']);
    assert.match(riverside.text, /name="fortnight"/, 'with a site chosen, its fortnights can be chosen');
    const notTheirs = await lead.get(`/stories?site=${notMine.id}`).expect(200);
    assert.deepEqual(titles(notTheirs.text), [], 'a site filter never widens what the person may see');
    const everything = await administrator.get('/stories').expect(200);
    assert.equal(titles(everything.text).length, 6);
  });

  it('keeps people to their own sites', async () => {
    await practitioner.get(`/sites/${other.id}/stories`).expect(403);
    await practitioner.get(`/sites/${notMine.id}/stories/new`).expect(403);
    await practitioner.post(`/sites/${notMine.id}/stories`, { title: 'Not my site', fortnight: '1' }).expect(403);
    await lead.get(`/sites/${notMine.id}/stories/themes`).expect(403);
    const own = await practitioner.get(`/sites/${site.id}/stories`).expect(200);
    const id = own.text.match(/\/stories\/(\d+)">A draft in fortnight 7/)![1];
    await practitioner.get(`/sites/${other.id}/stories/${id}`).expect(403);
    const wrongSite = await lead.get(`/sites/${other.id}/stories/${id}`).expect(404);
    assert.match(wrongSite.text, /Page not found/, 'a story is found only under its own site');
  });
});
