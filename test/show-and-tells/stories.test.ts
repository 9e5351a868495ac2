import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite, formBody } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { showAndTellPacks, showAndTellSections, storyConsents, type Site, type Story, type User } from '../../server/db/schema.js';
import type { PackSnapshot } from '../../server/show-and-tells/shown.js';
import { aConsent, aStory, approved } from '../stories/helpers.js';
import { sectionForm } from './helpers.js';

/**
 * Stories in a pack are checked against consent and scope on the day the pack is shown: when
 * chosen, whenever the pack is opened, when it is presented, and after, when a story withdrawn or
 * expired since is hidden from the frozen pack. Fortnight 8 runs 8 to 21 June 2026; its
 * show-and-tell is on Friday 19 June.
 */
describe('stories of difference in a show-and-tell, checked on the day of showing', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let expert: Visitor;
  let author: User;
  const stories: Record<'lasting' | 'teamOnly' | 'internal' | 'draft' | 'endsSoon' | 'laterWithdrawn', Story> = {} as never;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Storytelling Team' });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    expert = await signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] });
    author = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Ana Costa' });
    const reviewer = await aUser(db, { role: 'programme_lead', siteIds: [site.id] });
    const story = async (title: string, consent: Parameters<typeof aConsent>[3] | null, approve = true) => {
      let made = await aStory(db, site, author, { title, fortnight: 8, personRef: 'HX-0417' });
      if (approve) made = await approved(db, made, reviewer);
      if (consent) await aConsent(db, made, author, consent);
      return made;
    };
    stories.lasting = await story('Back to the allotment', { scope: ['show_and_tells'] });
    stories.teamOnly = await story('Team only', { scope: [] });
    stories.internal = await story('Internal reports only', { scope: ['internal_reports'] });
    stories.draft = await story('Still a draft', { scope: ['show_and_tells'] }, false);
    stories.endsSoon = await story('Consent ends on the 15th', { scope: ['show_and_tells', 'public'], expiresOn: '2026-06-15' });
    stories.laterWithdrawn = await story('Withdrawn after the show-and-tell', { scope: ['show_and_tells'] });
    await lead.post(`/sites/${site.id}/show-and-tells/8`).expect(303);
  });
  after(async () => t.close());

  const path = () => `/sites/${site.id}/show-and-tells/8`;
  const learned = async () => {
    const [pack] = await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.siteId, site.id));
    const sections = await t.database.db.select().from(showAndTellSections).where(eq(showAndTellSections.packId, pack.id));
    return { pack, section: sections.find((section) => section.kind === 'what-we-learned')! };
  };
  /** The same app and database on another day, as the pack is opened then. */
  const on = (day: string) =>
    createApp({
      db: t.database.db,
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url }),
      clock: () => new Date(`${day}T08:00:00Z`),
    });
  const get = (day: string, url: string, who: Visitor = lead) => request(on(day)).get(url).set('Cookie', who.cookie);
  const post = (day: string, url: string, fields: Record<string, string | string[]>, who: Visitor = lead) =>
    request(on(day))
      .post(url)
      .set('Cookie', who.cookie)
      .type('form')
      .send(formBody({ _csrf: who.csrfToken, ...fields }));

  it('starts the pack with the fortnight’s offered stories, and lists only stories offered today to choose from', async () => {
    const { section } = await learned();
    assert.deepEqual(
      [...section.storyIds].sort(),
      [stories.endsSoon.id, stories.laterWithdrawn.id].sort(),
      'the two newest of the fortnight that may be shown',
    );
    const form = await lead.get(`${path()}/sections/${section.id}/edit`).expect(200);
    for (const offered of [stories.lasting, stories.endsSoon, stories.laterWithdrawn])
      assert.match(form.text, new RegExp(`value="${offered.id}"`));
    for (const not of [stories.teamOnly, stories.internal, stories.draft])
      assert.doesNotMatch(form.text, new RegExp(`name="storyIds"[^>]*value="${not.id}"`));
    for (const refused of [stories.teamOnly, stories.internal, stories.draft]) {
      const res = await lead.post(`${path()}/sections/${section.id}`, sectionForm({ ...section, storyIds: [refused.id] })).expect(422);
      assert.match(res.text, /Select only stories that may be shown at a show-and-tell today/);
    }
    await lead
      .post(
        `${path()}/sections/${section.id}`,
        sectionForm({ ...section, storyIds: [stories.lasting.id, stories.endsSoon.id, stories.laterWithdrawn.id] }),
      )
      .expect(303);
  });

  it('shows the approved text told by the team, never the person reference or the author, and warns when consent ends before the show-and-tell', async () => {
    const page = await lead.get(path()).expect(200);
    assert.match(page.text, /A story of difference: Back to the allotment/);
    assert.match(page.text, /She wanted to get back to the lunch club/);
    assert.match(page.text, /Told by Storytelling Team/);
    assert.doesNotMatch(page.text, /HX-0417|Ana Costa/);
    assert.match(page.text, /A story you chose may be shown today but not on Friday 19 June 2026: consent ends before the show-and-tell/);
  });

  it('checks again whenever the pack is opened: an expired story is left out, and the pack says so', async () => {
    const page = await get('2026-06-16', path()).expect(200);
    assert.doesNotMatch(page.text, /Consent ends on the 15th/);
    assert.match(
      page.text,
      /A story you chose may not be shown today: consent was withdrawn or has ended, or no longer covers show-and-tells/,
    );
    const present = await get('2026-06-16', `${path()}/present`).expect(200);
    assert.doesNotMatch(present.text, /Consent ends on the 15th/);
    assert.match(present.text, /A story chosen for this part is not shown/);
    const handout = await get('2026-06-16', `${path()}/handout`).expect(200);
    assert.doesNotMatch(handout.text, /Consent ends on the 15th/);
  });

  it('keeps only the stories offered on the day it is presented, and hides one withdrawn since, saying so, everywhere it is shown', async () => {
    const { pack } = await learned();
    await post('2026-06-19', `${path()}/status`, { to: 'ready', version: String(pack.version) }).expect(303);
    await post('2026-06-19', `${path()}/status`, { to: 'presented', version: String(pack.version + 1) }).expect(303);
    await post('2026-06-19', `${path()}/sharing`, { share: 'yes', version: String(pack.version + 2) }).expect(303);
    const frozen = (await learned()).pack;
    const kept = (frozen.snapshot as PackSnapshot).sections.find((section) => section.kind === 'what-we-learned')!.stories;
    assert.deepEqual(
      kept.map((story) => story.title),
      ['Back to the allotment', 'Withdrawn after the show-and-tell'],
      'the expired story was not shown',
    );

    await t.database.db
      .update(storyConsents)
      .set({ withdrawnOn: '2026-06-20', withdrawalToldBy: 'Her daughter, by phone' })
      .where(eq(storyConsents.storyId, stories.laterWithdrawn.id));
    const shownOnTheDay = await get('2026-06-19', path()).expect(200);
    assert.match(shownOnTheDay.text, /Withdrawn after the show-and-tell/, 'as it was on the day');
    for (const [url, who] of [
      [path(), lead],
      [`${path()}/present`, lead],
      [`${path()}/handout`, lead],
      [`/co-production/show-and-tells/${frozen.id}`, expert],
    ] as const) {
      const later = await get('2026-06-22', url, who).expect(200);
      assert.doesNotMatch(later.text, /Withdrawn after the show-and-tell/, url);
      assert.match(later.text, /Back to the allotment/, url);
      assert.match(
        later.text,
        /One story (shown then )?is (hidden now|not in this handout|no longer shown here)|A story chosen for this part is not shown/,
        url,
      );
    }
  });
});
