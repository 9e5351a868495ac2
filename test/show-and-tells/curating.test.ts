import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, showAndTellPacks, showAndTellSections, type ShowAndTellSection, type Site } from '../../server/db/schema.js';
import { aPack, sectionForm } from './helpers.js';

// Wednesday 10 June 2026; the pack is for fortnight 7 (25 May to 7 June).
describe('a lead curating a show-and-tell pack', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let packId: number;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Curating site' });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    await signedIn(t.app, db, 'practitioner', { siteIds: [site.id] });
    packId = (await aPack(db, site, lead.user!, 7)).pack.id;
    // Two new-way contacts a weekday for the half year before, so the pack has charts to draw.
    await db.execute(sql`
      insert into contacts (site_id, person_ref, contact_date, first_conversation_date, outcome, way_of_working)
      select ${site.id}, 'CUR-' || n || '-' || d, d, d + (n % 4), case when n % 3 = 0 then 'resolved_c1' else 'community' end, 'new'
      from generate_series(date '2025-12-01', date '2026-06-07', interval '1 day') as g(day), lateral (select g.day::date as d) dd, generate_series(1, 2) as n
      where extract(isodow from d) < 6`);
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/show-and-tells/7`;
  const sections = () =>
    t.database.db
      .select()
      .from(showAndTellSections)
      .where(eq(showAndTellSections.packId, packId))
      .orderBy(showAndTellSections.position, showAndTellSections.id);
  const section = async (kind: string): Promise<ShowAndTellSection> => (await sections()).find((candidate) => candidate.kind === kind)!;

  it('shows each section with its change, move and remove controls, the chosen charts drawn from their tables, and the plain-English check beside it', async () => {
    const page = await lead.get(base()).expect(200);
    for (const row of await sections()) {
      assert.match(page.text, new RegExp(`id="section-${row.id}"`));
      assert.match(page.text, new RegExp(`href="${base()}/sections/${row.id}/edit"`));
    }
    assert.match(page.text, /Days waited for a first conversation/);
    assert.match(page.text, /data-spc-table/);
    assert.match(page.text, /People waited a median of \d+(\.\d)? days? for a first conversation in the week beginning/);
    assert.match(page.text, /data-centre-label="Average"/);
    assert.doesNotMatch(page.text, /Special cause|Process limits|XmR chart/, 'chart words for the public');
    assert.match(page.text, /No jargon found\./);
  });

  it('saves a section’s text, keeping emoji, Welsh letters and HTML exactly, shown as text, and flags jargon with what to say instead', async () => {
    const did = await section('what-we-did');
    const body =
      "This sprint we held C1 quickly 🎉 Diolch, ŵ ŷ.\n\n- <script>alert(1)</script>\n- '; drop table show_and_tell_sections; --";
    await lead.post(`${base()}/sections/${did.id}`, sectionForm({ ...did, body, goalMet: 'partly' })).expect(303);
    const saved = await section('what-we-did');
    assert.equal(saved.body, body);
    assert.equal(saved.goalMet, 'partly');
    assert.equal(saved.version, did.version + 1);
    const page = await lead.get(base()).expect(200);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.match(page.text, /Diolch, ŵ ŷ/);
    assert.match(page.text, /Did we meet our goal\?<\/strong> We partly met it/);
    assert.match(page.text, /<strong>“sprint”<\/strong>: try “fortnight”/);
    assert.match(page.text, /<strong>“C1”<\/strong>: try “the first conversation”/);
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'show-and-tell.section-changed'));
    assert.equal(audit.recordId, String(packId));
  });

  it('answers 422 with the answers kept for a missing heading, oversized text, an unknown measure or a goal answer that is not offered', async () => {
    const learned = await section('what-we-learned');
    const long = 'ŵ'.repeat(4001);
    const res = await lead
      .post(
        `${base()}/sections/${learned.id}`,
        sectionForm({ ...learned, title: '', body: long }, { measures: ['days-waited', 'drop-table'] }),
      )
      .expect(422);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /Enter a heading for the section/);
    assert.match(res.text, /Text must be 4,000 characters or fewer/);
    assert.match(res.text, /Select measures from the list/);
    assert.ok(res.text.includes(long), 'the text typed is kept');
    const did = await section('what-we-did');
    const wrong = await lead.post(`${base()}/sections/${did.id}`, sectionForm({ ...did }, { goalMet: 'maybe' })).expect(422);
    assert.match(wrong.text, /Select whether the goal was met/);
    const tooMany = await lead
      .post(
        `${base()}/sections/${learned.id}`,
        sectionForm(
          { ...learned },
          { measures: ['days-waited', 'waiting', 'resolved-c1', 'long-term', 'handoffs', 'funding-panel', 'weekly-cost'] },
        ),
      )
      .expect(422);
    assert.match(tooMany.text, /Select 6 measures or fewer/);
    assert.equal((await section('what-we-learned')).version, learned.version, 'nothing saved');
  });

  it('refuses to choose a story that may not be shown at a show-and-tell today', async () => {
    const learned = await section('what-we-learned');
    const res = await lead.post(`${base()}/sections/${learned.id}`, sectionForm({ ...learned, storyIds: [424242] })).expect(422);
    assert.match(res.text, /Select only stories that may be shown at a show-and-tell today/);
  });

  it('answers 409 with both versions when someone saved the section since, keeping the person’s text', async () => {
    const next = await section('what-next');
    await lead.post(`${base()}/sections/${next.id}`, sectionForm({ ...next, body: 'Saved first by someone else' })).expect(303);
    const stale = await lead
      .post(`${base()}/sections/${next.id}`, sectionForm({ ...next, body: 'My own words, typed on an old copy' }))
      .expect(409);
    assert.match(stale.text, /Someone else changed this section while you were editing it/);
    assert.match(stale.text, /Saved first by someone else/);
    assert.match(stale.text, /My own words, typed on an old copy/);
    assert.equal((await section('what-next')).body, 'Saved first by someone else');
  });

  it('adds a free-text section at the end, moves it up, and removes it after asking', async () => {
    const form = await lead.get(`${base()}/sections/new`).expect(200);
    assert.match(form.text, /Add a section/);
    await lead
      .post(
        `${base()}/sections`,
        sectionForm({ title: 'A word from our partners', body: 'The library has been brilliant.', measures: ['handoffs'] }),
      )
      .expect(303);
    let rows = await sections();
    const added = rows[rows.length - 1];
    assert.equal(added.title, 'A word from our partners');
    assert.equal(added.kind, 'free-text');
    assert.deepEqual(added.measures, ['handoffs']);

    await lead.post(`${base()}/sections/${added.id}/move`, { direction: 'up' }).expect(303);
    rows = await sections();
    assert.equal(rows[rows.length - 2].id, added.id);
    assert.equal(rows[rows.length - 1].kind, 'questions');
    await lead.post(`${base()}/sections/${rows[rows.length - 2].id}/move`, { direction: 'down' }).expect(303);
    rows = await sections();
    assert.equal(rows[rows.length - 1].id, added.id, 'and down again');
    await lead.post(`${base()}/sections/${added.id}/move`, { direction: 'up' }).expect(303);
    rows = await sections();
    await lead.post(`${base()}/sections/${rows[0].id}/move`, { direction: 'up' }).expect(303);
    assert.deepEqual(
      (await sections()).map((row) => row.id),
      rows.map((row) => row.id),
      'the first section cannot move up',
    );

    const confirm = await lead.get(`${base()}/sections/${added.id}/remove`).expect(200);
    assert.match(confirm.text, /Remove “A word from our partners”\?/);
    await lead.post(`${base()}/sections/${added.id}/remove`, { version: String(added.version - 1) }).expect(409);
    await lead.post(`${base()}/sections/${added.id}/remove`, { version: String(added.version) }).expect(303);
    assert.ok(!(await sections()).some((row) => row.id === added.id));
    const [pack] = await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId));
    assert.ok(pack.version >= 4, 'adding, moving and removing move the pack’s version');
  });

  it('moves with the buttons on the page, which are forms that work without JavaScript', async () => {
    const page = await lead.get(base()).expect(200);
    const rows = await sections();
    assert.match(
      page.text,
      new RegExp(
        `<form method="post" action="${base()}/sections/${rows[1].id}/move" novalidate><input type="hidden" name="_csrf"[^>]*><input type="hidden" name="direction" value="up"><button type="submit" class="app-link-button">Move up`,
      ),
    );
  });

  it('flags person references and workers’ names, and will not share the pack until they are gone', async () => {
    const worker = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    const did = await section('what-we-did');
    await lead
      .post(`${base()}/sections/${did.id}`, sectionForm({ ...did, body: `Rang about HX-0417. Thanks to ${worker.user!.name}.` }))
      .expect(303);
    const page = await lead.get(base()).expect(200);
    assert.match(page.text, /<h3 class="govuk-heading-s">Take out before sharing<\/h3>[\s\S]*?<strong>“HX-0417”<\/strong>:/);
    assert.match(page.text, new RegExp(`<strong>“${worker.user!.name}”</strong>: The group must not see the names of the workers`));
    let pack = (await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId)))[0];
    await lead.post(`${base()}/status`, { to: 'ready', version: String(pack.version) }).expect(303);
    pack = (await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId)))[0];
    const refused = await lead.post(`${base()}/sharing`, { share: 'yes', version: String(pack.version) }).expect(422);
    assert.match(
      refused.text,
      /cannot be shared until you take out what could identify someone or names a worker: “HX-0417” in “What we did”/,
    );
    assert.equal((await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId)))[0].sharedWithGroup, false);
    const fixed = await section('what-we-did');
    await lead.post(`${base()}/sections/${fixed.id}`, sectionForm({ ...fixed, body: 'Thanks to the whole team.' })).expect(303);
    await lead.post(`${base()}/sharing`, { share: 'yes', version: String(pack.version) }).expect(303);
    assert.equal((await t.database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, packId)))[0].sharedWithGroup, true);
  });
});
