import assert from 'node:assert/strict';
import { and, asc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, stories, storyReviews, storyVersions, type Site } from '../../server/db/schema.js';
import { CLEAN_STORY, consentForm, storyForm } from './helpers.js';
import { DEMO_DRAFTS_WITH_IDENTIFIERS } from '../../server/demo/story-texts.js';

// Wednesday 10 June 2026: the test site's fortnight 8.
describe('a story from draft to approval', () => {
  let t: TestApp;
  let site: Site;
  let writer: Visitor;
  let lead: Visitor;
  let otherLead: Visitor;
  let colleague: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Northgate Community Team' });
    writer = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    colleague = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    otherLead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/stories`;
  const story = async (id: number) => (await t.database.db.select().from(stories).where(eq(stories.id, id)))[0];
  const versions = async (id: number) =>
    t.database.db.select().from(storyVersions).where(eq(storyVersions.storyId, id)).orderBy(asc(storyVersions.version));
  const audits = async (id: number, action: string) =>
    t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.recordId, String(id))))
      .orderBy(asc(auditLog.id));
  const save = (as: Visitor, id: number, version: number, fields: Record<string, string | string[]>) =>
    as.post(`${base()}/${id}`, { ...storyForm(), version: String(version), ...fields });
  const idOf = (location: string) => Number(location.split('/').pop());

  it('saves an incomplete draft, and says what review still needs', async () => {
    const form = await writer.get(`${base()}/new`).expect(200);
    assert.match(form.text, /Write a story of difference/);
    assert.match(form.text, /data-maxlength="5000"/g);
    assert.match(form.text, /<option value="8" selected>Fortnight 8 \(8 Jun 2026 to 21 Jun 2026\)<\/option>/);
    const res = await writer.post(base(), { title: 'Just a title', fortnight: '8' }).expect(303);
    const id = idOf(res.headers.location);
    const saved = await story(id);
    assert.equal(saved.status, 'draft');
    assert.equal(saved.version, 1);
    assert.equal((await versions(id)).length, 1);
    assert.equal((await audits(id, 'story.created')).length, 1);
    const refused = await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(422);
    for (const missing of [
      'Say which conversations were involved',
      'Say what mattered to the person',
      'Say what the team did',
      'Say what difference it made',
      'Say what the old way would have done',
    ]) {
      assert.match(refused.text, new RegExp(`${missing} before you send the story for review`));
    }
    assert.match(refused.text, /<title>Error: Just a title/);
    assert.equal((await story(id)).status, 'draft');
  });

  it('runs the identifier check on save and before review: findings marked, then explained, then sent', async () => {
    const res = await writer.post(base(), storyForm({ whatWeDid: 'We went with Gwen to the lunch club the same day.' })).expect(303);
    const id = idOf(res.headers.location);
    assert.match(String(res.headers['set-cookie']), /flash=story-saved-with-findings/);
    const page = await writer.get(res.headers.location, { Cookie: `${writer.cookie}; flash=story-saved-with-findings` }).expect(200);
    assert.match(page.text, /Story saved. The identifier check found things to look at/);
    assert.match(
      page.text,
      /<mark class="app-finding">Gwen<\/mark> <a class="govuk-link app-finding__number" href="#finding-1">\[finding 1\]<\/a>/,
    );
    assert.match(page.text, /Not explained/);
    const refused = await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(422);
    assert.match(refused.text, /Change or explain the finding of the identifier check before you send the story for review/);

    const form = await writer.get(`${base()}/${id}/edit`).expect(200);
    assert.match(form.text, /What the identifier check found/);
    assert.match(form.text, /<input type="hidden" name="explanationKey" value="whatWeDid\|name\|Gwen">/);
    assert.match(form.text, /<label class="govuk-label" for="explanation-1">Why finding 1 is fine \(optional\)<\/label>/);
    await save(writer, id, 1, {
      whatWeDid: 'We went with Gwen to the lunch club the same day.',
      explanationKey: 'whatWeDid|name|Gwen',
      explanation: 'Gwen is the name of the lunch club’s cat, not a person',
    }).expect(303);
    const [, second] = await versions(id);
    assert.deepEqual(second.explanations, [
      { field: 'whatWeDid', kind: 'name', text: 'Gwen', explanation: 'Gwen is the name of the lunch club’s cat, not a person' },
    ]);
    const explained = await writer.get(`${base()}/${id}`).expect(200);
    assert.match(explained.text, /the writer explained why each is fine/);
    assert.match(explained.text, /the name of the lunch club’s cat/);

    await writer.post(`${base()}/${id}/submit`, { version: '2' }).expect(303);
    assert.equal((await story(id)).status, 'submitted');
    assert.equal((await audits(id, 'story.submitted')).length, 1);
  });

  it('never lets an NHS number, phone number, email address, street address or postcode be explained away', async () => {
    const kinds: [string, string, string][] = [
      ['nhs-number', 'Her NHS number is 943 476 5919.', '943 476 5919'],
      ['phone', 'We rang her on 07700 900123 the same day.', '07700 900123'],
      ['email', 'We wrote to her at ann@example.org the same day.', 'ann@example.org'],
      ['address', 'We visited her at 14 Station Road that afternoon.', '14 Station Road'],
      ['postcode', 'She lives near ZX3 9QT, by the park.', 'ZX3 9QT'],
    ];
    for (const [kind, whatWeDid, found] of kinds) {
      const res = await writer.post(base(), storyForm({ whatWeDid })).expect(303);
      const id = idOf(res.headers.location);
      const form = await writer.get(`${base()}/${id}/edit`).expect(200);
      assert.doesNotMatch(form.text, new RegExp(`name="explanationKey" value="whatWeDid\\|${kind}\\|`), `${kind}: no box to explain it`);
      assert.match(form.text, /Take this out: .* are never fine in a story/, kind);
      // An explanation sent anyway (a hand-made request) is not kept and does not count.
      await save(writer, id, 1, { whatWeDid, explanationKey: `whatWeDid|${kind}|${found}`, explanation: 'It is made up' }).expect(303);
      assert.deepEqual(
        (await versions(id)).map((version) => version.explanations),
        [[]],
        kind,
      );
      const refused = await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(422);
      assert.match(refused.text, /is never fine in a story/, kind);
      assert.equal((await story(id)).status, 'draft', kind);
    }
  });

  it('marks what the full check finds in a draft full of identifiers, each with why it matters and what to write instead', async () => {
    const [draft] = DEMO_DRAFTS_WITH_IDENTIFIERS;
    const res = await writer
      .post(
        base(),
        storyForm({
          title: draft.title,
          whatMattered: draft.whatMattered,
          whatWeDid: draft.whatWeDid,
          differenceItMade: draft.differenceItMade,
        }),
      )
      .expect(303);
    const page = await writer.get(res.headers.location).expect(200);
    for (const found of ['Mrs Okafor', 'ZX3 9QT', '07700 900123', '401 023 2137']) {
      assert.match(
        page.text,
        new RegExp(`<mark class="app-finding">${found}</mark> <a class="govuk-link app-finding__number" href="#finding-\\d+">`),
        found,
      );
    }
    const findings = [...page.text.matchAll(/<li class="app-finding-item" id="finding-(\d+)">/g)];
    assert.ok(findings.length >= 6, `${findings.length} findings listed`);
    assert.match(page.text, /<strong>Why it matters:<\/strong> [^<]+<\/p>\s*<p class="govuk-body"><strong>Write instead:<\/strong> [^<]+/);
    const refused = await writer.post(`${base()}/${idOf(res.headers.location)}/submit`, { version: '1' }).expect(422);
    // Contact details and numbers must go; the rest (names, ages, dates) may be explained: together, every finding listed.
    const mustGo = Number(/Take out the (\d+) contact details or numbers/.exec(refused.text)?.[1] ?? 0);
    const toExplain = Number(/Change or explain the (\d+) findings of the identifier check/.exec(refused.text)?.[1] ?? 0);
    assert.ok(mustGo >= 3, `${mustGo} must go`);
    assert.ok(toExplain >= 1, `${toExplain} to explain`);
    assert.equal(mustGo + toExplain, findings.length);
  });

  it('refuses approval by the story’s own author, clearly', async () => {
    const own = idOf((await lead.post(base(), storyForm()).expect(303)).headers.location);
    await lead.post(`${base()}/${own}/consent`, consentForm()).expect(303);
    await lead.post(`${base()}/${own}/submit`, { version: '1' }).expect(303);
    const page = await lead.get(`${base()}/${own}/review`).expect(200);
    assert.match(page.text, /You wrote this story, so you cannot approve or return it/);
    assert.doesNotMatch(page.text, /Save decision/);
    const refused = await lead.post(`${base()}/${own}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' }).expect(403);
    assert.match(
      refused.text,
      /You wrote this story, so you cannot approve or return it. Another programme lead at the site must review it/,
    );
    assert.equal((await story(own)).status, 'submitted');
    assert.equal((await audits(own, 'story.review-refused')).length, 1);
    await otherLead.post(`${base()}/${own}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' }).expect(303);
    assert.equal((await story(own)).status, 'approved');
  });

  it('approves a version only with live consent and the motivated intruder confirmation, recording the check', async () => {
    const id = idOf((await writer.post(base(), storyForm()).expect(303)).headers.location);
    await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(303);
    await colleague.post(`${base()}/${id}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' }).expect(403);
    const noConsent = await lead
      .post(`${base()}/${id}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' })
      .expect(422);
    assert.match(noConsent.text, /You cannot approve this story: no consent is recorded/);
    await writer.post(`${base()}/${id}/consent`, consentForm()).expect(303);
    const unconfirmed = await lead.post(`${base()}/${id}/review`, { version: '1', decision: 'approve' }).expect(422);
    assert.match(unconfirmed.text, /Confirm that a motivated intruder could not recognise the person from this story/);
    const noDecision = await lead.post(`${base()}/${id}/review`, { version: '1' }).expect(422);
    assert.match(noDecision.text, /Select whether to approve the story or return it to the writer/);
    await lead.post(`${base()}/${id}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' }).expect(303);
    const approved = await story(id);
    assert.equal(approved.status, 'approved');
    assert.equal(approved.approvedVersion, 1);
    const [review] = await t.database.db.select().from(storyReviews).where(eq(storyReviews.storyId, id));
    assert.equal(review.identifierCheck, 'clean');
    assert.equal(review.motivatedIntruder, true);
    assert.equal(review.reviewerId, lead.user!.id);
    assert.equal((await audits(id, 'story.approved')).length, 1);
    const again = await lead.post(`${base()}/${id}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' }).expect(422);
    assert.match(again.text, /This story is not waiting for review/);
  });

  it('returns a story with comments; the author changes it and sends it again', async () => {
    const id = idOf((await writer.post(base(), storyForm()).expect(303)).headers.location);
    await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(303);
    const bare = await lead.post(`${base()}/${id}/review`, { version: '1', decision: 'return' }).expect(422);
    assert.match(bare.text, /Say what the writer should change/);
    await lead.post(`${base()}/${id}/review`, { version: '1', decision: 'return', comments: 'Say less about the street.' }).expect(303);
    assert.equal((await story(id)).status, 'returned');
    const page = await writer.get(`${base()}/${id}`).expect(200);
    assert.match(page.text, /Returned by .*:<\/strong><\/p><p class="govuk-body app-goal__text">Say less about the street.<\/p>/);
    await save(writer, id, 1, { whatWeDid: 'We talked with her the day she rang.' }).expect(303);
    assert.equal((await story(id)).status, 'returned', 'changing a returned story does not send it by itself');
    await writer.post(`${base()}/${id}/submit`, { version: '2' }).expect(303);
    assert.equal((await story(id)).status, 'submitted');
  });

  it('sends an approved story back for review when it changes, keeping the approval with the old version in the history', async () => {
    const id = idOf((await writer.post(base(), storyForm()).expect(303)).headers.location);
    await writer.post(`${base()}/${id}/consent`, consentForm()).expect(303);
    await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(303);
    await lead.post(`${base()}/${id}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes' }).expect(303);
    const form = await writer.get(`${base()}/${id}/edit`).expect(200);
    assert.match(form.text, /This story is approved. Saving a change makes a new version, which goes back for review/);
    const res = await save(writer, id, 1, { differenceItMade: 'She goes every week and now runs the raffle.' }).expect(303);
    const changed = await story(id);
    assert.equal(changed.status, 'submitted');
    assert.equal(changed.version, 2);
    assert.equal(changed.approvedVersion, 1);
    assert.match(String(res.headers['set-cookie']), /flash=story-saved-for-review/);
    assert.match(
      (await writer.get(res.headers.location, { Cookie: `${writer.cookie}; flash=story-saved-for-review` })).text,
      /It goes back for review before it can be shown again/,
    );
    const history = await writer.get(`${base()}/${id}/versions`).expect(200);
    assert.match(history.text, /Version 2 \(latest\)/);
    assert.match(
      history.text,
      new RegExp(
        `href="${base()}/${id}/versions/1">Version 1</a></td>\\s*<td class="govuk-table__cell">[^<]+</td>\\s*<td class="govuk-table__cell">[^<]+</td>\\s*<td class="govuk-table__cell">Approved by ${lead.user!.name}`,
      ),
    );
    const old = await writer.get(`${base()}/${id}/versions/1`).expect(200);
    assert.match(old.text, /This is an earlier version/);
    assert.match(old.text, new RegExp(CLEAN_STORY.differenceItMade));
    assert.match(old.text, /Approved<\/strong> version 1/);
    await writer.get(`${base()}/${id}/versions/9`).expect(404);
    assert.equal(
      (await audits(id, 'story.read')).filter((entry) => ['versions', 'version'].includes(String(entry.details.view))).length,
      2,
    );
  });

  it('keeps every version when nothing is lost: a stale save answers 409 with both versions and the typed text', async () => {
    const id = idOf((await writer.post(base(), storyForm()).expect(303)).headers.location);
    await save(lead, id, 1, { whatWeDid: 'The lead’s change.' }).expect(303);
    const stale = await save(writer, id, 1, { whatWeDid: 'My own change, Y Fenni ŵ 🙂' }).expect(409);
    assert.match(stale.text, /<title>Error: Change a story/);
    assert.match(stale.text, /Someone else changed this story while you were changing it/);
    assert.match(stale.text, /The lead’s change./);
    assert.match(stale.text, /<textarea[^>]*name="whatWeDid"[^>]*>My own change, Y Fenni ŵ 🙂<\/textarea>/);
    assert.match(stale.text, /<input type="hidden" name="version" value="2">/);
    assert.equal((await versions(id)).length, 2);
    await save(writer, id, 2, { whatWeDid: 'My own change, Y Fenni ŵ 🙂' }).expect(303);
    assert.equal((await story(id)).whatWeDid, 'My own change, Y Fenni ŵ 🙂');
    assert.equal((await versions(id)).length, 3);
    await save(writer, id, 3, { whatWeDid: 'My own change, Y Fenni ŵ 🙂' }).expect(303);
    assert.equal((await versions(id)).length, 3, 'saving nothing new makes no version');
  });

  it('decides nothing on a version the lead did not read: a change during review answers 409 with both versions', async () => {
    const id = idOf((await writer.post(base(), storyForm()).expect(303)).headers.location);
    await writer.post(`${base()}/${id}/consent`, consentForm()).expect(303);
    await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(303);
    await lead.get(`${base()}/${id}/review`).expect(200);
    await save(writer, id, 1, { oldWay: 'She would have gone to the panel twice.' }).expect(303);
    const stale = await lead
      .post(`${base()}/${id}/review`, { version: '1', decision: 'approve', motivatedIntruder: 'yes', comments: 'Lovely' })
      .expect(409);
    assert.match(stale.text, /<title>Error: Review/);
    assert.match(stale.text, /The story changed while you were reviewing it/);
    assert.match(stale.text, /You read version 1; it is now version 2/);
    assert.match(stale.text, /She would have gone to the panel twice./);
    assert.match(stale.text, new RegExp(CLEAN_STORY.oldWay));
    assert.match(stale.text, />Lovely<\/textarea>/, 'the lead’s comments are kept');
    assert.equal((await story(id)).status, 'submitted');
    const staleSubmit = await writer.post(`${base()}/${id}/submit`, { version: '1' }).expect(409);
    assert.match(staleSubmit.text, /The story changed since you opened this page/);
    await lead.post(`${base()}/${id}/review`, { version: '2', decision: 'approve', motivatedIntruder: 'yes' }).expect(303);
    assert.equal((await story(id)).approvedVersion, 2);
  });

  it('lets only the author and the site’s leads change a story, and audits every read', async () => {
    const id = idOf((await writer.post(base(), storyForm()).expect(303)).headers.location);
    await colleague.get(`${base()}/${id}`).expect(200);
    await colleague.get(`${base()}/${id}/edit`).expect(403);
    await save(colleague, id, 1, { title: 'Not mine' }).expect(403);
    await colleague.post(`${base()}/${id}/submit`, { version: '1' }).expect(403);
    await colleague.get(`${base()}/${id}/consent`).expect(403);
    await colleague.get(`${base()}/${id}/review`).expect(403);
    await lead.get(`${base()}/${id}/edit`).expect(200);
    await colleague.get(`${base()}/${id}/print`).expect(200);
    const reads = await audits(id, 'story.read');
    assert.deepEqual(
      reads.map((entry) => entry.details.view ?? 'page'),
      ['page', 'edit', 'print'],
    );
    assert.deepEqual(
      reads.map((entry) => entry.userId),
      [colleague.user!.id, lead.user!.id, colleague.user!.id],
    );
  });
});
