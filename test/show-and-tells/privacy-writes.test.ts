import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { showAndTellFeedback, showAndTellPacks, showAndTellSections, type Site } from '../../server/db/schema.js';
import { offeredStories } from '../../server/stories/offered.js';
import { aConsent, approved, aStory } from '../stories/helpers.js';
import { aPack, sectionForm } from './helpers.js';

/** What a lead might type that the co-production group must never read, one kind at a time. */
const IDENTIFYING: [string, string][] = [
  ['a full name', 'We met Mrs Gwen Price at the library.'],
  ['an NHS number', 'Her NHS number is 943 476 5919.'],
  ['a postcode', 'She lives near ZX3 9QT.'],
  ['a street address', 'We visited 14 Station Road.'],
  ['a phone number', 'Ring 07700 900123 to book.'],
  ['a worker’s name', 'Sam Okafor ran the drop-in.'],
];

// Wednesday 10 June 2026. Fortnight 7's pack is ready and shared with the group.
describe('what experts by experience see is always checked', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let expert: Visitor;
  let packId: number;
  beforeEach(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Privacy site' });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    expert = await signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] });
    await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Sam Okafor' });
    packId = (await aPack(db, site, lead.user!, 7)).pack.id;
    await db.update(showAndTellPacks).set({ status: 'ready', sharedWithGroup: true }).where(eq(showAndTellPacks.id, packId));
  });
  afterEach(async () => t.close());

  const sections = () =>
    t.database.db.select().from(showAndTellSections).where(eq(showAndTellSections.packId, packId)).orderBy(showAndTellSections.position);
  const base = () => `/sites/${site.id}/show-and-tells/7`;

  it('refuses to save a changed section of a shared pack with anything identifying, keeping the text, and experts never see it', async () => {
    const [section] = await sections();
    for (const [what, body] of IDENTIFYING) {
      const res = await lead
        .post(`${base()}/sections/${section.id}`, sectionForm({ ...section, body, version: section.version }))
        .expect(422);
      assert.match(res.text, /govuk-error-summary/, what);
      assert.match(res.text, /shared with the co-production group/, what);
      assert.ok(res.text.includes(body.replace(/’/g, '&#39;').replace(/’/g, '’')) || res.text.includes(body), `${what}: the text is kept`);
    }
    assert.equal((await sections())[0].body, section.body, 'nothing was saved');
    const seen = await expert.get(`/co-production/show-and-tells/${packId}`).expect(200);
    for (const [, body] of IDENTIFYING) assert.ok(!seen.text.includes(body), body);
    // A clean change saves as before.
    await lead
      .post(
        `${base()}/sections/${section.id}`,
        sectionForm({ ...section, body: 'We met people at the library drop-in.', version: section.version }),
      )
      .expect(303);
  });

  it('refuses to add a section to a shared pack with anything identifying', async () => {
    const before = (await sections()).length;
    for (const [what, body] of IDENTIFYING) {
      const res = await lead.post(`${base()}/sections`, sectionForm({ title: 'Extra', body })).expect(422);
      assert.match(res.text, /shared with the co-production group/, what);
    }
    assert.equal((await sections()).length, before);
    // An unshared pack is a draft for the team: it may hold anything until it is shared (and then it is checked).
    await t.database.db.update(showAndTellPacks).set({ sharedWithGroup: false }).where(eq(showAndTellPacks.id, packId));
    await lead.post(`${base()}/sections`, sectionForm({ title: 'Extra', body: 'Her NHS number is 943 476 5919.' })).expect(303);
  });

  it('refuses a feedback answer that names anyone or identifies a person, keeping the text', async () => {
    await expert
      .post(`/co-production/show-and-tells/${packId}/feedback`, { section: 'whole', liked: 'The drop-in', worried: '', tryNext: '' })
      .expect(303);
    const [feedback] = await t.database.db.select().from(showAndTellFeedback).where(eq(showAndTellFeedback.packId, packId));
    const path = `${base()}/feedback/${feedback.id}`;
    for (const answerText of ['Dave from the team rang them', 'Her daughter Susan told us', ...IDENTIFYING.map(([, body]) => body)]) {
      const res = await lead.post(path, { answer: 'did', answerText, version: String(feedback.version) }).expect(422);
      assert.match(res.text, /must not name anyone/, answerText);
      assert.ok(res.text.includes(answerText), `${answerText}: kept`);
    }
    assert.equal((await t.database.db.select().from(showAndTellFeedback).where(eq(showAndTellFeedback.id, feedback.id)))[0].answer, null);
    await lead
      .post(path, { answer: 'did', answerText: 'The team now runs the drop-in every week', version: String(feedback.version) })
      .expect(303);
    const page = await expert.get('/co-production/you-said-we-did').expect(200);
    assert.match(page.text, /The team now runs the drop-in every week/);
  });

  it('reads the words of every story a pack offers before it is shared, and never offers a story with contact details', async () => {
    const db = t.database.db;
    const writer = await aUser(db, { role: 'practitioner', siteIds: [site.id] });
    // A story approved before contact details were refused in stories (its phone number "explained" then).
    const withPhone = await aStory(db, site, writer, { whatWeDid: 'We rang her on 07700 900123 the same day.' });
    await aConsent(db, withPhone, lead.user!);
    await approved(db, withPhone, lead.user!);
    // And a clean-looking one that names a worker.
    const withWorker = await aStory(db, site, writer, {
      title: 'A walk to the shops',
      whatWeDid: 'Sam Okafor walked to the shops with her.',
    });
    await aConsent(db, withWorker, lead.user!);
    await approved(db, withWorker, lead.user!);
    const offered = await offeredStories(db, site.id, { audience: 'show-and-tell', on: '2026-06-10' });
    assert.deepEqual(
      offered.map((story) => story.id),
      [withWorker.id],
      'the story with a phone number is never offered',
    );
    const experts = await expert.get(`/co-production/stories/${withPhone.id}`);
    assert.notEqual(experts.status, 200);

    // Put the worker's story in a section while the pack is not shared, then try to share it.
    await db.update(showAndTellPacks).set({ sharedWithGroup: false }).where(eq(showAndTellPacks.id, packId));
    const learned = (await sections()).find((section) => section.kind === 'what-we-learned')!;
    await lead
      .post(`${base()}/sections/${learned.id}`, sectionForm({ ...learned, storyIds: [withWorker.id], version: learned.version }))
      .expect(303);
    const [pack] = await db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId));
    const share = await lead.post(`${base()}/sharing`, { share: 'yes', version: String(pack.version) }).expect(422);
    assert.match(share.text, /“Sam Okafor” in “[^”]+: the story “A walk to the shops”/);
    assert.equal((await db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId)))[0].sharedWithGroup, false);
  });
});
