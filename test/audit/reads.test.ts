import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { huddles, showAndTellPacks, type Site } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { aContact } from '../contacts/helpers.js';
import { csv, importIdOf, upload } from '../imports/helpers.js';
import { aPack } from '../show-and-tells/helpers.js';

const TODAY = '2026-06-10';

type Entry = {
  userId: number | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

/** Pages that show person references, the audit log itself, uploads and refusals all leave an entry. */
describe('what the audit log records of reading and refusing', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let member: Visitor;
  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    site = await aSite(t.database.db, { name: 'Audited site' });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const entries = async (action: string): Promise<Entry[]> => [
    ...(await t.database.db.execute<Entry>(sql`
      select user_id as "userId", action, record_type as "recordType", record_id as "recordId", ip, details from audit_log where action = ${action} order by id`)),
  ];
  const last = async (action: string) => (await entries(action)).at(-1);

  it('records who listed the contact records and which records they saw, and who opened one to change it', async () => {
    const contact = await aContact(t.database.db, site, { personRef: 'AU-0001', contactDate: '2026-06-01' });
    await member.get(`/sites/${site.id}/contacts`).expect(200);
    const listed = await last('contacts.listed');
    assert.equal(listed?.userId, member.user!.id);
    assert.deepEqual(listed?.details, { siteId: site.id, shown: [contact.id] });
    // A filter's words are not kept (they may be a person reference); the records it showed are.
    await member.get(`/sites/${site.id}/contacts?personRef=AU-0001`).expect(200);
    assert.ok(!JSON.stringify(await last('contacts.listed')).includes('AU-0001'));

    await member.get(`/sites/${site.id}/contacts/${contact.id}/edit`).expect(200);
    assert.deepEqual(await last('contact.read'), {
      userId: member.user!.id,
      action: 'contact.read',
      recordType: 'contact',
      recordId: String(contact.id),
      ip: (await last('contact.read'))!.ip,
      details: { siteId: site.id, page: 'change' },
    });
  });

  it('records opening a huddle board and its change forms, but not its live checks or its own refreshes', async () => {
    const [huddle] = await t.database.db.insert(huddles).values({ siteId: site.id, date: TODAY }).returning();
    const [contact] = await t.database.db.execute<{ id: number }>(sql`
      insert into contacts (site_id, person_ref, contact_date, huddle_id) values (${site.id}, 'AU-0002', ${TODAY}, ${huddle.id}) returning id`);
    const board = `/sites/${site.id}/huddles/${TODAY}`;
    const before = (await entries('huddle.opened')).length;
    await member.get(board).expect(200);
    await member.get(`${board}?view=board`).expect(200);
    const opened = await entries('huddle.opened');
    assert.equal(opened.length, before + 2);
    assert.deepEqual(opened.at(-2)?.details, { siteId: site.id, date: TODAY });
    assert.deepEqual(opened.at(-1)?.details, { siteId: site.id, date: TODAY, view: 'board' });
    assert.equal(opened.at(-1)?.recordId, String(huddle.id));
    await member.get(`${board}/live`);
    await member.get(board, { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }).expect(200);
    assert.equal((await entries('huddle.opened')).length, before + 2, 'live checks and the board fetching itself are not openings');

    await member.get(`${board}/contacts/${contact.id}/edit`).expect(200);
    assert.deepEqual((await last('contact.read'))?.details, { siteId: site.id, date: TODAY, page: 'change' });
  });

  it('records the import pages, uploads and problem downloads', async () => {
    await lead.get(`/sites/${site.id}/imports`).expect(200);
    assert.deepEqual((await last('imports.listed'))?.details, { siteId: site.id });
    const file = csv({ person_ref: 'AU-0100', contact_date: 'not a date' });
    const uploaded = await upload(t.app, lead, site.id, file, { fileName: 'AU-0100 Mrs Example.csv' }).expect(303);
    const id = importIdOf(uploaded.headers.location);
    const upload_ = await last('import.uploaded');
    assert.equal(upload_?.recordId, String(id));
    assert.deepEqual(upload_?.details, { siteId: site.id, bytes: Buffer.byteLength(file), onDuplicate: 'skip' });
    assert.ok(!JSON.stringify(upload_).includes('Example'), 'the file’s name is not copied into the audit log');
    await lead.get(`/sites/${site.id}/imports/${id}`).expect(200);
    assert.equal((await last('import.read'))?.recordId, String(id));
    await lead.get(`/sites/${site.id}/imports/${id}/problems.csv`).expect(200);
    const downloaded = await last('import.problems-downloaded');
    assert.equal(downloaded?.recordId, String(id));
    assert.equal(downloaded?.userId, lead.user!.id);
  });

  it('records each search of the audit log, by whom and for what', async () => {
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    await admin.get('/audit?recordType=contact').expect(200);
    const searched = await last('audit.searched');
    assert.equal(searched?.userId, admin.user!.id);
    assert.deepEqual(searched?.details, { page: 1, search: { recordType: 'contact' } });
  });

  it('records an expert by experience viewing a shared pack', async () => {
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    const { pack } = await aPack(t.database.db, site, lead.user!, 7);
    await t.database.db.update(showAndTellPacks).set({ status: 'ready', sharedWithGroup: true }).where(eq(showAndTellPacks.id, pack.id));
    await expert.get(`/co-production/show-and-tells/${pack.id}`).expect(200);
    assert.deepEqual(await last('show-and-tell.viewed'), {
      userId: expert.user!.id,
      action: 'show-and-tell.viewed',
      recordType: 'show-and-tell',
      recordId: String(pack.id),
      ip: (await last('show-and-tell.viewed'))!.ip,
      details: { siteId: site.id },
    });
  });

  it('records refusals: a role or a site a person may not use, and a failed CSRF check', async () => {
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await expert.get(`/sites/${site.id}/contacts`).expect(403);
    assert.deepEqual((await last('access.refused'))?.details, { method: 'GET', path: `/sites/${site.id}/contacts`, reason: 'role' });
    assert.equal((await last('access.refused'))?.userId, expert.user!.id);
    const elsewhere = await signedIn(t.app, t.database.db, 'practitioner', {
      siteIds: [(await aSite(t.database.db, { name: 'Elsewhere audited' })).id],
    });
    await elsewhere.get(`/sites/${site.id}/contacts?personRef=AU-0001`).expect(403);
    const refused = await last('access.refused');
    assert.deepEqual(
      refused?.details,
      { method: 'GET', path: `/sites/${site.id}/contacts`, reason: 'site' },
      'the address without its query',
    );
    await member.post(`/sites/${site.id}/contacts`, { _csrf: 'forged' }).expect(403);
    assert.deepEqual(await last('csrf.refused').then((entry) => [entry?.userId, entry?.details]), [
      member.user!.id,
      { method: 'POST', path: `/sites/${site.id}/contacts`, reason: 'csrf' },
    ]);
  });

  it('records a visitor’s forged requests at most once a minute an address, however many arrive at once', async () => {
    const before = (await entries('csrf.refused')).filter((entry) => entry.userId === null).length;
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        request(t.app).post('/sign-in').type('form').send({ email: 'someone@example.org', password: 'x', _csrf: 'forged' }),
      ),
    );
    assert.ok(
      results.every((res) => res.status === 403),
      results.map((res) => res.status).join(),
    );
    const after = (await entries('csrf.refused')).filter((entry) => entry.userId === null);
    // Thirty at once take turns at the check: exactly one row.
    assert.equal(after.length - before, 1, `${after.length - before} rows`);
    await request(t.app).post('/sign-in').type('form').send({ _csrf: 'forged' }).expect(403);
    assert.equal(
      (await entries('csrf.refused')).filter((entry) => entry.userId === null).length,
      after.length,
      'one more within the minute adds nothing',
    );
  });
});
