import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, type ConsentScope, type Site, type Story, type User } from '../../server/db/schema.js';
import { offeredStories } from '../../server/stories/offered.js';
import { moveStory, saveStory } from '../../server/stories/queries.js';
import { aConsent, aStory, aTheme, approved, storyFields } from './helpers.js';

// Wednesday 10 June 2026.
describe('the stories offered to show-and-tells and experts by experience', () => {
  let t: TestApp;
  let site: Site;
  let elsewhere: Site;
  let author: User;
  let lead: User;
  let expert: Visitor;
  const made: Record<string, Story> = {};
  const on = '2026-06-10';

  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Northgate Community Team' });
    elsewhere = await aSite(db, { name: 'Riverside Integrated Team' });
    author = await aUser(db, { role: 'practitioner', siteIds: [site.id, elsewhere.id], name: 'Ana Costa' });
    lead = await aUser(db, { role: 'programme_lead', siteIds: [site.id, elsewhere.id] });
    expert = await signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] });
    const theme = await aTheme(db, site, 'connected to community');
    const story = async (
      name: string,
      options: {
        fortnight?: number;
        scope?: ConsentScope[];
        approve?: boolean;
        consent?: Parameters<typeof aConsent>[3] | null;
        at?: Site;
      } = {},
    ) => {
      let created = await aStory(db, options.at ?? site, author, {
        title: `Story ${name}`,
        fortnight: options.fortnight ?? 2,
        themeIds: [theme.id],
        personRef: 'HX-0417',
      });
      if (options.approve !== false) created = await approved(db, created, lead);
      if (options.consent !== null) await aConsent(db, created, author, { scope: options.scope ?? ['show_and_tells'], ...options.consent });
      made[name] = created;
    };
    await story('offered', { fortnight: 3 });
    await story('public', { fortnight: 5, scope: ['show_and_tells', 'internal_reports', 'public'] });
    await story('team only', { scope: [] });
    await story('internal reports', { scope: ['internal_reports'] });
    await story('draft', { approve: false });
    await story('no consent', { consent: null });
    await story('withdrawn', { consent: { withdrawnOn: '2026-06-10', withdrawalToldBy: 'The person' } });
    await story('withdrawn later', { consent: { withdrawnOn: '2026-06-20', withdrawalToldBy: 'The person' } });
    await story('expired', { consent: { consentDate: '2024-06-01', expiresOn: '2026-06-09' } });
    await story('elsewhere', { at: elsewhere });
    await story('changed since approval');
    await saveStory(
      db,
      made['changed since approval'],
      storyFields({ title: 'Story changed since approval', whatMattered: 'A newer text' }),
      [],
      author.id,
    );
    await story('returned', { approve: false });
    const submitted = (await moveStory(db, made.returned, ['draft'], 'submitted'))!;
    await moveStory(db, submitted, ['submitted'], 'returned');
  });
  after(async () => t.close());

  it('offers only approved stories with live consent whose scope covers show-and-tells, newest fortnight first, to both audiences', async () => {
    for (const audience of ['show-and-tell', 'expert-by-experience'] as const) {
      const offered = await offeredStories(t.database.db, site.id, { audience, on });
      assert.deepEqual(
        offered.map((story) => story.title),
        ['Story public', 'Story offered', 'Story withdrawn later'],
      );
    }
    const later = await offeredStories(t.database.db, site.id, { audience: 'show-and-tell', on: '2026-06-20' });
    assert.deepEqual(
      later.map((story) => story.title),
      ['Story public', 'Story offered'],
      'withdrawn from its withdrawal date',
    );
    const earlier = await offeredStories(t.database.db, site.id, { audience: 'show-and-tell', on: '2026-06-09' });
    assert.ok(
      earlier.some((story) => story.title === 'Story expired') && earlier.some((story) => story.title === 'Story withdrawn'),
      'live until the day before',
    );
    assert.deepEqual(
      (await offeredStories(t.database.db, elsewhere.id, { audience: 'show-and-tell', on })).map((story) => story.title),
      ['Story elsewhere'],
    );
  });

  it('gives the approved version’s text, told by the team, with no person reference or author', async () => {
    const [story] = await offeredStories(t.database.db, site.id, { audience: 'expert-by-experience', on, ids: [made.offered.id] });
    assert.deepEqual(Object.keys(story).sort(), [
      'conversations',
      'differenceItMade',
      'fortnight',
      'id',
      'oldWay',
      'siteId',
      'themes',
      'title',
      'toldBy',
      'version',
      'whatMattered',
      'whatWeDid',
    ]);
    assert.equal(story.toldBy, 'Northgate Community Team');
    assert.deepEqual(story.conversations, [1]);
    assert.deepEqual(story.themes, ['connected to community']);
    assert.equal(story.version, 1);
    assert.doesNotMatch(JSON.stringify(story), /HX-0417|Ana Costa/);
  });

  it('answers which of a pack’s stories are still allowed', async () => {
    const ids = [made.offered.id, made.withdrawn.id, made['team only'].id, made.elsewhere.id];
    assert.deepEqual(
      (await offeredStories(t.database.db, site.id, { audience: 'show-and-tell', on, ids })).map((story) => story.id),
      [made.offered.id],
    );
    assert.deepEqual(await offeredStories(t.database.db, site.id, { audience: 'show-and-tell', on, ids: [] }), []);
  });

  it('lets an expert by experience read the offered stories of their sites in plain English, audited', async () => {
    const list = await expert.get('/co-production/stories').expect(200);
    assert.match(list.text, /Told by Northgate Community Team/);
    assert.match(list.text, /Story public/);
    assert.doesNotMatch(list.text, /Story team only|Story elsewhere|Story withdrawn<|Story expired|Story draft|HX-0417|Ana Costa/);
    const [listed] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'story.listed'), eq(auditLog.userId, expert.user!.id)));
    assert.ok((listed.details.storyIds as number[]).includes(made.offered.id), 'the stories an expert saw listed are audited');
    const page = await expert.get(`/co-production/stories/${made.offered.id}`).expect(200);
    assert.match(page.text, /Told by Northgate Community Team, fortnight 3/);
    assert.match(page.text, /What would have happened before/);
    assert.match(page.text, /Listening and connecting the person with people and places near them/);
    assert.doesNotMatch(page.text, /HX-0417|Ana Costa|Conversation 1: listen and connect/);
    const [read] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'story.read'), eq(auditLog.recordId, String(made.offered.id)), eq(auditLog.userId, expert.user!.id)));
    assert.equal(read.details.audience, 'expert-by-experience');
  });

  it('answers 404 to a story outside scope, consent or the expert’s sites opened by its address, and audits the attempt', async () => {
    for (const name of [
      'team only',
      'internal reports',
      'draft',
      'no consent',
      'withdrawn',
      'expired',
      'elsewhere',
      'changed since approval',
      'returned',
    ]) {
      await expert.get(`/co-production/stories/${made[name].id}`).expect(404);
    }
    await expert.get('/co-production/stories/99999').expect(404);
    await expert.get('/co-production/stories/abc').expect(404);
    const refused = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'story.refused'), eq(auditLog.userId, expert.user!.id)));
    assert.equal(refused.length, 11);
    assert.deepEqual(refused.find((entry) => entry.recordId === String(made.elsewhere.id))?.details, {
      reason: 'another site',
      audience: 'expert-by-experience',
    });
  });

  it('keeps experts by experience out of every staff story page, and staff out of theirs', async () => {
    for (const path of [
      '/stories',
      `/sites/${site.id}/stories`,
      `/sites/${site.id}/stories/new`,
      `/sites/${site.id}/stories/${made.offered.id}`,
      `/sites/${site.id}/stories/${made.offered.id}/print`,
      `/sites/${site.id}/stories/${made.offered.id}/versions`,
    ]) {
      await expert.get(path).expect(403);
    }
    const practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    await practitioner.get('/co-production/stories').expect(403);
    await practitioner.get(`/co-production/stories/${made.offered.id}`).expect(403);
  });
});
