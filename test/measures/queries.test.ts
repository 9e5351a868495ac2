import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { contacts, type Site } from '../../server/db/schema.js';
import { measuresByPeriod, measureTotals, waitingByPeriod, type MeasureRow } from '../../server/measures/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aSite } from '../helpers/sites.js';

const TODAY = '2026-06-10';

/** Hand-made contacts: every figure below is worked out by hand in the comments. */
describe('measures computed in SQL', () => {
  let database: TestDatabase;
  let site: Site;
  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    const row = (
      personRef: string,
      way: 'old' | 'new',
      contactDate: string,
      first: string | null,
      outcome: string | null,
      handoffs: number,
      panel: boolean,
      cost: string | null,
    ) => ({
      siteId: site.id,
      personRef,
      wayOfWorking: way,
      contactDate,
      firstConversationDate: first,
      outcome: outcome as never,
      handoffs,
      fundingPanel: panel,
      weeklyCostGbp: cost,
    });
    await database.db.insert(contacts).values([
      // New way, week of Monday 2 March: waits of 2, 5 and 1 days; C is still waiting.
      row('T-0001', 'new', '2026-03-02', '2026-03-04', 'resolved_c1', 0, false, null),
      row('T-0002', 'new', '2026-03-03', '2026-03-08', 'long_term', 2, true, '300.00'),
      row('T-0003', 'new', '2026-03-04', null, null, 1, false, null),
      row('T-0004', 'new', '2026-03-05', '2026-03-06', 'community', 0, false, null),
      // Old way, same week: waits of 24 and 20 days.
      row('T-0005', 'old', '2026-03-02', '2026-03-26', 'long_term', 5, true, '500.00'),
      row('T-0006', 'old', '2026-03-03', '2026-03-23', 'equipment', 3, false, null),
      // New way, week of 9 March: T-0001 comes back 8 days later.
      row('T-0001', 'new', '2026-03-10', '2026-03-10', 'nfa', 0, false, null),
    ]);
  });
  after(async () => database.drop());

  const range = { from: '2026-03-02', to: '2026-03-31', today: TODAY };
  const find = (rows: (MeasureRow & { periodStart?: string; days?: number })[], way: string, periodStart?: string) =>
    rows.find((row) => row.wayOfWorking === way && (periodStart === undefined || row.periodStart === periodStart))!;

  it('computes every measure per ISO week and way of working', async () => {
    const rows = await measuresByPeriod(database.db, [site.id], range, 'week');
    const fresh = find(rows, 'new', '2026-03-02');
    assert.equal(fresh.contacts, 4);
    assert.equal(fresh.daysWaited, 2, 'median of 1, 2, 5');
    assert.ok(Math.abs(fresh.daysWaitedP90! - 4.4) < 1e-9, '90th percentile: 2 + 0.8 × (5 - 2)');
    assert.equal(fresh.withFirstConversation, 3);
    assert.equal(fresh.withOutcome, 3);
    assert.ok(Math.abs(fresh.resolvedC1! - 200 / 3) < 1e-9, '2 of the 3 with an outcome');
    assert.ok(Math.abs(fresh.longTerm! - 100 / 3) < 1e-9);
    assert.equal(fresh.longTermCount, 1);
    assert.equal(fresh.handoffs, 0.75, '(0 + 2 + 1 + 0) / 4');
    assert.equal(fresh.fundingPanel, 25);
    assert.equal(fresh.weeklyCost, 300);
    assert.equal(fresh.oldEnough, 4, 'all at least 90 days before today');
    assert.equal(fresh.repeatContact, 25, 'T-0001 came back within 90 days');
    assert.equal(fresh.days, 7);

    const old = find(rows, 'old', '2026-03-02');
    assert.equal(old.daysWaited, 22, 'an even count takes the mean of the two middle values: (20 + 24) / 2');
    assert.ok(Math.abs(old.daysWaitedP90! - 23.6) < 1e-9);
    assert.equal(old.resolvedC1, 0);
    assert.equal(old.longTerm, 50);
    assert.equal(old.handoffs, 4);
    assert.equal(old.fundingPanel, 50);
    assert.equal(old.weeklyCost, 500);
    assert.equal(old.repeatContact, 0);

    const later = find(rows, 'new', '2026-03-09');
    assert.equal(later.contacts, 1);
    assert.equal(later.daysWaited, 0);
    assert.equal(later.repeatContact, 0, 'nobody came back after this one');
    assert.deepEqual(
      rows.map((r) => `${r.periodStart} ${r.wayOfWorking}`),
      ['2026-03-02 new', '2026-03-02 old', '2026-03-09 new'],
    );
  });

  it('groups by calendar month, and over the whole range for the comparison', async () => {
    const months = await measuresByPeriod(database.db, [site.id], range, 'month');
    assert.equal(find(months, 'new', '2026-03-01').contacts, 5);
    assert.equal(find(months, 'new', '2026-03-01').daysWaited, 1.5, 'median of 0, 1, 2, 5');
    assert.equal(find(months, 'new', '2026-03-01').days, 30, '2 to 31 March: the range cuts the month short');
    const totals = await measureTotals(database.db, [site.id], range);
    assert.equal(find(totals, 'new').contacts, 5);
    assert.equal(find(totals, 'old').contacts, 2);
    assert.equal(find(totals, 'new').repeatContact, 20, '1 of 5 came back');
  });

  it('leaves out contacts less than 90 days old from the repeat-contact rate', async () => {
    const rows = await measureTotals(database.db, [site.id], { ...range, today: '2026-06-05' });
    // 90 days before 5 June is 7 March: the 10 March contact is too new to know.
    assert.equal(find(rows, 'new').oldEnough, 4);
    assert.equal(find(rows, 'new').repeatContact, 25);
  });

  it('keeps "came back" right as contacts are added, moved and removed', async () => {
    const cameBack = async () =>
      (
        (await database.db.execute(
          sql`select contact_date::text as d from contacts where person_ref = 'T-0001' and came_back order by 1`,
        )) as unknown as { d: string }[]
      ).map((r) => r.d);
    assert.deepEqual(await cameBack(), ['2026-03-02']);
    await database.db.execute(
      sql`update contacts set contact_date = '2026-06-09' where person_ref = 'T-0001' and contact_date = '2026-03-10'`,
    );
    assert.deepEqual(await cameBack(), [], 'now 99 days later');
    await database.db.insert(contacts).values({ siteId: site.id, personRef: 'T-0001', contactDate: '2026-05-01', wayOfWorking: 'new' });
    assert.deepEqual(await cameBack(), ['2026-03-02', '2026-05-01'], 'a contact between them: both came back');
    await database.db.execute(sql`delete from contacts where person_ref = 'T-0001' and contact_date = '2026-05-01'`);
    await database.db.execute(
      sql`update contacts set contact_date = '2026-03-10' where person_ref = 'T-0001' and contact_date = '2026-06-09'`,
    );
    assert.deepEqual(await cameBack(), ['2026-03-02']);
  });

  it('counts the people waiting at the end of each week, however long ago they came in', async () => {
    const rows = await waitingByPeriod(database.db, [site.id], range, 'week');
    const at = (way: string, week: string) => rows.find((row) => row.wayOfWorking === way && row.periodStart === week)?.waiting;
    assert.equal(at('new', '2026-03-02'), 1, 'T-0003 has no first conversation');
    assert.equal(at('new', '2026-03-09'), 1);
    assert.equal(at('old', '2026-03-16'), 2, 'both old-way contacts still waiting on 22 March');
    assert.equal(at('old', '2026-03-23'), 0, 'first conversations on 23 and 26 March');
    const later = await waitingByPeriod(database.db, [site.id], { from: '2026-03-16', to: '2026-03-31' }, 'week');
    assert.equal(
      later.find((row) => row.wayOfWorking === 'new' && row.periodStart === '2026-03-16')?.waiting,
      1,
      'contacts before the range still count',
    );
  });
});
