import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { contactImportRows, contactImports } from '../../server/db/measures-schema.js';
import { contacts, type Site } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { csv, HEADER, importIdOf, line, upload } from './helpers.js';

describe('importing contacts in the browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-11-23T10:00:00Z' });
    site = await aSite(t.database.db, { name: 'Import site' });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const siteContacts = () => t.database.db.select().from(contacts).where(eq(contacts.siteId, site.id));
  async function uploaded(file: string | Buffer, options: Parameters<typeof upload>[4] = {}) {
    const res = await upload(t.app, lead, site.id, file, options);
    assert.equal(res.status, 303, res.text);
    const id = importIdOf(res.headers.location);
    const page = await lead.get(res.headers.location);
    assert.equal(page.status, 200);
    return { id, page: page.text };
  }

  it('lets leads and administrators in, and refuses practitioners and experts by experience', async () => {
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    for (const path of ['', '/new', '/template.csv']) {
      assert.equal((await lead.get(`/sites/${site.id}/imports${path}`)).status, 200, path);
      assert.equal((await admin.get(`/sites/${site.id}/imports${path}`)).status, 200, path);
    }
    for (const role of ['practitioner', 'expert_by_experience'] as const) {
      const visitor = await signedIn(t.app, t.database.db, role, { siteIds: [site.id] });
      assert.equal((await visitor.get(`/sites/${site.id}/imports`)).status, 403);
      assert.equal((await visitor.get(`/sites/${site.id}/imports/new`)).status, 403);
      assert.equal((await upload(t.app, visitor, site.id, csv({}))).status, 403);
    }
  });

  it('offers the template and an upload form that works without JavaScript', async () => {
    const template = await lead.get(`/sites/${site.id}/imports/template.csv`);
    assert.match(
      template.headers['content-disposition'],
      /^attachment; filename="?contacts-template.csv/,
      template.headers['content-disposition'],
    );
    assert.ok(template.text.startsWith('person_ref,contact_date'));
    const form = await lead.get(`/sites/${site.id}/imports/new`);
    assert.match(form.text, /enctype="multipart\/form-data"/);
    assert.match(form.text, /type="file"/);
    assert.match(form.text, /name="_csrf"/);
    assert.match(form.text, /Skip it/);
    assert.match(form.text, /Update it/);
    assert.match(form.text, /src="\/static\/js\/import-progress.js"/);
    assert.match(form.text, /data-import-progress/);
    const island = await request(t.app).get('/static/js/import-progress.js');
    assert.equal(island.status, 200);
    assert.match(island.text, /Uploading… \$\{percent\}%/);
    assert.match(island.text, /Checking rows…/);
  });

  it('refuses a multipart upload without the CSRF token, or with a wrong one', async () => {
    assert.equal((await upload(t.app, lead, site.id, csv({}), { csrf: null })).status, 403);
    assert.equal((await upload(t.app, lead, site.id, csv({}), { csrf: 'b'.repeat(43) })).status, 403);
    const borrowed = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    assert.equal((await upload(t.app, lead, site.id, csv({}), { csrf: borrowed.csrfToken })).status, 403);
    // The JavaScript island sends the header too; a wrong header is refused before the body is read.
    const res = await upload(t.app, lead, site.id, csv({}), { csrf: null }).set('X-CSRF-Token', 'c'.repeat(43));
    assert.equal(res.status, 403);
    assert.equal((await t.database.db.select().from(contactImports)).length, 0);
  });

  it('asks for a file and a choice, keeping the choice', async () => {
    const none = await request(t.app)
      .post(`/sites/${site.id}/imports`)
      .set('Cookie', lead.cookie)
      .field('_csrf', lead.csrfToken)
      .field('onDuplicate', 'update');
    assert.equal(none.status, 422);
    assert.match(none.text, /Select a CSV file to upload/);
    assert.match(none.text, /value="update" checked/);
    const odd = await upload(t.app, lead, site.id, csv({}), { onDuplicate: 'explode' });
    assert.equal(odd.status, 422);
    assert.match(odd.text, /Select what to do with a contact that is already recorded/);
  });

  it('checks a clean file, shows check your answers, and writes nothing until confirmed', async () => {
    const file = [
      'person_ref,Contact Date,first_conversation_date,highest_conversation,outcome,handoffs,funding_panel,weekly_cost_gbp,way_of_working,team,Notes,NHS number',
      'A-1,2026-01-05,2026-01-09,1,resolved_c1,0,no,,old,"North, East","said hello, then left",x',
      'A-2,02/02/2026,,,,,no,,old,,,',
      'A-3,2026-06-01,2026-06-02,3,long_term,2,yes,"£1,200.00",new,South,"line one\nline two",',
    ].join('\r\n');
    const { id, page } = await uploaded(file, { fileName: 'baseline.csv' });
    assert.match(page, /Check your answers before importing/);
    assert.match(page, /5 January 2026 to 1 June 2026/);
    assert.match(page, /Old way of working<\/dt>\s*<dd class="govuk-summary-list__value">2</);
    assert.match(page, /New way of working<\/dt>\s*<dd class="govuk-summary-list__value">1</);
    assert.match(page, /Notes, NHS number/);
    assert.match(page, /None: every contact is new/);
    assert.equal((await siteContacts()).length, 0);
    const confirmed = await lead.post(`/sites/${site.id}/imports/${id}/confirm`);
    assert.equal(confirmed.status, 303);
    const rows = await siteContacts();
    assert.equal(rows.length, 3);
    assert.ok(rows.every((row) => row.importId === id));
    assert.equal(rows.find((row) => row.personRef === 'A-3')!.weeklyCostGbp, '1200.00');
    assert.equal(rows.find((row) => row.personRef === 'A-1')!.team, 'North, East');
    const again = await lead.post(`/sites/${site.id}/imports/${id}/confirm`);
    assert.equal(again.status, 409);
    assert.match(again.text, /already been confirmed/);
    assert.equal((await siteContacts()).length, 3);
    const list = await lead.get(`/sites/${site.id}/imports`);
    assert.match(list.text, /baseline.csv/);
    assert.match(list.text, /Imported/);
    assert.match(list.text, new RegExp(lead.user!.name));
  });

  it('shows each problem in plain English and imports nothing from a file with one bad row', async () => {
    const { id, page } = await uploaded(
      csv(
        { person_ref: 'B-1' },
        { person_ref: 'B-2', contact_date: '31/02/2026' },
        { person_ref: 'B-3', outcome: 'fixed' },
        { person_ref: 'B-4', way_of_working: '' },
        { person_ref: 'B-5', contact_date: '=1+2' },
      ),
    );
    assert.match(page, /Nothing was imported: the file has problems/);
    assert.match(
      page,
      /<td class="govuk-table__cell">3<\/td>\s*<td class="govuk-table__cell">contact_date<\/td>\s*<td class="govuk-table__cell">31\/02\/2026<\/td>/,
    );
    assert.match(page, /outcome/);
    assert.match(page, /way_of_working/);
    const [stored] = await t.database.db.select().from(contactImports).where(eq(contactImports.id, id));
    assert.equal(stored.status, 'failed');
    assert.equal(stored.problemCount, 4);
    assert.equal((await t.database.db.select().from(contactImportRows).where(eq(contactImportRows.importId, id))).length, 0);
    assert.equal((await siteContacts()).filter((c) => c.personRef.startsWith('B-')).length, 0);
    const refused = await lead.post(`/sites/${site.id}/imports/${id}/confirm`);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /has problems, so nothing can be imported/);
    const problems = await lead.get(`/sites/${site.id}/imports/${id}/problems.csv`);
    assert.match(problems.headers['content-disposition'], /attachment/);
    const lines = problems.text.split('\r\n');
    assert.equal(lines[0], 'row,column,value,problem');
    assert.equal(lines.length, 6);
    assert.ok(
      lines.some((l) => l.startsWith("6,contact_date,'=1+2,")),
      'a formula is defused',
    );
  });

  for (const [name, file, message] of [
    ['missing required columns', 'person_ref,contact_date\nA-1,2026-01-01\n', /way_of_working/],
    ['binary junk', Buffer.from([0x00, 0xff, 0x13, 0x00, 0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]), /This file is not a CSV file/],
    ['an empty file', '', /The file is empty/],
    ['a header with no rows', `${HEADER}\r\n`, /header row but no contacts/],
    ['an Excel workbook', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]), /Excel workbook/],
  ] as const) {
    it(`answers ${name} clearly`, async () => {
      const { page } = await uploaded(file);
      assert.match(page, /Nothing was imported/);
      assert.match(page, message);
    });
  }

  it('reads Windows-1252 with a £ sign, a BOM and CRLF line ends', async () => {
    const latin = Buffer.from(`${HEADER}\r\n${line({ person_ref: 'W-1', outcome: 'long_term', weekly_cost_gbp: '£250' })}\r\n`, 'latin1');
    assert.ok(latin.includes(0xa3));
    const { id } = await uploaded(latin);
    await lead.post(`/sites/${site.id}/imports/${id}/confirm`);
    assert.equal((await siteContacts()).find((c) => c.personRef === 'W-1')!.weeklyCostGbp, '250.00');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\r\n${line({ person_ref: 'W-2' })}\r\n`)]);
    const second = await uploaded(bom);
    assert.match(second.page, /Check your answers/);
  });

  it('answers 404 for an import of another site', async () => {
    const other = await aSite(t.database.db, { name: 'Other import site' });
    const otherLead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [other.id] });
    const res = await upload(t.app, otherLead, other.id, csv({ person_ref: 'O-1' }));
    const id = importIdOf(res.headers.location);
    assert.equal((await lead.get(`/sites/${site.id}/imports/${id}`)).status, 404);
    assert.equal((await lead.get(`/sites/${site.id}/imports/${id}/problems.csv`)).status, 404);
    assert.equal((await lead.post(`/sites/${site.id}/imports/${id}/confirm`)).status, 404);
    assert.equal((await lead.get(`/sites/${other.id}/imports/${id}`)).status, 403);
  });

  it('answers a file over 50 MB with the size problem', async () => {
    const row = `${line({ person_ref: 'BIG-1' })}\n`;
    const big = Buffer.from(HEADER + '\n' + row.repeat(Math.ceil((51 * 1024 * 1024) / row.length)));
    const res = await upload(t.app, lead, site.id, big);
    assert.equal(res.status, 413);
    assert.match(res.text, /The file is larger than 50 MB/);
    // Just over the limit, inside the room left for the form: read, and refused by the reader.
    const edge = Buffer.concat([big.subarray(0, 50 * 1024 * 1024), Buffer.from(row)]);
    const { page } = await uploaded(edge);
    assert.match(page, /The file is larger than 50 MB/);
  });
});
