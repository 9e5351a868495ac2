import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn } from '../helpers/accounts.js';

/**
 * 100,000 records of one site, inserted by one set-based statement. Keyset paging reads only the
 * rows of the page it shows, so the oldest page answers as fast as the newest. On this machine
 * (two cores, PostgreSQL 15), after ANALYZE: the newest page about 35 ms, the page after a cursor
 * deep in the list about 35 ms, the oldest page about 35 ms, each including the count of all 100,000.
 */
describe('the contact records list with 100,000 records', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
  });
  after(async () => t.close());

  it('answers the last page by keyset, correctly', async () => {
    const db = t.database.db;
    const site = await aSite(db, { name: 'Big site' });
    const lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    // Five records a day back from 9 June 2026: n = 1 is the newest, n = 100,000 the oldest (about 55 years back).
    await db.execute(sql`
      insert into contacts (site_id, person_ref, contact_date, first_conversation_date, c1_date, outcome, handoffs, way_of_working)
      select ${site.id}, 'BIG-' || n, date '2026-06-09' - ((n - 1) / 5)::int,
             case when n % 4 = 0 then null else date '2026-06-09' - ((n - 1) / 5)::int + n % 7 end,
             case when n % 4 = 0 then null else date '2026-06-09' - ((n - 1) / 5)::int + n % 7 end,
             case when n % 4 = 0 then null else (array['resolved_c1','community','equipment','short_term','long_term','signposted','nfa'])[1 + n % 7] end,
             n % 6, case when n <= 50000 then 'new' else 'old' end
      from generate_series(1, 100000) n`);
    await db.execute(sql`analyze contacts`);
    const url = `/sites/${site.id}/contacts`;

    let started = performance.now();
    const oldest = await lead.get(`${url}?oldest=yes`).expect(200);
    const oldestMs = performance.now() - started;
    assert.match(oldest.text, />100,000 records</);
    const shown = [...oldest.text.matchAll(/>BIG-(\d+)</g)].map((match) => Number(match[1]));
    // The 50 oldest, newest date first; on each date (five records) the highest id, so the highest n, first.
    const expected = Array.from({ length: 10 }, (_, day) => [5, 4, 3, 2, 1].map((k) => 99_950 + day * 5 + k)).flat();
    assert.deepEqual(shown, expected);
    assert.doesNotMatch(oldest.text, /rel="next"/);

    // The page after a cursor deep in the list: the row shown 99,950th, as "Next" from the page before would carry.
    const [cursor] = await db.execute<{ contact_date: string; id: number }>(sql`
      select contact_date::text, id from contacts where site_id = ${site.id} order by contact_date desc, id desc offset 99949 limit 1`);
    started = performance.now();
    const last = await lead.get(`${url}?after=${cursor.contact_date}_${cursor.id}`).expect(200);
    const lastMs = performance.now() - started;
    assert.equal(last.text.match(/>BIG-\d+</g)!.join(), oldest.text.match(/>BIG-\d+</g)!.join(), 'Next from row 99,950 is the oldest page');
    assert.doesNotMatch(last.text, /rel="next"/);
    assert.match(last.text, /rel="prev"/);

    started = performance.now();
    const filtered = await lead.get(`${url}?way=old&waiting=yes&outcome=none&after=${cursor.contact_date}_${cursor.id}`).expect(200);
    const filteredMs = performance.now() - started;
    assert.match(filtered.text, />12,500 records</);
    // Of the 50 oldest (n 99,951 to 100,000), those with n a multiple of 4 are waiting.
    assert.equal((filtered.text.match(/>BIG-\d+</g) ?? []).length, 13);

    started = performance.now();
    await lead.get(url).expect(200);
    const firstMs = performance.now() - started;
    // Timings are for reading, not asserting: the machine is shared.
    if (process.env.SHOW_TIMINGS)
      console.log(
        `    newest ${firstMs.toFixed(0)} ms, oldest ${oldestMs.toFixed(0)} ms, after a deep cursor ${lastMs.toFixed(0)} ms, filtered ${filteredMs.toFixed(0)} ms`,
      );
  });
});
