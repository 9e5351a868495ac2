import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, showAndTellPacks, showAndTellSections, type ShowAndTellPack, type Site } from '../../server/db/schema.js';
import { freezePack } from '../../server/show-and-tells/status.js';
import type { PackSnapshot } from '../../server/show-and-tells/shown.js';
import { aPack, sectionForm } from './helpers.js';

// Wednesday 10 June 2026; the pack is for fortnight 7 (25 May to 7 June).
describe('a show-and-tell from draft to ready to presented, then frozen as shown', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let packId: number;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Frozen site' });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    packId = (await aPack(db, site, lead.user!, 7)).pack.id;
    await addContacts(1);
  });
  after(async () => t.close());

  /** New-way contacts each weekday for the half year before the fortnight ended, waiting `days` days. */
  async function addContacts(days: number, prefix = 'FRZ') {
    await t.database.db.execute(sql`
      insert into contacts (site_id, person_ref, contact_date, first_conversation_date, outcome, way_of_working)
      select ${site.id}, ${prefix} || '-' || d, d, d + ${days}::int, 'community', 'new'
      from generate_series(date '2025-12-01', date '2026-06-07', interval '1 day') as g(day), lateral (select g.day::date as d) dd
      where extract(isodow from d) < 6`);
  }

  const base = () => `/sites/${site.id}/show-and-tells/7`;
  const pack = async (): Promise<ShowAndTellPack> =>
    (await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId)))[0];
  const sections = () =>
    t.database.db.select().from(showAndTellSections).where(eq(showAndTellSections.packId, packId)).orderBy(showAndTellSections.position);
  const chartTable = (html: string) =>
    html.match(/<table class="govuk-table app-spc-table" id="section-\d+-days-waited-new"[\s\S]*?<\/table>/)?.[0];

  it('is a draft until the lead marks it ready, and refuses a status change made on an old copy', async () => {
    const draft = await pack();
    assert.equal(draft.status, 'draft');
    const stale = await lead.post(`${base()}/status`, { to: 'ready', version: String(draft.version - 1) }).expect(409);
    assert.match(stale.text, /The pack changed while you were looking at it/);
    await lead.post(`${base()}/status`, { to: 'sideways', version: String(draft.version) }).expect(422);
    await lead.post(`${base()}/status`, { to: 'ready', version: String(draft.version) }).expect(303);
    assert.equal((await pack()).status, 'ready');
    const page = await lead.get(base()).expect(200);
    assert.match(page.text, /Mark as presented/);
    assert.match(page.text, /Back to draft/);
  });

  it('keeps what was shown when presented: the chart figures, the text and the day', async () => {
    const before = await lead.get(base()).expect(200);
    const shownTable = chartTable(before.text);
    assert.ok(shownTable, 'the pack shows the days-waited chart of the new way');
    assert.match(shownTable, /data-value="1"/);
    const ready = await pack();
    await lead.post(`${base()}/status`, { to: 'presented', version: String(ready.version) }).expect(303);
    const presented = await pack();
    assert.equal(presented.status, 'presented');
    assert.equal(presented.presentedOn, '2026-06-10');
    assert.equal(presented.presentedBy, lead.user!.id);
    const snapshot = presented.snapshot as PackSnapshot;
    assert.equal(snapshot.presentedOn, '2026-06-10');
    assert.deepEqual(
      snapshot.sections.map((section) => section.title),
      (await sections()).map((section) => section.title),
    );
    const learned = snapshot.sections.find((section) => section.kind === 'what-we-learned')!;
    assert.ok(learned.charts.length >= 2, 'the charts’ figures are kept');
    assert.ok(learned.charts[0].chart.points.length > 20);
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'show-and-tell.presented'));
    assert.equal(audit.recordId, String(packId));

    // Later records change the charts everywhere else, but not in the pack as it was shown.
    await t.database.db.execute(sql`delete from contacts where site_id = ${site.id}`);
    await addContacts(9, 'LATER');
    const after = await lead.get(base()).expect(200);
    assert.equal(chartTable(after.text), shownTable, 'the frozen chart is the one shown');
    assert.match(after.text, /kept as it was presented on Wednesday 10 June 2026, and cannot be changed/);
    assert.doesNotMatch(after.text, /sections\/\d+\/edit/, 'no controls to change it');
  });

  it('refuses every change to its content once presented, saving nothing', async () => {
    const [first] = await sections();
    const edit = await lead.get(`${base()}/sections/${first.id}/edit`).expect(409);
    assert.match(edit.text, /This show-and-tell has been presented/);
    await lead.post(`${base()}/sections/${first.id}`, sectionForm({ ...first, body: 'Rewriting history' })).expect(409);
    await lead.get(`${base()}/sections/new`).expect(409);
    await lead.post(`${base()}/sections`, sectionForm({ title: 'Late addition', body: '' })).expect(409);
    await lead.post(`${base()}/sections/${first.id}/move`, { direction: 'down' }).expect(409);
    await lead.post(`${base()}/sections/${first.id}/remove`, { version: String(first.version) }).expect(409);
    await lead.post(`${base()}/status`, { to: 'draft', version: String((await pack()).version) }).expect(409);
    assert.deepEqual((await sections())[0], first);
    assert.equal((await sections()).length, 5);
    assert.equal((await pack()).status, 'presented');
  });

  it('still records who came, by kind, with clear messages for counts that are not whole numbers', async () => {
    const presented = await pack();
    const bad = await lead
      .post(`${base()}/attendance`, {
        version: String(presented.version),
        attendanceTeam: 'six',
        attendanceManagers: '-1',
        attendancePartners: '1000',
        attendanceExperts: '4',
      })
      .expect(422);
    assert.match(bad.text, /From the team: enter a whole number, like 6, or leave it empty/);
    assert.match(bad.text, /Managers and directors: enter a whole number/);
    assert.match(bad.text, /Partners: enter a whole number/);
    assert.match(bad.text, /value="six"/, 'what was typed is kept');
    await lead
      .post(`${base()}/attendance`, {
        version: String(presented.version),
        attendanceTeam: '9',
        attendanceManagers: '3',
        attendancePartners: '5',
        attendanceExperts: '4',
      })
      .expect(303);
    const saved = await pack();
    assert.deepEqual([saved.attendanceTeam, saved.attendanceManagers, saved.attendancePartners, saved.attendanceExperts], [9, 3, 5, 4]);
    const page = await lead.get(base()).expect(200);
    assert.match(page.text, /21 people came: 9 from the team, 3 managers and directors, 5 partners, 4 experts by experience\./);
    const stale = await lead.post(`${base()}/attendance`, { version: String(presented.version), attendanceTeam: '1' }).expect(409);
    assert.match(stale.text, /value="1"/, 'the stale answers are kept');
    const list = await lead.get(`/sites/${site.id}/show-and-tells`).expect(200);
    assert.match(list.text, /Presented[\s\S]*?<td class="govuk-table__cell">21<\/td>/);
  });

  it('does not freeze from a snapshot made before a section changed', async () => {
    const other = (await aPack(t.database.db, site, lead.user!, 6)).pack;
    const rows = await t.database.db.select().from(showAndTellSections).where(eq(showAndTellSections.packId, other.id));
    await t.database.db
      .update(showAndTellSections)
      .set({ version: sql`version + 1` })
      .where(eq(showAndTellSections.id, rows[0].id));
    const snapshot: PackSnapshot = { presentedOn: '2026-06-10', chartRange: { from: '2025-12-01', to: '2026-05-24' }, sections: [] };
    const result = await t.database.db.transaction((tx) =>
      freezePack(tx, other.id, other.version, rows, snapshot, { userId: lead.user!.id, today: '2026-06-10' }),
    );
    assert.deepEqual(result, { stale: true });
  });
});

describe('a show-and-tell marked presented before its day', () => {
  let t: TestApp;
  after(async () => t?.close());

  it('asks the lead to say it was presented early, and audits that it was', async () => {
    // Wednesday 10 June 2026; fortnight 8 runs from 8 to 21 June, so its show-and-tell is still to come.
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    const site = await aSite(db, { name: 'Early site' });
    const lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    const { pack } = await aPack(db, site, lead.user!, 8);
    const base = `/sites/${site.id}/show-and-tells/8`;
    await lead.post(`${base}/status`, { to: 'ready', version: String(pack.version) }).expect(303);
    const ready = (await db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, pack.id)))[0];
    const page = await lead.get(base).expect(200);
    assert.match(page.text, /It was presented early, before/);
    const refused = await lead.post(`${base}/status`, { to: 'presented', version: String(ready.version) }).expect(422);
    assert.match(refused.text, /The show-and-tell is not until [A-Z][a-z]+day \d+ June 2026\. Tick the box to say it was presented early/);
    assert.match(refused.text, /govuk-error-summary/);
    assert.equal((await db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, pack.id)))[0].status, 'ready');
    await lead.post(`${base}/status`, { to: 'presented', version: String(ready.version), early: 'yes' }).expect(303);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'show-and-tell.presented'));
    assert.equal((entry.details as { early?: boolean }).early, true);
  });
});
