import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, boardRevisions, contacts, huddles, type Site, type User } from '../../server/db/schema.js';
import { aContact, dateFields, recordForm } from './helpers.js';

// Wednesday 10 June 2026 in London.
describe('a contact record', () => {
  let t: TestApp;
  let site: Site;
  let other: Site;
  let member: Visitor;
  let worker: User;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Records site' });
    other = await aSite(db, { name: 'Another site' });
    member = await signedIn(t.app, db, 'practitioner', { siteIds: [site.id] });
    worker = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Dafydd ap Gwilym' });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/contacts`;
  const revision = async (siteId: number) =>
    (await t.database.db.select().from(boardRevisions).where(eq(boardRevisions.siteId, siteId)))[0]?.revision ?? 0;

  it('refuses experts by experience on every records route, even at their own site', async () => {
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    const contact = await aContact(t.database.db, site, { personRef: 'EXP-1' });
    for (const path of [base(), `${base()}/new`, `${base()}/${contact.id}`, `${base()}/${contact.id}/edit`]) {
      assert.match((await expert.get(path).expect(403)).text, /You do not have access to this page/, path);
    }
    await expert.post(base(), recordForm()).expect(403);
    await expert.post(`${base()}/${contact.id}`, recordForm({ version: '1' })).expect(403);
    const reads = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contact.read'), eq(auditLog.recordId, String(contact.id))));
    assert.equal(reads.length, 0, 'a refused read is not a read');
  });

  describe('reading', () => {
    it('shows every field with Change links, and records who read it in the audit log', async () => {
      const contact = await aContact(t.database.db, site, {
        personRef: 'LAS-2207',
        contactDate: '2026-05-04',
        firstConversationDate: '2026-05-07',
        c1Date: '2026-05-07',
        c2Date: '2026-05-14',
        highestConversation: 2,
        outcome: 'equipment',
        handoffs: 3,
        fundingPanel: true,
        weeklyCostGbp: '1234.50',
        wayOfWorking: 'new',
        team: 'Tîm y Gogledd 🌿',
        leadWorkerId: worker.id,
      });
      const res = await member.get(`${base()}/${contact.id}`).expect(200);
      assert.match(res.text, /<h1 class="govuk-heading-l">Contact record LAS-2207<\/h1>/);
      for (const [key, value] of [
        ['Person reference', 'LAS-2207'],
        ['Contact date', 'Monday 4 May 2026'],
        ['First conversation date', 'Thursday 7 May 2026'],
        ['Days waited', '3 days'],
        ['Conversation 1', 'Thursday 7 May 2026'],
        ['Conversation 2', 'Thursday 14 May 2026'],
        ['Conversation 3', 'No date'],
        ['Highest conversation reached', '2'],
        ['Outcome', 'Equipment or adaptation'],
        ['Hand-offs', '3'],
        ['Funding panel decided', 'Yes'],
        ['Weekly cost', '£1,234.50'],
        ['Way of working', 'New way'],
        ['Team', 'Tîm y Gogledd 🌿'],
        ['Lead worker', 'Dafydd ap Gwilym'],
      ]) {
        assert.match(
          res.text,
          new RegExp(`<dt class="govuk-summary-list__key">${key}</dt>\\s*<dd class="govuk-summary-list__value">${value}</dd>`),
          key,
        );
      }
      assert.match(
        res.text,
        new RegExp(`href="${base()}/${contact.id}/edit#personRef">Change<span class="govuk-visually-hidden"> person reference</span>`),
      );
      assert.match(res.text, new RegExp(`href="${base()}/${contact.id}/edit#contact-day">Change`));
      const reads = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'contact.read'), eq(auditLog.recordId, String(contact.id))));
      assert.equal(reads.length, 1);
      assert.equal(reads[0].recordType, 'contact');
      assert.equal(reads[0].userId, member.user!.id);
      assert.deepEqual(reads[0].details, { siteId: site.id });
    });

    it('says when a record came from a huddle', async () => {
      const [huddle] = await t.database.db.insert(huddles).values({ siteId: site.id, date: '2026-06-08' }).returning();
      const contact = await aContact(t.database.db, site, {
        personRef: 'HUD-1',
        contactDate: '2026-06-08',
        huddleId: huddle.id,
        createdBy: member.user!.id,
      });
      const res = await member.get(`${base()}/${contact.id}`).expect(200);
      assert.match(
        res.text,
        new RegExp(
          `Added at the <a class="govuk-link" href="${base().replace('/contacts', '')}/huddles/2026-06-08">huddle of Monday 8 June 2026</a>`,
        ),
      );
      assert.ok(res.text.includes(`Added by ${member.user!.name}.`));
    });

    it('says how long someone has been waiting', async () => {
      const contact = await aContact(t.database.db, site, { personRef: 'LAS-2208', contactDate: '2026-06-08' });
      const res = await member.get(`${base()}/${contact.id}`).expect(200);
      assert.match(res.text, /Days waited<\/dt>\s*<dd class="govuk-summary-list__value">Waiting 2 days</);
      assert.match(res.text, /First conversation date<\/dt>\s*<dd class="govuk-summary-list__value">Not yet</);
    });

    it('answers 404 for an id from another site, not a number, or unknown, on every record route', async () => {
      const theirs = await aContact(t.database.db, other, { personRef: 'THEIRS-1' });
      for (const id of [String(theirs.id), 'abc', '0', '-1', '1.5', '99999999', '99999999999']) {
        await member.get(`${base()}/${id}`).expect(404);
        await member.get(`${base()}/${id}/edit`).expect(404);
        await member.post(`${base()}/${id}`, recordForm({ version: '1' })).expect(404);
      }
      const untouched = (await t.database.db.select().from(contacts).where(eq(contacts.id, theirs.id)))[0];
      assert.equal(untouched.personRef, 'THEIRS-1');
      // Nor a site the person does not belong to.
      await member.get(`/sites/${other.id}/contacts/${theirs.id}`).expect(403);
      await member.get(`/sites/${other.id}/contacts`).expect(403);
    });
  });

  describe('adding', () => {
    it('shows an empty form and adds a record outside the huddle, audited, moving the board revision', async () => {
      const form = await member.get(`${base()}/new`).expect(200);
      assert.match(form.text, /<h1 class="govuk-heading-l">Add a contact record<\/h1>/);
      assert.match(form.text, new RegExp(`<option value="${worker.id}">Dafydd ap Gwilym</option>`));
      const before = await revision(site.id);
      const res = await member
        .post(base(), recordForm({ weeklyCost: '£1,234.50', leadWorkerId: String(worker.id), team: 'Tîm Cymraeg 👩🏽‍⚕️ “quotes”' }))
        .expect(303);
      const id = Number(/\/contacts\/(\d+)$/.exec(res.headers.location)![1]);
      const [saved] = await t.database.db.select().from(contacts).where(eq(contacts.id, id));
      assert.equal(saved.siteId, site.id);
      assert.equal(saved.personRef, 'MOS-40417');
      assert.equal(saved.contactDate, '2026-05-04');
      assert.equal(saved.firstConversationDate, '2026-05-06');
      assert.equal(saved.c1Date, '2026-05-06');
      assert.equal(saved.c2Date, null);
      assert.equal(saved.outcome, 'community');
      assert.equal(saved.weeklyCostGbp, '1234.50');
      assert.equal(saved.wayOfWorking, 'old');
      assert.equal(saved.team, 'Tîm Cymraeg 👩🏽‍⚕️ “quotes”', 'Welsh and emoji kept exactly');
      assert.equal(saved.leadWorkerId, worker.id);
      assert.equal(saved.createdBy, member.user!.id);
      assert.equal(saved.huddleId, null);
      assert.ok((await revision(site.id)) > before, 'boards show contacts, so their revision moves');
      const audit = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'contact.added'), eq(auditLog.recordId, String(id))));
      assert.equal(audit.length, 1);
      const page = await member.get(res.headers.location, { Cookie: `${member.cookie}; flash=contact-added` }).expect(200);
      assert.match(page.text, /New contact added/);
      assert.match(page.text, /Tîm Cymraeg 👩🏽‍⚕️ “quotes”/);
    });

    it('refuses a second record of the same person on the same day with 422 and a clear message', async () => {
      await member.post(base(), recordForm({ personRef: 'DUP-77' })).expect(303);
      const res = await member.post(base(), recordForm({ personRef: 'DUP-77', team: 'Typed again' })).expect(422);
      assert.match(res.text, /This site already has a record for DUP-77 with the contact date Monday 4 May 2026/);
      assert.match(res.text, /See the record this one would duplicate/);
      assert.match(res.text, /value="Typed again"/);
      assert.equal(
        (
          await t.database.db
            .select()
            .from(contacts)
            .where(and(eq(contacts.siteId, site.id), eq(contacts.personRef, 'DUP-77')))
        ).length,
        1,
      );
      // Another site may hold the same reference on the same day.
      const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [other.id] });
      await lead.post(`/sites/${other.id}/contacts`, recordForm({ personRef: 'DUP-77' })).expect(303);
    });
  });

  describe('changing', () => {
    const post = (id: number, fields: Record<string, string>) => member.post(`${base()}/${id}`, recordForm(fields));

    it('shows the saved answers, saves a change with the version, audited, moving the board revision', async () => {
      const contact = await aContact(t.database.db, site, {
        personRef: 'CHG-1',
        contactDate: '2026-05-01',
        weeklyCostGbp: '99.00',
        leadWorkerId: worker.id,
        wayOfWorking: 'new',
      });
      const form = await member.get(`${base()}/${contact.id}/edit`).expect(200);
      assert.match(form.text, /name="version" value="1"/);
      assert.match(form.text, /name="personRef" type="text" value="CHG-1"/);
      assert.match(form.text, /name="weeklyCost" type="text" value="99.00"/);
      assert.match(form.text, new RegExp(`<option value="${worker.id}" selected>`));
      assert.match(form.text, /name="wayOfWorking" type="radio" value="new" checked/);
      const before = await revision(site.id);
      const res = await post(contact.id, {
        personRef: 'CHG-1',
        ...dateFields('contact', '2026-05-01'),
        outcome: 'long_term',
        weeklyCost: '450',
        version: '1',
      }).expect(303);
      assert.equal(res.headers.location, `${base()}/${contact.id}`);
      const [saved] = await t.database.db.select().from(contacts).where(eq(contacts.id, contact.id));
      assert.equal(saved.version, 2);
      assert.equal(saved.outcome, 'long_term');
      assert.equal(saved.weeklyCostGbp, '450.00');
      assert.ok((await revision(site.id)) > before);
      const audit = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'contact.changed'), eq(auditLog.recordId, String(contact.id))));
      assert.deepEqual(
        audit.map((entry) => entry.details),
        [{ siteId: site.id, version: 2 }],
      );
    });

    it('keeps a lead worker who has since left the team', async () => {
      const leaver = await aUser(t.database.db, { role: 'practitioner', name: 'Gone Now' });
      const contact = await aContact(t.database.db, site, { personRef: 'CHG-2', contactDate: '2026-05-01', leadWorkerId: leaver.id });
      await post(contact.id, {
        personRef: 'CHG-2',
        ...dateFields('contact', '2026-05-01'),
        leadWorkerId: String(leaver.id),
        version: '1',
      }).expect(303);
      // But a new record cannot name them.
      const res = await member.post(base(), recordForm({ personRef: 'CHG-3', leadWorkerId: String(leaver.id) })).expect(422);
      assert.match(res.text, /Select a lead worker from this site’s team: that person is not in it/);
    });

    it('answers 409 to a stale save, shows both versions, keeps what was typed and overwrites nothing', async () => {
      const contact = await aContact(t.database.db, site, { personRef: 'CONF-1', contactDate: '2026-05-01', team: 'Original' });
      await post(contact.id, {
        personRef: 'CONF-1',
        ...dateFields('contact', '2026-05-01'),
        team: 'Saved by someone else first',
        version: '1',
      }).expect(303);
      const res = await post(contact.id, {
        personRef: 'CONF-1',
        ...dateFields('contact', '2026-05-01'),
        team: 'My late <b>change</b>',
        version: '1',
      }).expect(409);
      assert.match(res.text, /<title>Error: Change contact record/);
      assert.match(res.text, /Someone else changed this record while you were changing it/);
      assert.match(res.text, /Saved by someone else first/);
      assert.match(res.text, /value="My late &lt;b&gt;change&lt;\/b&gt;"/);
      assert.doesNotMatch(res.text, /<b>change<\/b>/);
      assert.match(res.text, /name="version" value="2"/);
      assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.id, contact.id)))[0].team, 'Saved by someone else first');
      // Saving again from the conflict page, now at version 2, wins.
      await post(contact.id, { personRef: 'CONF-1', ...dateFields('contact', '2026-05-01'), team: 'My late change', version: '2' }).expect(
        303,
      );
      assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.id, contact.id)))[0].team, 'My late change');
    });

    it('treats a missing or garbled version as stale: 409, not 500', async () => {
      const contact = await aContact(t.database.db, site, { personRef: 'CONF-2', contactDate: '2026-05-01' });
      for (const version of ['', 'abc', '-1', '1.5', '99999999999999999999', '<script>']) {
        await post(contact.id, { personRef: 'CONF-2', ...dateFields('contact', '2026-05-01'), version }).expect(409);
      }
      const fields = recordForm({ personRef: 'CONF-2', ...dateFields('contact', '2026-05-01') });
      await member.post(`${base()}/${contact.id}`, fields).expect(409);
      assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.id, contact.id)))[0].version, 1);
    });

    it('refuses changing a record into a duplicate of another with 422', async () => {
      await aContact(t.database.db, site, { personRef: 'TWIN-1', contactDate: '2026-05-02' });
      const second = await aContact(t.database.db, site, { personRef: 'TWIN-2', contactDate: '2026-05-02' });
      const res = await post(second.id, { personRef: 'TWIN-1', ...dateFields('contact', '2026-05-02'), version: '1' }).expect(422);
      assert.match(res.text, /This site already has a record for TWIN-1/);
      assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.id, second.id)))[0].personRef, 'TWIN-2');
    });
  });
});
