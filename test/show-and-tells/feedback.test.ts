import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { connect } from '../../server/db/connection.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite, formBody } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, feedbackAllowances, showAndTellFeedback, showAndTellPacks, type Site } from '../../server/db/schema.js';
import { keyedHash, secretKeyOf } from '../../server/secret.js';
import { sweepExpired } from '../../server/housekeeping.js';
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
  const give = (who: Visitor, fields: Record<string, string>) =>
    who.post(feedbackPath(), { section: 'whole', liked: '', worried: '', tryNext: '', ...fields });
  const rows = () =>
    t.database.db.select().from(showAndTellFeedback).where(eq(showAndTellFeedback.packId, packId)).orderBy(showAndTellFeedback.id);
  // The overall allowance row for a person's window is keyed by an HMAC only the app can make: the test makes it as the app does.
  const allowanceKey = (who: Visitor, at = '2026-06-10T08:00:00Z') =>
    keyedHash(
      secretKeyOf({ env: 'test', appSecret: undefined, dataDir: '' }),
      'feedback-allowance',
      `${who.user!.id}:${Math.floor(new Date(at).getTime() / 600_000)}`,
    );
  // Every allowance (overall, per part, per words): the tests below start each person afresh.
  const clearLimit = async (who: Visitor) => {
    await t.database.db.delete(feedbackAllowances).where(eq(feedbackAllowances.key, allowanceKey(who)));
    await t.database.db.delete(feedbackAllowances);
  };

  it('takes feedback on one section, kept with who gave it, and shows the lead their name', async () => {
    const form = await expert.get(`${feedbackPath()}?section=${sectionIds[1]}`).expect(200);
    assert.match(form.text, /Tell us what you think about “What we did”/);
    assert.match(form.text, /data-maxlength="2000"/);
    const res = await give(expert, {
      section: String(sectionIds[1]),
      liked: 'The library drop-in 🙂 ŵ',
      tryNext: 'Ask people at the GP surgery too',
    }).expect(303);
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
    const anonymous = (await rows()).find((row) => row.worried === 'People who do not use the internet')!;
    assert.equal(anonymous.givenBy, null);
    assert.equal(anonymous.sectionId, null);
    // Nothing is audited as it arrives; the sweep audits it later, in a batch naming nobody.
    assert.equal(
      (
        await t.database.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.recordId, String(anonymous.id)))
      ).length,
      0,
    );
    await sweepExpired(t.database.db);
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'show-and-tell.feedback-given-anonymously'));
    assert.equal(audit.userId, null, 'the audit entry names nobody');
    assert.equal(audit.ip, null);
    assert.deepEqual(audit.details, { packId, givenOn: '2026-06-10', count: 1, feedbackIds: [anonymous.id] });
    const columns = await t.database.db.execute<{ column_name: string }>(
      sql`select column_name from information_schema.columns where table_name = 'feedback_allowances'`,
    );
    assert.deepEqual(columns.map((column) => column.column_name).sort(), ['key', 'used', 'window_ends_at'], 'the rate limit names nobody');
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
    const hostile = "<script>alert(1)</script>'; drop table show_and_tell_feedback; --";
    await clearLimit(expert);
    await give(expert, { tryNext: hostile }).expect(303);
    assert.ok((await rows()).some((row) => row.tryNext === hostile));
    const page = await lead.get(`/sites/${site.id}/show-and-tells/7`).expect(200);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('lets a person comment on every section and the whole in one show-and-tell, and refuses the same words twice', async () => {
    await clearLimit(expert);
    const before = (await rows()).length;
    // Five sections and the whole, at once: none is refused (the old limit of 5 in 10 minutes refused the sixth).
    const parts = [...sectionIds.slice(0, 5).map(String), 'whole'];
    while (parts.length < 6) parts.unshift(String(sectionIds[0]));
    const answers = await Promise.all(parts.map((section, n) => give(expert, { section, liked: `About part ${n}` })));
    assert.deepEqual(
      answers.map((res) => res.status),
      [303, 303, 303, 303, 303, 303],
    );
    assert.equal((await rows()).length, before + 6);
    // The same words about the same part again (a double click, or a resend): kept once.
    const again = await give(expert, { section: 'whole', liked: 'About part 5' }).expect(429);
    assert.match(again.text, /We already have this feedback/);
    assert.match(again.text, /About part 5/, 'what they wrote is still in the form');
    const twice = await Promise.all([
      give(expert, { section: 'whole', liked: 'Said twice at once' }),
      give(expert, { section: 'whole', liked: 'Said twice at once' }),
    ]);
    assert.deepEqual(twice.map((res) => res.status).sort(), [303, 429]);
    assert.equal((await rows()).filter((row) => row.liked === 'Said twice at once').length, 1);
  });

  it('limits repeated submissions per person in PostgreSQL, across app instances, with the form kept', async () => {
    await clearLimit(expert);
    const before = (await rows()).length;
    // A second instance of the app on its own connection pool, as behind a load balancer.
    const second = connect(t.database.url, { max: 3 });
    try {
      const other = createApp({
        db: second.db,
        config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url }),
        clock: () => new Date('2026-06-10T08:00:00Z'),
      });
      const send = (app: typeof t.app, n: number) =>
        request(app)
          .post(feedbackPath())
          .set('Cookie', expert.cookie)
          .type('form')
          .send(formBody({ _csrf: expert.csrfToken, section: 'whole', liked: `Try number ${n}` }));
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
    const later = createApp({
      db: t.database.db,
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url }),
      clock: () => new Date('2026-06-10T08:10:00Z'),
    });
    await request(later)
      .post(feedbackPath())
      .set('Cookie', expert.cookie)
      .type('form')
      .send(formBody({ _csrf: expert.csrfToken, section: 'whole', liked: 'Later on' }))
      .expect(303);
  });

  it('lets a lead answer each piece: did, not yet, or won’t with a reason, refusing a stale answer', async () => {
    const all = await rows();
    const first = all.find((row) => row.liked === 'The library drop-in 🙂 ŵ')!;
    const second = all.find((row) => row.worried === 'People who do not use the internet')!;
    const third = all.find((row) => row.liked === '🙂'.repeat(2000))!;
    const path = (id: number) => `/sites/${site.id}/show-and-tells/7/feedback/${id}`;
    const form = await lead.get(path(first.id)).expect(200);
    assert.match(form.text, /What did the team do about it\?/);
    const noReason = await lead.post(path(second.id), { answer: 'wont', answerText: '', version: String(second.version) }).expect(422);
    assert.match(noReason.text, /Say why the team won’t do it/);
    await lead.post(path(second.id), { answer: 'maybe', version: String(second.version) }).expect(422);
    await lead
      .post(path(second.id), { answer: 'wont', answerText: 'Everything is also on paper at the library', version: String(second.version) })
      .expect(303);
    await lead
      .post(path(first.id), { answer: 'did', answerText: 'We asked at the GP surgery on Tuesday', version: String(first.version) })
      .expect(303);
    await lead.post(path(third.id), { answer: 'not_yet', answerText: 'Next fortnight', version: String(third.version) }).expect(303);
    const stale = await lead
      .post(path(first.id), { answer: 'not_yet', answerText: 'My late answer', version: String(first.version) })
      .expect(409);
    assert.match(stale.text, /Someone else answered this feedback while you were writing/);
    assert.match(stale.text, /My late answer/);
    const saved = (await rows()).find((row) => row.id === first.id)!;
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

describe('anonymous feedback, to anyone with database access', () => {
  let t: TestApp;
  after(async () => t?.close());

  it('cannot be matched to who gave it by time, order or id', async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    const site = await aSite(db, { name: 'Anonymous site' });
    const lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    const experts = await Promise.all([1, 2, 3].map(() => signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] })));
    const { pack } = await aPack(db, site, lead.user!, 7);
    await db.update(showAndTellPacks).set({ status: 'ready', sharedWithGroup: true }).where(eq(showAndTellPacks.id, pack.id));
    const given: { anonymous: boolean; text: string; by: number }[] = [];
    for (let n = 0; n < 12; n++) {
      const who = experts[n % 3];
      const anonymous = n % 2 === 1;
      const text = `Feedback number ${n}`;
      await who
        .post(`/co-production/show-and-tells/${pack.id}/feedback`, {
          section: 'whole',
          liked: text,
          worried: '',
          tryNext: '',
          ...(anonymous ? { anonymous: 'yes' } : {}),
        })
        .expect(303);
      given.push({ anonymous, text, by: who.user!.id });
    }
    const rows = await db.select().from(showAndTellFeedback).where(eq(showAndTellFeedback.packId, pack.id));
    const idOf = (text: string) => rows.find((row) => row.liked === text)!.id;
    // Ids say nothing of the order feedback came in (12 in a row rising by chance: 1 in 479 million).
    const ids = given.map((g) => idOf(g.text));
    assert.notDeepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'ids are not in the order given',
    );
    // The feedback keeps a day, never a time.
    const timeColumns = await db.execute<{ column_name: string }>(sql`
      select column_name from information_schema.columns where table_name = 'show_and_tell_feedback' and data_type like 'timestamp%'`);
    assert.deepEqual([...timeColumns], []);
    // The rate limit's rows name nobody: no account id, only a keyed hash and a window.
    const allowances = await db.select().from(feedbackAllowances);
    // One for each person and window (3), each person's part of the pack, all "whole" (3), and each set of words (12).
    assert.equal(allowances.length, 3 + 3 + 12, 'one for each person and window, part and words');
    for (const row of allowances) assert.match(row.key, /^[\w-]{43}$/);
    // No audit row names an expert and the anonymous feedback, or was written with it.
    await sweepExpired(db);
    const anonymousIds = given.filter((g) => g.anonymous).map((g) => String(idOf(g.text)));
    const audits = await db.select().from(auditLog);
    for (const row of audits) {
      const mentions = anonymousIds.some((id) => row.recordId === id || JSON.stringify(row.details).includes(id));
      if (mentions) assert.equal(row.userId, null, `${row.action} names nobody`);
    }
    const batch = audits.filter((row) => row.action === 'show-and-tell.feedback-given-anonymously');
    assert.equal(batch.length, 1, 'one batch for the pack and day, not a row at each submission');
    assert.equal((batch[0].details as { count: number }).count, 6);
    // The named feedback's own audit rows sit in the log in order; the batch comes after them all,
    // so its place in the log says nothing of when each anonymous piece came.
    const named = audits.filter((row) => row.action === 'show-and-tell.feedback-given');
    assert.equal(named.length, 6);
    assert.ok(named.every((row) => row.id < batch[0].id));
  });
});
