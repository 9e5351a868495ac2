import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import type { Story } from '../../server/db/schema.js';
import { aConsent, aStory } from './helpers.js';

type Who = 'administrator' | 'lead' | 'author' | 'colleague' | 'expert' | 'otherSiteLead';

/**
 * Every story page, opened by each kind of person, on a story written by a practitioner: who is
 * let in, who is refused (403), and the one answer a person of another site gets.
 */
describe('who may open each story page', () => {
  let t: TestApp;
  let story: Story;
  const people = {} as Record<Who, Visitor>;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    const site = await aSite(db);
    const other = await aSite(db);
    people.administrator = await signedIn(t.app, db, 'administrator');
    people.lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    people.author = await signedIn(t.app, db, 'practitioner', { siteIds: [site.id] });
    people.colleague = await signedIn(t.app, db, 'practitioner', { siteIds: [site.id] });
    people.expert = await signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] });
    people.otherSiteLead = await signedIn(t.app, db, 'programme_lead', { siteIds: [other.id] });
    story = await aStory(db, site, people.author.user!);
    await aConsent(db, story, people.author.user!);
  });
  after(async () => t.close());

  const ok = 200;
  const no = 403;
  // administrator, lead, author, colleague, expert, lead of another site
  const table: [string, number[]][] = [
    ['', [ok, ok, ok, ok, no, no]],
    ['/new', [no, ok, ok, ok, no, no]],
    ['/themes', [no, ok, no, no, no, no]],
    ['/:id', [ok, ok, ok, ok, no, no]],
    ['/:id/edit', [no, ok, ok, no, no, no]],
    ['/:id/print', [ok, ok, ok, ok, no, no]],
    ['/:id/versions', [ok, ok, ok, ok, no, no]],
    ['/:id/versions/1', [ok, ok, ok, ok, no, no]],
    ['/:id/review', [no, ok, no, no, no, no]],
    ['/:id/consent', [no, ok, ok, no, no, no]],
    ['/:id/withdraw', [no, ok, ok, ok, no, no]],
  ];
  const order: Who[] = ['administrator', 'lead', 'author', 'colleague', 'expert', 'otherSiteLead'];

  for (const [path, expected] of table) {
    it(`GET stories${path}`, async () => {
      const url = `/sites/${story.siteId}/stories${path.replace(':id', String(story.id))}`;
      const answers = await Promise.all(order.map(async (who) => (await people[who].get(url)).status));
      assert.deepEqual(answers, expected, `${url}: ${order.join(', ')}`);
    });
  }

  it('lets only experts by experience into their pages', async () => {
    for (const who of order) {
      const expected = who === 'expert' ? 200 : 403;
      assert.equal((await people[who].get('/co-production/stories')).status, expected, who);
    }
  });

  it('refuses every change to those the pages refuse', async () => {
    const base = `/sites/${story.siteId}/stories/${story.id}`;
    for (const who of ['administrator', 'colleague', 'expert', 'otherSiteLead'] as const) {
      assert.equal((await people[who].post(base, { title: 'x', fortnight: '1', version: '1' })).status, 403, `${who} saving`);
      assert.equal((await people[who].post(`${base}/submit`, { version: '1' })).status, 403, `${who} submitting`);
      assert.equal(
        (await people[who].post(`${base}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' })).status,
        403,
        `${who} reviewing`,
      );
    }
  });
});
