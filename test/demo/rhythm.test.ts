import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { seedDemo } from '../../server/demo/demo.js';
import { noteProblem, personReferenceProblem } from '../../server/contacts/person-reference.js';
import { contacts, huddlePeople, sites, users } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createSession } from '../../server/accounts/sessions.js';
import request from 'supertest';

const TODAY = '2026-06-10';

describe('demo: a year of the team rhythm', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    const result = await seedDemo(t.database.db, TODAY);
    assert.ok(result.ok);
    assert.ok(result.lines.some((line) => /Northgate Community Team: \d{3} huddles/.test(line)));
  });
  after(async () => t.close());

  const count = async (query: ReturnType<typeof sql>) => Number(((await t.database.db.execute(query)) as unknown as { n: string }[])[0].n);

  it('has a huddle every huddle day for a year at each innovation site, none on bank holidays or weekends, none today', async () => {
    const rows = (await t.database.db.execute(sql`
      select s.name, count(*)::int as n, min(h.date)::text as first, max(h.date)::text as last,
        count(*) filter (where extract(isodow from h.date) > 5 or h.date in (select date from bank_holidays))::int as wrong
      from huddles h join sites s on s.id = h.site_id group by s.name order by s.name`)) as unknown as {
      name: string;
      n: number;
      first: string;
      last: string;
      wrong: number;
    }[];
    assert.deepEqual(
      rows.map((row) => row.name),
      ['Northgate Community Team', 'Riverside Integrated Team'],
    );
    for (const row of rows) {
      assert.ok(row.n > 190, `${row.name}: ${row.n} huddles`);
      assert.equal(row.wrong, 0);
      assert.ok(row.last < TODAY);
    }
  });

  it('starts every huddle at the site’s huddle time in England, either side of the clocks changing', async () => {
    const [row] = (await t.database.db.execute(sql`
      select count(*)::int as n,
        count(*) filter (where to_char(h.started_at at time zone 'Europe/London', 'HH24:MI') <> s.huddle_time)::int as wrong,
        count(*) filter (where h.date between '2025-10-20' and '2025-10-31' or h.date between '2026-03-23' and '2026-04-03')::int as around_changes
      from huddles h join sites s on s.id = h.site_id`)) as unknown as { n: number; wrong: number; around_changes: number }[];
    assert.ok(row.around_changes > 10, 'the year of huddles spans both clock changes');
    assert.equal(row.wrong, 0, `${row.wrong} of ${row.n} huddles start at another hour`);
  });

  it('has reflections every week with wellbeing answers, actions and log items of every status', async () => {
    assert.ok((await count(sql`select count(*) as n from reflections`)) > 90);
    assert.ok((await count(sql`select count(*) as n from wellbeing_responses`)) > 300);
    assert.ok((await count(sql`select count(*) as n from actions where status = 'open'`)) > 3, 'open actions for today’s board');
    assert.ok((await count(sql`select count(*) as n from actions where status = 'dropped' and status_note <> ''`)) > 0);
    for (const status of ['open', 'resolved', 'cannot_change']) {
      assert.ok((await count(sql`select count(*) as n from getting_in_the_way where status = ${status}`)) > 0, status);
    }
    assert.equal(
      await count(
        sql`select count(*) as n from getting_in_the_way where status = 'resolved' and (what_changed = '' or resolved_on is null)`,
      ),
      0,
    );
  });

  it('holds no names, NHS numbers or dates of birth in person references or notes', async () => {
    for (const row of await t.database.db.select({ personRef: contacts.personRef }).from(contacts))
      assert.equal(personReferenceProblem(row.personRef), undefined, row.personRef);
    for (const row of await t.database.db.select({ note: huddlePeople.note }).from(huddlePeople))
      assert.equal(noteProblem(row.note), undefined, row.note);
  });

  it('opens today’s board with the team and open actions on it', async () => {
    const [site] = await t.database.db.select().from(sites).where(eq(sites.name, 'Northgate Community Team'));
    const [grace] = await t.database.db.select().from(users).where(eq(users.email, 'demo-practitioner@example.org'));
    const { token } = await createSession(t.database.db, { userId: grace.id });
    const board = await request(t.app).get(`/sites/${site.id}/huddles/${TODAY}`).set('Cookie', `session=${token}`).expect(200);
    assert.match(board.text, /Sam Okafor/);
    const openActions = /id="section-open-actions"[\s\S]*?<\/section>/.exec(board.text)![0];
    assert.ok((openActions.match(/<li class="app-board__item" id="action-\d+">/g) ?? []).length >= 3, 'several open actions to review');
    const list = await request(t.app).get(`/sites/${site.id}/huddles`).set('Cookie', `session=${token}`).expect(200);
    assert.match(list.text, /huddles, newest first/);
  });
});
