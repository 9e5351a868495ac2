import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, storyThemes, type Site } from '../../server/db/schema.js';
import { aStory } from './helpers.js';

describe('a site’s story themes', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let practitioner: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db);
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/stories/themes`;
  const theme = async (name: string) => (await t.database.db.select().from(storyThemes).where(eq(storyThemes.name, name)))[0];

  it('lets leads add themes, refusing an empty name and one the site already has in any case', async () => {
    await practitioner.get(base()).expect(403);
    await practitioner.post(base(), { name: 'no hand-offs' }).expect(403);
    await lead.post(base(), { name: 'no hand-offs' }).expect(303);
    await lead.post(base(), { name: 'connected to community' }).expect(303);
    const empty = await lead.post(base(), { name: '  ' }).expect(422);
    assert.match(empty.text, /Enter the theme/);
    const again = await lead.post(base(), { name: 'No Hand-Offs' }).expect(422);
    assert.match(again.text, /The site already has a theme called “No Hand-Offs”/);
    const page = await lead.get(base()).expect(200);
    assert.match(page.text, /Rename “connected to community”/);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'story-theme.added'));
    assert.equal(audits.length, 2);
  });

  it('renames a theme, which every story with it then shows, and refuses a stale rename', async () => {
    const handOffs = await theme('no hand-offs');
    const story = await aStory(t.database.db, site, practitioner.user!, { themeIds: [handOffs.id] });
    await lead
      .post(`${base()}/${handOffs.id}`, { action: 'rename', name: 'one worker, no hand-offs', version: String(handOffs.version) })
      .expect(303);
    assert.match((await practitioner.get(`/sites/${site.id}/stories/${story.id}`)).text, /one worker, no hand-offs/);
    const stale = await lead
      .post(`${base()}/${handOffs.id}`, { action: 'rename', name: 'something else', version: String(handOffs.version) })
      .expect(409);
    assert.match(stale.text, /Someone changed “one worker, no hand-offs” while you were: it is shown as it is now/);
    const taken = await lead
      .post(`${base()}/${handOffs.id}`, { action: 'rename', name: 'Connected to community', version: String(handOffs.version + 1) })
      .expect(422);
    assert.match(taken.text, /already has a theme called “Connected to community”/);
  });

  it('retires a theme: no longer offered to new stories, kept on those that have it, and restores it', async () => {
    const community = await theme('connected to community');
    const story = await aStory(t.database.db, site, practitioner.user!, { themeIds: [community.id] });
    await lead
      .post(`${base()}/${community.id}`, { action: 'retire', name: community.name, version: String(community.version) })
      .expect(303);
    const form = await practitioner.get(`/sites/${site.id}/stories/new`).expect(200);
    assert.doesNotMatch(form.text, />connected to community</);
    const refused = await practitioner
      .post(`/sites/${site.id}/stories`, { title: 'x', fortnight: '1', themeIds: String(community.id) })
      .expect(422);
    assert.match(refused.text, /Select themes from the site’s list/);
    const edit = await practitioner.get(`/sites/${site.id}/stories/${story.id}/edit`).expect(200);
    assert.match(edit.text, /connected to community \(no longer in use\)/);
    await practitioner
      .post(`/sites/${site.id}/stories/${story.id}`, { title: 'Kept', fortnight: '1', themeIds: String(community.id), version: '1' })
      .expect(303);
    await lead
      .post(`${base()}/${community.id}`, { action: 'restore', name: community.name, version: String(community.version + 1) })
      .expect(303);
    assert.match((await practitioner.get(`/sites/${site.id}/stories/new`)).text, />connected to community</);
    await lead.post(`${base()}/99999`, { action: 'retire', version: '1' }).expect(404);
  });
});
