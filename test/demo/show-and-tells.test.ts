import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { seedDemo } from '../../server/demo/demo.js';
import { DEMO_FEEDBACK } from '../../server/demo/show-and-tells.js';
import { createSession } from '../../server/accounts/sessions.js';
import { showAndTellPacks, sites, users } from '../../server/db/schema.js';
import { showFrozen, type PackSnapshot } from '../../server/show-and-tells/shown.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import request from 'supertest';

const TODAY = '2026-06-10';

describe('demo: a year of show-and-tells and the co-production group', function () {
  this.timeout(120_000);
  let t: TestApp;
  let lines: string[];
  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    const result = await seedDemo(t.database.db, TODAY);
    assert.ok(result.ok);
    lines = result.lines;
  });
  after(async () => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => t.database.db.execute(query) as unknown as Promise<T[]>;

  it('answers each piece of feedback with the answer to that feedback', async () => {
    const answered = await rows<{ liked: string; worried: string; try_next: string; answer: string; answer_text: string }>(sql`
      select liked, worried, try_next, answer, answer_text from show_and_tell_feedback where answer is not null`);
    assert.ok(answered.length > 3, `${answered.length} answered`);
    for (const row of answered) {
      const said = DEMO_FEEDBACK.find(
        (item) => (item.liked ?? '') === row.liked && (item.worried ?? '') === row.worried && (item.tryNext ?? '') === row.try_next,
      );
      assert.ok(said, `feedback from the demo list: ${row.liked}${row.worried}${row.try_next}`);
      assert.deepEqual([row.answer, row.answer_text], [said.answer.answer, said.answer.text], `${row.liked}${row.worried}${row.try_next}`);
    }
  });

  it('presents a pack every fortnight of the past year at each innovation site, frozen with its charts, with who came', async () => {
    assert.ok(
      lines.some((line) =>
        /Northgate Community Team: 2\d show-and-tells presented, this fortnight’s in preparation, \d+ pieces of feedback/.test(line),
      ),
      lines.join('\n'),
    );
    const counts = await rows<{ name: string; presented: number; drafts: number; shared: number; attendance: number }>(sql`
      select s.name, count(*) filter (where p.status = 'presented')::int as presented, count(*) filter (where p.status = 'draft')::int as drafts,
        count(*) filter (where p.shared_with_group)::int as shared, count(*) filter (where p.attendance_team is not null)::int as attendance
      from show_and_tell_packs p join sites s on s.id = p.site_id group by s.name order by s.name`);
    assert.deepEqual(
      counts.map((row) => row.name),
      ['Northgate Community Team', 'Riverside Integrated Team'],
    );
    for (const row of counts) {
      assert.ok(row.presented >= 25, `${row.name}: ${row.presented} presented`);
      assert.equal(row.attendance, row.presented);
      assert.ok(row.shared >= row.presented - 2, `${row.name}: ${row.shared} shared`);
    }
    assert.equal(counts[0].drafts, 1, 'this fortnight’s pack in preparation');
    const [latest] = await t.database.db
      .select()
      .from(showAndTellPacks)
      .where(eq(showAndTellPacks.status, 'presented'))
      .orderBy(sql`${showAndTellPacks.fortnight} desc`)
      .limit(1);
    const learned = (latest.snapshot as PackSnapshot).sections.find((section) => section.kind === 'what-we-learned')!;
    assert.ok(learned.charts.length >= 2 && learned.charts[0].chart.points.length > 10, 'the charts as they were shown');
    const [told] = await rows<{ packs: number; stories: number }>(sql`
      select count(*) filter (where jsonb_array_length(s -> 'stories') > 0)::int as packs, coalesce(sum(jsonb_array_length(s -> 'stories')), 0)::int as stories
      from show_and_tell_packs p, jsonb_array_elements(p.snapshot -> 'sections') s where p.status = 'presented'`);
    assert.ok(told.packs >= 3, `stories of difference told at ${told.packs} show-and-tells`);
    let hidden = 0;
    for (const pack of await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.status, 'presented'))) {
      hidden += (await showFrozen(t.database.db, pack.siteId, pack.snapshot as PackSnapshot, TODAY)).storiesHidden;
    }
    assert.ok(hidden >= 1, 'a story withdrawn or expired since it was told is hidden from its frozen pack');
  });

  it('has feedback from the group, named and anonymous, most answered, some still open for the next pack', async () => {
    const [feedback] = await rows<{ total: number; anonymous: number; answered: number; open: number; wont: number }>(sql`
      select count(*)::int as total, count(*) filter (where given_by is null)::int as anonymous, count(*) filter (where answer in ('did', 'wont'))::int as answered,
        count(*) filter (where answer is null or answer = 'not_yet')::int as open, count(*) filter (where answer = 'wont')::int as wont
      from show_and_tell_feedback`);
    assert.ok(feedback.total >= 8, `${feedback.total} pieces`);
    assert.ok(feedback.anonymous >= 1 && feedback.anonymous < feedback.total);
    assert.ok(feedback.answered >= 4 && feedback.wont >= 1);
    assert.ok(feedback.open >= 1);

    const [northgate] = await t.database.db.select().from(sites).where(eq(sites.name, 'Northgate Community Team'));
    const [lead] = await t.database.db.select().from(users).where(eq(users.email, 'demo-lead@example.org'));
    const [draft] = await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.status, 'draft'));
    const { token } = await createSession(t.database.db, { userId: lead.id });
    const page = await request(t.app)
      .get(`/sites/${northgate.id}/show-and-tells/${draft.fortnight}`)
      .set('Cookie', `session=${token}`)
      .expect(200);
    assert.match(page.text, /Feedback still to act on from earlier show-and-tells/);

    const [expert] = await t.database.db.select().from(users).where(eq(users.email, 'demo-expert@example.org'));
    const session = await createSession(t.database.db, { userId: expert.id });
    const home = await request(t.app).get('/co-production').set('Cookie', `session=${session.token}`).expect(200);
    assert.ok((home.text.match(/href="\/co-production\/show-and-tells\/\d+"/g) ?? []).length >= 20);
    const said = await request(t.app).get('/co-production/you-said-we-did').set('Cookie', `session=${session.token}`).expect(200);
    assert.match(said.text, /We won’t, because/);
  });
});
