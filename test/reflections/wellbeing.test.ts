import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { wellbeingRespondents, wellbeingResponses, type Reflection, type Site } from '../../server/db/schema.js';
import { aReflection, auditActions, follow, HTMX_PARTIAL } from './helpers.js';

describe('the anonymous wellbeing check', () => {
  let t: TestApp;
  let site: Site;
  let reflection: Reflection;
  let team: Visitor[];
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Wellbeing site' });
    reflection = await aReflection(t.database.db, site.id, '2026-06-08', '2026-06-12');
    team = [
      await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] }),
      await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] }),
      await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] }),
      await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] }),
    ];
  });
  after(async () => t.close());

  const path = () => `/sites/${site.id}/reflections/${reflection.id}`;
  const responses = () => t.database.db.select().from(wellbeingResponses).where(eq(wellbeingResponses.reflectionId, reflection.id));
  const respondents = () => t.database.db.select().from(wellbeingRespondents).where(eq(wellbeingRespondents.reflectionId, reflection.id));

  it('refuses scores and words that are not allowed, keeping what was typed and saving nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ score: '0', word: 'kept' }, /Select a score from 1 to 5/],
      [{ score: '6', word: 'kept' }, /Select a score from 1 to 5/],
      [{ score: 'abc', word: 'kept' }, /Select a score from 1 to 5/],
      [{ score: '2.5', word: 'kept' }, /Select a score from 1 to 5/],
      [{ word: 'kept' }, /Select how you are feeling, from 1 to 5/],
    ];
    for (const [fields, message] of cases) {
      const res = await team[0].post(`${path()}/wellbeing`, fields).expect(422);
      assert.match(res.text, message, JSON.stringify(fields));
      assert.match(res.text, /name="word" type="text" value="kept"/);
    }
    const long = await team[0].post(`${path()}/wellbeing`, { score: '4', word: 'w'.repeat(31) }).expect(422);
    assert.match(long.text, /Your word must be 30 characters or fewer/);
    assert.ok(long.text.includes(`value="${'w'.repeat(31)}"`));
    assert.match(long.text, /name="score" type="radio" value="4" checked/);
    assert.equal((await responses()).length, 0);
    assert.equal((await respondents()).length, 0);
  });

  it('records an answer with no person and no time, and writes no audit row as the person answers', async () => {
    const res = await team[0].post(`${path()}/wellbeing`, { score: '4', word: 'hopeful' }).expect(303);
    assert.equal(res.headers.location, `${path()}#wellbeing`);
    assert.doesNotMatch(JSON.stringify(res.headers), /hopeful/);
    const page = await follow(team[0], res).expect(200);
    assert.match(page.text, /Your answer is recorded without your name/);
    assert.match(page.text, /You have answered this week’s wellbeing check/);
    assert.doesNotMatch(page.text, /name="score"/);
    const [response] = await responses();
    assert.deepEqual(Object.keys(response).sort(), ['id', 'reflectionId', 'score', 'word']);
    assert.deepEqual(await respondents(), [{ reflectionId: reflection.id, userId: team[0].user!.id }]);
    // An audit row now would carry the time of the answer: the closing records who answered instead.
    const [{ count }] = await t.database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from audit_log where user_id = ${team[0].user!.id} or record_id = ${String(reflection.id)}`,
    );
    assert.equal(count, 0);
  });

  it('refuses a second answer from the same person and keeps one score', async () => {
    const res = await team[0].post(`${path()}/wellbeing`, { score: '1', word: 'again' }).expect(422);
    assert.match(res.text, /You have already answered this week’s wellbeing check/);
    assert.match(res.text, /href="#wellbeing"/);
    assert.equal((await responses()).length, 1);
    assert.equal((await responses())[0].score, 4);
  });

  it('shows nothing but the count while the check is open, even from 3 answers, so no answer can be read off the totals', async () => {
    const one = await team[3].get(path()).expect(200);
    assert.match(one.text, /1 person has answered so far. Results show when the check closes/);
    await team[1].post(`${path()}/wellbeing`, { score: '2', word: 'Tired' }).expect(303);
    const res = await team[2].post(`${path()}/wellbeing`, { score: '5', word: 'Diolch 🌼' }, HTMX_PARTIAL).expect(200);
    assert.match(res.text, /^<section id="wellbeing"/);
    assert.match(res.text, /role="status">Thank you/);
    assert.match(res.text, /3 people have answered so far/);
    for (const page of [
      res,
      await team[3].get(path()).expect(200),
      await team[3].get(`/sites/${site.id}/reflections`).expect(200),
      await team[3].get(`/sites/${site.id}/reflections/morale`).expect(200),
    ]) {
      assert.doesNotMatch(page.text, /Average score|out of 5 \(|data-average|hopeful|Tired|Diolch/);
    }
  });

  it('keeps every score and word when answers are shuffled among their rows', async () => {
    await team[3].post(`${path()}/wellbeing`, { score: '3', word: '<b>meh</b>' }).expect(303);
    const kept = (await responses()).map((response) => `${response.score} ${response.word}`).sort();
    assert.deepEqual(kept, ['2 Tired', '3 <b>meh</b>', '4 hopeful', '5 Diolch 🌼']);
  });

  it('shows the totals, counts per score and the words in alphabetical order once a lead closes the check, and audits who answered', async () => {
    const practitionerPage = await team[0].get(path()).expect(200);
    assert.doesNotMatch(practitionerPage.text, /Close the check/, 'only leads close it');
    await team[0].post(`${path()}/wellbeing/close`).expect(403);
    const res = await team[1].post(`${path()}/wellbeing/close`, {}, HTMX_PARTIAL).expect(200);
    assert.match(res.text, /The check has closed/);
    assert.match(res.text, /Answered<\/dt>\s*<dd class="govuk-summary-list__value">4<\/dd>/);
    assert.match(res.text, /Average score<\/dt>\s*<dd class="govuk-summary-list__value">3\.5 out of 5<\/dd>/);
    assert.match(res.text, /Words<\/dt>\s*<dd class="govuk-summary-list__value">&lt;b&gt;meh&lt;\/b&gt;, Diolch 🌼, hopeful, Tired<\/dd>/);
    const counts = [
      ...res.text.matchAll(/<th scope="row" class="govuk-table__header">\d – [^<]+<\/th>\s*<td class="govuk-table__cell">(\d+)<\/td>/g),
    ].map((match) => Number(match[1]));
    assert.deepEqual(counts, [0, 1, 1, 1, 1]);
    const audit = await auditActions(t.database.db, 'reflection.wellbeing-closed');
    const ids = team.map((member) => member.user!.id).sort((a, b) => a - b);
    assert.deepEqual(audit, [
      { userId: team[1].user!.id, recordId: String(reflection.id), details: { siteId: site.id, answered: 4, respondents: ids } },
    ]);
    // Closed: no more answers, and closing again says so.
    const late = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    const refused = await late.post(`${path()}/wellbeing`, { score: '1' }).expect(422);
    assert.match(refused.text, /wellbeing check has closed, so it takes no more answers/);
    assert.equal((await responses()).length, 4);
    assert.match((await team[1].post(`${path()}/wellbeing/close`).expect(422)).text, /closed already/);
  });

  it('lets an administrator see the totals but not answer, and says why', async () => {
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    const page = await admin.get(path()).expect(200);
    assert.match(page.text, /Average score/, 'the closed check’s totals');
    const open = await aReflection(t.database.db, site.id, '2026-06-22', '2026-06-26');
    const openPage = await admin.get(`/sites/${site.id}/reflections/${open.id}`).expect(200);
    assert.match(openPage.text, /as you are not in the team you cannot answer/);
    assert.doesNotMatch(openPage.text, /name="score"/);
    await admin.post(`${path()}/wellbeing`, { score: '5' }).expect(403);
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await expert.post(`${path()}/wellbeing`, { score: '5' }).expect(403);
    await expert.get(path()).expect(403);
    assert.equal((await responses()).length, 4);
  });

  it('draws morale over the weeks from a table that is always there', async () => {
    const earlier = await aReflection(t.database.db, site.id, '2026-06-01', '2026-06-05');
    await t.database.db.insert(wellbeingResponses).values([{ reflectionId: earlier.id, score: 2 }]);
    const res = await team[0].get(`/sites/${site.id}/reflections/morale`).expect(200);
    assert.match(
      res.text,
      /<caption class="govuk-table__caption govuk-table__caption--s" id="morale-table-caption">Average wellbeing score by week<\/caption>/,
    );
    assert.match(
      res.text,
      /data-week="1 Jun 2026">\s*<th scope="row" class="govuk-table__header">Week of 1 Jun 2026<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>Not shown: fewer than 3 answered<\/td>/,
    );
    assert.match(res.text, /data-week="8 Jun 2026" data-average="3.5">/);
    assert.ok(res.text.indexOf('Week of 1 Jun 2026') < res.text.indexOf('Week of 8 Jun 2026'), 'oldest first');
    assert.match(res.text, /1 week is left out of the chart because fewer than 3 people answered/);
    assert.match(
      res.text,
      /<canvas id="morale-chart" role="img" aria-label="[^"]+" aria-describedby="morale-table-caption morale-left-out">/,
    );
    assert.match(
      res.text,
      /<script type="module" src="\/static\/vendor\/chart-4.6.1.umd.min.js"><\/script>\s*<script type="module" src="\/static\/js\/morale-chart.js"><\/script>/,
    );
    assert.doesNotMatch(res.text, /<script>|<script(?![^>]*src=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(res.text, /style="/);
    await team[0]
      .get('/static/js/morale-chart.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
  });

  it('loses no answer when several people answer at once', async () => {
    const busy = await aReflection(t.database.db, site.id, '2026-06-15', '2026-06-19');
    const people = [...team, await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] })];
    const scores = ['1', '2', '3', '4', '5'];
    await Promise.all(
      people.map((person, index) =>
        person.post(`/sites/${site.id}/reflections/${busy.id}/wellbeing`, { score: scores[index], word: `w${index}` }).expect(303),
      ),
    );
    const kept = (await t.database.db.select().from(wellbeingResponses).where(eq(wellbeingResponses.reflectionId, busy.id)))
      .map((response) => `${response.score} ${response.word}`)
      .sort();
    assert.deepEqual(kept, ['1 w0', '2 w1', '3 w2', '4 w3', '5 w4']);
  });

  it('closes by itself when the reflection’s day is over: no answers after, results shown, and who answered audited without a time of answering', async () => {
    const yesterday = await aReflection(t.database.db, site.id, '2026-05-18', '2026-06-09');
    const refused = await team[0].post(`/sites/${site.id}/reflections/${yesterday.id}/wellbeing`, { score: '3' }).expect(422);
    assert.match(refused.text, /has closed/);
    // Answers given on the day, then the day ended: the sweep closes it and audits who answered.
    const { answerWellbeing } = await import('../../server/reflections/wellbeing.js');
    await t.database.db.transaction(async (tx) => {
      for (const [index, member] of team.slice(0, 3).entries())
        await answerWellbeing(tx, yesterday.id, member.user!.id, { score: index + 2, word: '' }, '2026-06-09');
    });
    const page = await team[3].get(`/sites/${site.id}/reflections/${yesterday.id}`).expect(200);
    assert.match(page.text, /Average score<\/dt>\s*<dd class="govuk-summary-list__value">3 out of 5<\/dd>/);
    const { sweepExpired } = await import('../../server/housekeeping.js');
    await sweepExpired(t.database.db);
    const [closed] = await t.database.db.execute<{ details: { respondents: number[]; closedBy: string }; user_id: number | null }>(
      sql`select details, user_id from audit_log where action = 'reflection.wellbeing-closed' and record_id = ${String(yesterday.id)}`,
    );
    assert.equal(closed.user_id, null);
    assert.deepEqual(
      closed.details.respondents,
      team
        .slice(0, 3)
        .map((member) => member.user!.id)
        .sort((a, b) => a - b),
    );
    assert.equal(closed.details.closedBy, 'the day ended');
  });

  it('keeps a close and answers sent at once consistent: every answer counted is in the audited list, none comes after', async () => {
    const racing = await aReflection(t.database.db, site.id, '2026-06-29', '2026-07-03');
    const people = await Promise.all(
      Array.from({ length: 6 }, () => signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] })),
    );
    const at = `/sites/${site.id}/reflections/${racing.id}`;
    const answers = await Promise.all([
      ...people.map((person, index) => person.post(`${at}/wellbeing`, { score: String((index % 5) + 1) })),
      team[1].post(`${at}/wellbeing/close`),
    ]);
    const recorded = answers.slice(0, 6).filter((res) => res.status === 303).length;
    const refused = answers.slice(0, 6).filter((res) => res.status === 422 && /has closed/.test(res.text)).length;
    assert.equal(recorded + refused, 6, 'each answer is recorded or told the check closed');
    const [{ n }] = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from wellbeing_responses where reflection_id = ${racing.id}`,
    );
    assert.equal(n, recorded);
    const [closed] = await auditActions(t.database.db, 'reflection.wellbeing-closed').then((rows) =>
      rows.filter((row) => row.recordId === String(racing.id)),
    );
    assert.equal((closed.details as { answered: number }).answered, recorded, 'the audit lists exactly who answered before it closed');
  });
});
