import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { connect } from '../../server/db/connection.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite, formBody } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, feedbackSubmissions, showAndTellFeedback, showAndTellPacks, type Site } from '../../server/db/schema.js';
import { FEEDBACK_LIMIT } from '../../server/show-and-tells/feedback.js';
import { aPack } from './helpers.js';

// Wednesday 10 June 2026. Fortnight 7 (25 May to 7 June) is ready and shared with the group.
describe('the co-production group’s feedback and the leads’ answers', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let expert: Visitor;
  let packId: number;
  let sectionIds: number[];
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Feedback site' });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    expert = await signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] });
    const made = await aPack(db, site, lead.user!, 7);
    packId = made.pack.id;
    sectionIds = made.sections.map((section) => section.id);
    await db.update(showAndTellPacks).set({ status: 'ready', sharedWithGroup: true }).where(eq(showAndTellPacks.id, packId));
  });
  after(async () => t.close());

  const feedbackPath = () => `/co-production/show-and-tells/${packId}/feedback`;
  const give = (who: Visitor, fields: Record<string, string>) => who.post(feedbackPath(), { section: 'whole', liked: '', worried: '', tryNext: '', ...fields });
  const rows = () => t.database.db.select().from(showAndTellFeedback).where(eq(showAndTellFeedback.packId, packId)).orderBy(showAndTellFeedback.id);
  const clearLimit = (who: Visitor) => t.database.db.delete(feedbackSubmissions).where(eq(feedbackSubmissions.userId, who.user!.id));

  it('takes feedback on one section, kept with who gave it, and shows the lead their name', async () => {
    const form = await expert.get(`${feedbackPath()}?section=${sectionIds[1]}`).expect(200);
    assert.match(form.text, /Tell us what you think about “What we did”/);
    assert.match(form.text, /data-maxlength="2000"/);
    const res = await give(expert, { section: String(sectionIds[1]), liked: 'The library drop-in 🙂 ŵ', tryNext: 'Ask people at the GP surgery too' }).expect(303);
    assert.equal(res.headers.location, `/co-production/show-and-tells/${packId}`);
    const [given] = await rows();
    assert.equal(given.givenBy, expert.user!.id);
    assert.equal(given.sectionId, sectionIds[1]);
    assert.equal(given.sectionTitle, 'What we did');
    assert.equal(given.liked, 'The library drop-in 🙂 ŵ');
    const page = await lead.get(`/sites/${site.id}/show-and-tells/7`).expect(200);
    assert.match(page.text, new RegExp(`${expert.user!.name}, 10 Jun 2026, on “What we did”`));
    assert.match(page.text, /The library drop-in 🙂 ŵ/);
  });

  it('keeps anonymous feedback with no trace of who gave it, and leads see “Anonymous”', async () => {
    await clearLimit(expert);
    await give(expert, { worried: 'People who do not use the internet', anonymous: 'yes' }).expect(303);
    const anonymous = (await rows()).at(-1)!;
    assert.equal(anonymous.givenBy, null);
    assert.equal(anonymous.sectionId, null);
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'show-and-tell.feedback-given'), eq(auditLog.recordId, String(anonymous.id))));
    assert.equal(audit.userId, null, 'the audit entry names nobody');
    assert.equal(audit.ip, null);
    assert.equal(JSON.stringify(audit.details).includes(String(expert.user!.id)), false);
    const columns = await t.database.db.execute<{ column_name: string }>(sql`select column_name from information_schema.columns where table_name = 'feedback_submissions'`);
    assert.deepEqual(columns.map((column) => column.column_name).sort(), ['id', 'submitted_at', 'user_id'], 'the rate limit keeps no link to the feedback');
    const page = await lead.get(`/sites/${site.id}/show-and-tells/7`).expect(200);
    assert.match(page.text, /Anonymous, 10 Jun 2026, on the whole show-and-tell/);
  });

  it('refuses more than 2,000 characters in a box, and empty feedback, keeping what was typed', async () => {
    await clearLimit(expert);
    const long = `${'a'.repeat(1999)}ŵŷ`;
    const res = await give(expert, { liked: long, worried: 'Short is fine' }).expect(422);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /“What did you like\?” can be up to 2,000 characters\. You have written 2,001\. Please make it shorter\./);
    assert.ok(res.text.includes(long));
    assert.match(res.text, /Short is fine/);
    const empty = await give(expert, { liked: '   ' }).expect(422);
    assert.match(empty.text, /Write something in at least one of the three boxes/);
    await give(expert, { liked: '🙂'.repeat(2000) }).expect(303);
    const hostile = '<script>alert(1)</script>\'; drop table show_and_tell_feedback; --';
    await clearLimit(expert);
    await give(expert, { tryNext: hostile }).expect(303);
    assert.equal((await rows()).at(-1)!.tryNext, hostile);
    const page = await lead.get(`/sites/${site.id}/show-and-tells/7`).expect(200);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('limits repeated submissions per person in PostgreSQL, across app instances, with the form kept', async () => {
    await clearLimit(expert);
    const before = (await rows()).length;
    // A second instance of the app on its own connection pool, as behind a load balancer.
    const second = connect(t.database.url, { max: 3 });
    try {
      const other = createApp({ db: second.db, config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url }), clock: () => new Date('2026-06-10T08:00:00Z') });
      const send = (app: typeof t.app, n: number) =>
        request(app).post(feedbackPath()).set('Cookie', expert.cookie).type('form').send(formBody({ _csrf: expert.csrfToken, section: 'whole', liked: `Try number ${n}` }));
      const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => send(n % 2 ? other : t.app, n)));
      assert.equal(answers.filter((res) => res.status === 303).length, FEEDBACK_LIMIT);
      const refused = answers.filter((res) => res.status === 429);
      assert.equal(refused.length, 8 - FEEDBACK_LIMIT);
      assert.match(refused[0].text, /You have sent 5 pieces of feedback in the last 10 minutes/);
      assert.match(refused[0].text, /Try number \d/, 'what they wrote is kept');
      assert.equal((await rows()).length, before + FEEDBACK_LIMIT);
    } finally {
      await second.close();
    }
    // Another person is not held back by the first.
    const someoneElse = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await give(someoneElse, { liked: 'My own view' }).expect(303);
    // Ten minutes on, the first may send again.
    await t.database.db.update(feedbackSubmissions).set({ submittedAt: sql`now() - interval '11 minutes'` }).where(eq(feedbackSubmissions.userId, expert.user!.id));
    await give(expert, { liked: 'Later on' }).expect(303);
  });

  it('lets a lead answer each piece: did, not yet, or won’t with a reason, refusing a stale answer', async () => {
    const [first, second, third] = await rows();
    const path = (id: number) => `/sites/${site.id}/show-and-tells/7/feedback/${id}`;
    const form = await lead.get(path(first.id)).expect(200);
    assert.match(form.text, /What did the team do about it\?/);
    const noReason = await lead.post(path(second.id), { answer: 'wont', answerText: '', version: String(second.version) }).expect(422);
    assert.match(noReason.text, /Say why the team won’t do it/);
    await lead.post(path(second.id), { answer: 'maybe', version: String(second.version) }).expect(422);
    await lead.post(path(second.id), { answer: 'wont', answerText: 'Everything is also on paper at the library', version: String(second.version) }).expect(303);
    await lead.post(path(first.id), { answer: 'did', answerText: 'We asked at the GP surgery on Tuesday', version: String(first.version) }).expect(303);
    await lead.post(path(third.id), { answer: 'not_yet', answerText: 'Next fortnight', version: String(third.version) }).expect(303);
    const stale = await lead.post(path(first.id), { answer: 'not_yet', answerText: 'My late answer', version: String(first.version) }).expect(409);
    assert.match(stale.text, /Someone else answered this feedback while you were writing/);
    assert.match(stale.text, /My late answer/);
    const saved = (await rows())[0];
    assert.equal(saved.answer, 'did');
    assert.equal(saved.answeredBy, lead.user!.id);
  });

  it('shows the answers back to the group as “You said, we did”, without names', async () => {
    const page = await expert.get('/co-production/you-said-we-did').expect(200);
    assert.match(page.text, /You liked:<\/strong> The library drop-in 🙂 ŵ/);
    assert.match(page.text, /We did<\/h3>\s*<p class="govuk-body">We asked at the GP surgery on Tuesday/);
    assert.match(page.text, /We won’t, because<\/h3>\s*<p class="govuk-body">Everything is also on paper at the library/);
    assert.match(page.text, /Not yet<\/h3>/);
    assert.doesNotMatch(page.text, new RegExp(lead.user!.name), 'not who answered');
    assert.doesNotMatch(page.text, new RegExp(expert.user!.name), 'not who said it');
    assert.doesNotMatch(page.text, /Try number/, 'unanswered feedback waits for its answer');
  });

  it('brings open feedback (unanswered or “not yet”) into the next pack’s preparation', async () => {
    await lead.post(`/sites/${site.id}/show-and-tells/8`).expect(303);
    const page = await lead.get(`/sites/${site.id}/show-and-tells/8`).expect(200);
    const open = page.text.match(/<section class="app-pack-panel app-pack-panel--open"[\s\S]*?<\/section>/)?.[0] ?? '';
    assert.match(open, /Feedback still to act on from earlier show-and-tells/);
    assert.match(open, /Try number/);
    assert.match(open, /Not yet: Next fortnight/);
    assert.doesNotMatch(open, /We asked at the GP surgery/, 'answered feedback is done');
    assert.doesNotMatch(open, /paper at the library/);
    assert.match(open, /\(fortnight 7\)/);
  });
});
