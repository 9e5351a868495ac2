import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, type User } from '../../server/db/schema.js';

/** The action column of the audit table, top to bottom. */
function actionsShown(html: string): string[] {
  const body = html.split('<tbody class="govuk-table__body">')[1] ?? '';
  return [
    ...body.matchAll(
      /<tr class="govuk-table__row">\s*<td class="govuk-table__cell">[^<]*<\/td>\s*<td class="govuk-table__cell">[\s\S]*?<\/td>\s*<td class="govuk-table__cell">([^<]*)<\/td>/g,
    ),
  ].map((m) => m[1]);
}

describe('audit log', () => {
  let t: TestApp;
  let admin: Visitor;
  let asha: User;
  let hostile: User;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signedIn(t.app, t.database.db, 'administrator');
    asha = await aUser(t.database.db, { name: 'Asha Patel', email: 'Asha.Patel@example.org' });
    hostile = await aUser(t.database.db, { name: '=cmd()', email: '=cmd()@example.org' });
    // Times in UTC; in June the UK is an hour ahead (BST), so these straddle midnight in London.
    await t.database.db.insert(auditLog).values([
      { at: new Date('2026-06-09T22:30:00Z'), userId: asha.id, action: 'site.created', recordType: 'site', recordId: '5', ip: '10.0.0.1' },
      {
        at: new Date('2026-06-09T23:30:00Z'),
        userId: hostile.id,
        action: 'account.invited',
        recordType: 'user',
        recordId: '7',
        details: { note: 'a, "quoted"\nvalue' },
      },
      { at: new Date('2026-06-10T22:59:59Z'), userId: asha.id, action: 'site.updated', recordType: 'site', recordId: '5' },
      {
        at: new Date('2026-06-10T23:00:00Z'),
        userId: null,
        action: 'sign-in.failed',
        ip: '+44',
        details: { email: '<script>alert(1)</script>' },
      },
    ]);
  });
  afterEach(async () => t.close());

  const search = (query = '') => admin.get(`/audit${query ? `?${query}` : ''}`);

  it('lists every entry, newest first, with who, what and where from', async () => {
    const res = await search().expect(200);
    assert.match(res.text, /<title>Audit log – Innovation Site Tracker<\/title>/);
    assert.deepEqual(actionsShown(res.text), ['sign-in.failed', 'site.updated', 'account.invited', 'site.created']);
    assert.match(res.text, /4 entries/);
    assert.match(res.text, /10 Jun 2026, 00:30:00/, 'shown in UK time');
    assert.match(res.text, /Asha Patel<br><span class="govuk-hint govuk-!-font-size-16">Asha\.Patel@example\.org/);
    assert.match(res.text, /Nobody signed in/);
    assert.match(res.text, /href="\/sites\/5">site 5<\/a>/);
    assert.match(res.text, /href="\/users\/7">user 7<\/a>/);
    assert.match(res.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(res.text, /<script>alert/);
    assert.match(res.text, /href="\/audit\.csv"/);
  });

  it('finds a person by part of their name or email, whatever its case', async () => {
    assert.deepEqual(actionsShown((await search('person=asha').expect(200)).text), ['site.updated', 'site.created']);
    assert.deepEqual(actionsShown((await search('person=PATEL%40EXAMPLE').expect(200)).text), ['site.updated', 'site.created']);
    assert.deepEqual(actionsShown((await search('person=%3Dcmd').expect(200)).text), ['account.invited']);
    assert.match((await search('person=nobody-has-this').expect(200)).text, /No entries match/);
    assert.match((await search(`person=${encodeURIComponent("' or 1=1 --")}`).expect(200)).text, /No entries match/);
  });

  it('finds a record by type, by id, or both', async () => {
    assert.deepEqual(actionsShown((await search('recordType=site&recordId=5').expect(200)).text), ['site.updated', 'site.created']);
    assert.deepEqual(actionsShown((await search('recordType=user').expect(200)).text), ['account.invited']);
    assert.deepEqual(actionsShown((await search('recordId=7').expect(200)).text), ['account.invited']);
  });

  it('searches whole days in UK time, both days included', async () => {
    const day = 'from-day=10&from-month=6&from-year=2026&to-day=10&to-month=6&to-year=2026';
    const res = await search(day).expect(200);
    assert.deepEqual(actionsShown(res.text), ['site.updated', 'account.invited']);
    assert.match(res.text, /name="from-day" type="text" inputmode="numeric" value="10"/);
    // The search just made is itself in the log now (it happened today, after 11 June).
    assert.deepEqual(actionsShown((await search('from-day=11&from-month=6&from-year=2026').expect(200)).text), [
      'audit.searched',
      'sign-in.failed',
    ]);
    assert.deepEqual(actionsShown((await search('to-day=9&to-month=June&to-year=2026').expect(200)).text), ['site.created']);
    assert.deepEqual(actionsShown((await search(`${day}&person=asha&recordType=site`).expect(200)).text), ['site.updated']);
  });

  it('explains a date it cannot read (422) and keeps the search', async () => {
    const res = await search('person=asha&from-day=31&from-month=2&from-year=2026&to-day=1&to-year=2026').expect(422);
    assert.match(res.text, /<title>Error: Audit log/);
    assert.match(res.text, /From date must be a real date/);
    assert.match(res.text, /To date must include a month/);
    assert.match(res.text, /name="person" type="text" value="asha"/);
    assert.doesNotMatch(res.text, /govuk-table__body/);
    await admin.get(`/audit.csv?person=${'x'.repeat(10_240)}`).expect(422);
  });

  it('shows 100 entries a page with GOV.UK pagination that keeps the search', async () => {
    await t.database.db.execute(sql`
      insert into audit_log (at, action, record_type, record_id)
      select timestamptz '2026-01-01 09:00:00Z' + make_interval(secs => n), 'bulk.entry', 'bulk', n::text from generate_series(1, 250) n`);
    const query = 'recordType=bulk';
    const first = await search(query).expect(200);
    assert.match(first.text, /250 entries/);
    assert.equal(actionsShown(first.text).length, 100);
    assert.match(first.text, /Showing 1 to 100/);
    assert.match(first.text, /<nav class="govuk-pagination" aria-label="Pagination">/);
    assert.match(first.text, /href="\/audit\?recordType=bulk&amp;page=3" aria-label="Page 3"/);
    assert.match(first.text, /href="\/audit\?recordType=bulk&amp;page=2" rel="next"/);
    assert.match(first.text, /aria-label="Page 1" aria-current="page"/);
    const last = await search(`${query}&page=3`).expect(200);
    assert.equal(actionsShown(last.text).length, 50);
    assert.match(last.text, /Showing 201 to 250/);
    assert.match(last.text, /rel="prev"/);
    assert.doesNotMatch(last.text, /rel="next"/);
    assert.match(last.text, />bulk 50</);
    assert.match((await search(`${query}&page=9`).expect(200)).text, /There are no entries on this page/);
    await search(`${query}&page=abc`).expect(200);
  });

  describe('CSV download', () => {
    const csv = (query = '') =>
      admin
        .get(`/audit.csv${query ? `?${query}` : ''}`)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        });

    it('downloads the same search, with formulas defused and RFC 4180 quoting', async () => {
      const res = await csv('from-day=10&from-month=6&from-year=2026&to-day=10&to-month=6&to-year=2026').expect(200);
      assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
      assert.match(res.headers['content-disposition'], /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
      const text = res.body as string;
      assert.ok(text.startsWith('\uFEFFat (ISO UTC),user id,user email,action,record type,record id,ip,details\r\n'));
      const lines = text.slice(1).split('\r\n');
      assert.equal(lines.length, 4, 'header, two entries and the final line break');
      assert.equal(lines[1], '2026-06-10T22:59:59.000Z,' + asha.id + ',Asha.Patel@example.org,site.updated,site,5,,{}');
      assert.equal(
        lines[2],
        `2026-06-09T23:30:00.000Z,${hostile.id},'=cmd()@example.org,account.invited,user,7,,"{""note"":""a, \\""quoted\\""\\nvalue""}"`,
      );
      assert.ok(
        await t.database.db
          .select()
          .from(auditLog)
          .where(sql`${auditLog.action} = 'audit.exported'`)
          .then((rows) => rows.length === 1),
      );
    });

    it('makes a cell starting with +, - or @ safe too', async () => {
      const text = (await csv('from-day=11&from-month=6&from-year=2026').expect(200)).body as string;
      assert.match(text, /,sign-in\.failed,,,'\+44,/);
    });

    it('reads the whole log in batches, none missed or repeated, even with equal times', async () => {
      await t.database.db.execute(sql`
        insert into audit_log (at, action, record_type, record_id)
        select timestamptz '2026-02-01 09:00:00Z' + make_interval(secs => n / 500), 'bulk.entry', 'bulk', n::text from generate_series(1, 2100) n`);
      const text = (await csv('recordType=bulk').expect(200)).body as string;
      const rows = text.slice(1).split('\r\n').slice(1, -1);
      assert.equal(rows.length, 2100);
      assert.equal(new Set(rows.map((row) => row.split(',')[5])).size, 2100);
      const times = rows.map((row) => row.split(',')[0]);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    });
  });

  it('refuses to change or remove an entry, in the database itself', async () => {
    await assert.rejects(t.database.sql`update audit_log set action = 'tampered'`, /append-only/);
    await assert.rejects(t.database.sql`delete from audit_log`, /append-only/);
    await assert.rejects(t.database.sql`truncate audit_log`, /append-only/);
    const [{ count }] = await t.database.sql<{ count: number }[]>`select count(*)::int as count from audit_log where action <> 'tampered'`;
    assert.equal(count, 4);
  });
});
