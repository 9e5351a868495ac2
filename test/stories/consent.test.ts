import assert from 'node:assert/strict';
import { and, asc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, stories, storyConsents, type Site, type Story } from '../../server/db/schema.js';
import { moveStory } from '../../server/stories/queries.js';
import { aConsent, aStory, approved, CLEAN_STORY, consentForm } from './helpers.js';

// Wednesday 10 June 2026.
describe('consent for a story', () => {
  let t: TestApp;
  let site: Site;
  let author: Visitor;
  let colleague: Visitor;
  let lead: Visitor;
  let administrator: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db);
    author = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    colleague = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    administrator = await signedIn(t.app, t.database.db, 'administrator');
  });
  after(async () => t.close());

  const url = (story: Story, rest = '') => `/sites/${site.id}/stories/${story.id}${rest}`;
  const consents = async (story: Story) =>
    t.database.db.select().from(storyConsents).where(eq(storyConsents.storyId, story.id)).orderBy(asc(storyConsents.id));
  const submitted = async (story: Story) => (await moveStory(t.database.db, story, ['draft'], 'submitted'))!;

  it('records who agreed, when, where the story may be used, until when, and whether they saw the final text', async () => {
    const story = await aStory(t.database.db, site, author.user!);
    const form = await author.get(url(story, '/consent')).expect(200);
    assert.match(form.text, /<div class="govuk-checkboxes__divider">or<\/div>/);
    assert.match(form.text, /value="team_only" data-behaviour="exclusive"/);
    await author.post(url(story, '/consent'), consentForm({ scope: ['public'] })).expect(303);
    const [saved] = await consents(story);
    assert.deepEqual([saved.givenBy, saved.consentDate, saved.expiresOn, saved.sawFinalText], ['person', '2026-06-01', '2028-06-01', true]);
    assert.deepEqual(saved.scope, ['show_and_tells', 'internal_reports', 'public'], 'public implies the others');
    const page = await author.get(url(story)).expect(200);
    assert.match(page.text, /Public, and so show-and-tells and internal reports/);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'story.consent-recorded'), eq(auditLog.recordId, String(story.id))));
    assert.equal(audit.userId, author.user!.id);
  });

  it('refuses a future consent date, an expiry before it, a best-interests decision without who made it, and team only with anything else', async () => {
    const story = await aStory(t.database.db, site, author.user!);
    const future = await author.post(url(story, '/consent'), consentForm({ 'consentDate-day': '11' })).expect(422);
    assert.match(future.text, /Date consent was given must be today or in the past/);
    assert.match(future.text, /<title>Error: Record consent/);
    const early = await author
      .post(url(story, '/consent'), consentForm({ 'expiresOn-day': '31', 'expiresOn-month': '5', 'expiresOn-year': '2026' }))
      .expect(422);
    assert.match(early.text, /Date consent ends must be the same as or after the date consent was given \(Monday 1 June 2026\)/);
    assert.match(early.text, /name="expiresOn-day" type="text" inputmode="numeric" value="31"/, 'what was typed is kept');
    const bestInterests = await author.post(url(story, '/consent'), consentForm({ givenBy: 'best_interests' })).expect(422);
    assert.match(bestInterests.text, /Enter who made the best-interests decision/);
    const both = await author.post(url(story, '/consent'), consentForm({ scope: ['team_only', 'show_and_tells'] })).expect(422);
    assert.match(both.text, /Select team only, or the places the story may be used, not both/);
    assert.equal((await consents(story)).length, 0);
    await author
      .post(
        url(story, '/consent'),
        consentForm({ givenBy: 'best_interests', decidedBy: 'Her social worker with her GP', scope: ['team_only'] }),
      )
      .expect(303);
    const [saved] = await consents(story);
    assert.deepEqual([saved.givenBy, saved.decidedBy, saved.scope], ['best_interests', 'Her social worker with her GP', []]);
  });

  it('lets the author and leads record consent, any of the team record a withdrawal, and nobody else', async () => {
    const story = await aStory(t.database.db, site, author.user!);
    await colleague.get(url(story, '/consent')).expect(403);
    await colleague.post(url(story, '/consent'), consentForm()).expect(403);
    await administrator.post(url(story, '/consent'), consentForm()).expect(403);
    await lead.post(url(story, '/consent'), consentForm()).expect(303);
    await colleague.get(url(story, '/withdraw')).expect(200);
    await administrator
      .post(url(story, '/withdraw'), { 'withdrawnOn-day': '10', 'withdrawnOn-month': '6', 'withdrawnOn-year': '2026', toldBy: 'x' })
      .expect(403);
    const future = await colleague
      .post(url(story, '/withdraw'), { 'withdrawnOn-day': '11', 'withdrawnOn-month': '6', 'withdrawnOn-year': '2026', toldBy: 'Her son' })
      .expect(422);
    assert.match(future.text, /Date consent was withdrawn must be today or in the past/);
    // "No names": a relationship or role, never who they are.
    for (const toldBy of ['Her daughter Susan', 'Dave from the team', 'Her son, on 07700 900123']) {
      const named = await colleague
        .post(url(story, '/withdraw'), { 'withdrawnOn-day': '10', 'withdrawnOn-month': '6', 'withdrawnOn-year': '2026', toldBy })
        .expect(422);
      assert.match(named.text, /Say who told the team by their relationship or role, not their name or details/, toldBy);
      assert.ok(named.text.includes(`value="${toldBy}"`), `${toldBy}: kept`);
    }
    assert.equal((await consents(story))[0].withdrawnOn, null);
    await colleague
      .post(url(story, '/withdraw'), {
        'withdrawnOn-day': '10',
        'withdrawnOn-month': '6',
        'withdrawnOn-year': '2026',
        toldBy: 'Her son, by phone',
      })
      .expect(303);
    const [withdrawn] = await consents(story);
    assert.deepEqual(
      [withdrawn.withdrawnOn, withdrawn.withdrawalToldBy, withdrawn.withdrawalRecordedBy],
      ['2026-06-10', 'Her son, by phone', colleague.user!.id],
    );
    await colleague.get(url(story, '/withdraw')).expect(404);
  });

  for (const state of ['withdrawn', 'expired'] as const) {
    it(`hides a story whose consent is ${state} from everyone but its author and the site’s leads, and refuses to approve it`, async () => {
      const story = await submitted(await aStory(t.database.db, site, author.user!, { title: `A story now ${state}` }));
      await aConsent(
        t.database.db,
        story,
        author.user!,
        state === 'withdrawn'
          ? { withdrawnOn: '2026-06-05', withdrawalToldBy: 'The person' }
          : { consentDate: '2024-01-10', expiresOn: '2026-06-09' },
      );
      for (const reader of [colleague, administrator]) {
        for (const path of [url(story), url(story, '/print'), url(story, '/versions'), url(story, '/versions/1')]) {
          const page = await reader.get(path).expect(200);
          assert.match(page.text, new RegExp(`A story now ${state}`), 'the title still shows');
          assert.match(page.text, /Its text is hidden: only its author and the site’s programme leads can read it/);
          assert.doesNotMatch(page.text, new RegExp(CLEAN_STORY.whatMattered), `${path} hides the text`);
        }
      }
      for (const reader of [author, lead]) {
        const page = await reader.get(url(story)).expect(200);
        assert.match(page.text, new RegExp(CLEAN_STORY.whatMattered));
        assert.match(page.text, /The story must not be used in anything new/);
      }
      const refused = await lead.post(url(story, '/review'), { version: '1', decision: 'approve', motivatedIntruder: 'yes' }).expect(422);
      assert.match(
        refused.text,
        state === 'withdrawn'
          ? /You cannot approve this story: consent was withdrawn on Friday 5 June 2026/
          : /You cannot approve this story: consent expired after Tuesday 9 June 2026. Record renewed consent first/,
      );
      assert.equal((await t.database.db.select().from(stories).where(eq(stories.id, story.id)))[0].status, 'submitted');
      const list = await colleague.get(`/sites/${site.id}/stories?status=${state}`).expect(200);
      assert.match(list.text, new RegExp(`A story now ${state}`));
      assert.match(list.text, new RegExp(`Consent ${state}</strong>`));
    });
  }

  it('lets renewed consent, a new record with the history kept, make an expired story usable again', async () => {
    const story = await approved(t.database.db, await aStory(t.database.db, site, author.user!), lead.user!);
    await aConsent(t.database.db, story, author.user!, { consentDate: '2024-01-10', expiresOn: '2026-06-09' });
    assert.match((await colleague.get(url(story))).text, /Its text is hidden/);
    await author.post(url(story, '/consent'), consentForm({ 'consentDate-day': '10' })).expect(303);
    const records = await consents(story);
    assert.equal(records.length, 2);
    assert.equal(records[1].expiresOn, '2028-06-10');
    const page = await colleague.get(url(story)).expect(200);
    assert.match(page.text, new RegExp(CLEAN_STORY.whatMattered));
    assert.match(page.text, /Every consent record, oldest first/);
  });
});
