import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { seedDemo } from '../../server/demo/demo.js';
import { personReferenceProblem } from '../../server/contacts/person-reference.js';
import { sites } from '../../server/db/schema.js';
import { measureTotals } from '../../server/measures/queries.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const TODAY = '2026-06-10';

describe('demo: contact records for the measures', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    const result = await seedDemo(t.database.db, TODAY);
    assert.ok(result.ok);
    assert.ok(
      result.lines.some((line) => /Northgate Community Team: \d{4,} contact records \(the old way before/.test(line)),
      result.lines.join('\n'),
    );
  });
  after(async () => t.close());

  it('has two years of the old way before go-live and a year of the new way, with a believable improvement', async () => {
    const [site] = await t.database.db.select().from(sites).where(eq(sites.name, 'Northgate Community Team'));
    const span = (await t.database.db.execute(sql`
      select way_of_working as way, min(contact_date)::text as first, max(contact_date)::text as last, count(*)::int as n
      from contacts where site_id = ${site.id} group by 1 order by 1`)) as unknown as {
      way: string;
      first: string;
      last: string;
      n: number;
    }[];
    const old = span.find((row) => row.way === 'old')!;
    const fresh = span.find((row) => row.way === 'new')!;
    assert.ok(old.first <= '2023-06-15' && old.last < site.goLiveDate, `old way ${old.first} to ${old.last}`);
    assert.ok(fresh.first >= site.goLiveDate, `new way from ${fresh.first}`);
    assert.ok(old.n > 2000 && fresh.n > 1000);

    const totals = await measureTotals(t.database.db, [site.id], { from: '2023-01-01', to: TODAY, today: TODAY });
    const before = totals.find((row) => row.wayOfWorking === 'old')!;
    const after = totals.find((row) => row.wayOfWorking === 'new')!;
    assert.ok(before.daysWaited! >= 20 && after.daysWaited! <= 8, `median wait ${before.daysWaited} → ${after.daysWaited}`);
    assert.ok(after.resolvedC1! > before.resolvedC1! + 15, `resolved ${before.resolvedC1} → ${after.resolvedC1}`);
    assert.ok(after.longTerm! < before.longTerm! - 8, `long-term ${before.longTerm} → ${after.longTerm}`);
    assert.ok(after.handoffs! < 1.5 && before.handoffs! > 3);
    assert.ok(after.repeatContact! < before.repeatContact!, `repeat ${before.repeatContact} → ${after.repeatContact}`);
    assert.ok(before.repeatContact! > 25 && before.repeatContact! < 40, 'about a third came back, as Harrow saw');
  });

  it('keeps the comparison team on the old way, and every reference is a made-up code', async () => {
    const [team] = await t.database.db.select().from(sites).where(eq(sites.name, 'Eastfield Locality Team (comparison)'));
    const ways = (await t.database.db.execute(
      sql`select distinct way_of_working as way from contacts where site_id = ${team.id}`,
    )) as unknown as { way: string }[];
    assert.deepEqual(
      ways.map((row) => row.way),
      ['old'],
    );
    const refs = (await t.database.db.execute(sql`select distinct person_ref from contacts order by 1 limit 500`)) as unknown as {
      person_ref: string;
    }[];
    for (const { person_ref } of refs) assert.equal(personReferenceProblem(person_ref), undefined, person_ref);
  });
});
