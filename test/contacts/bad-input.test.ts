import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { contacts, type Site } from '../../server/db/schema.js';
import { aContact, dateFields, recordForm } from './helpers.js';

// Wednesday 10 June 2026 in London.
describe('contact records refuse bad input', () => {
  let t: TestApp;
  let site: Site;
  let member: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Records site' });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const count = async () => (await t.database.db.select().from(contacts).where(eq(contacts.siteId, site.id))).length;

  /** Posts the form with `fields` changed; expects 422, the message in the summary and beside the field, and nothing saved. */
  async function refused(fields: Record<string, string>, message: RegExp, anchor: string): Promise<string> {
    const before = await count();
    const res = await member.post(`/sites/${site.id}/contacts`, recordForm(fields)).expect(422);
    assert.match(res.text, /<title>Error: Add a contact record/);
    assert.match(res.text, new RegExp(`<a href="#${anchor}">`), `summary links to #${anchor}`);
    assert.match(res.text, message);
    assert.match(res.text, /govuk-error-message/);
    assert.equal(await count(), before, 'nothing saved');
    return res.text;
  }

  it('refuses empty required fields, and says which', async () => {
    const res = await member.post(`/sites/${site.id}/contacts`, {}).expect(422);
    assert.match(res.text, /Enter a person reference/);
    assert.match(res.text, /Enter the contact date/);
    assert.match(res.text, /Enter the number of hand-offs, or 0 if there were none/);
    assert.match(res.text, /Select yes if a funding panel decided, or no/);
    assert.match(res.text, /Select the old way or the new way of working/);
  });

  it('refuses names, NHS numbers, dates of birth and contact details as person references', async () => {
    await refused({ personRef: 'John Smith' }, /Person reference looks like a name/, 'personRef');
    await refused({ personRef: 'Mrs Patel 12' }, /Person reference looks like a name/, 'personRef');
    await refused({ personRef: '943 476 5919' }, /looks like an NHS number/, 'personRef');
    await refused({ personRef: 'AB 01/02/1950' }, /date of birth/, 'personRef');
    await refused({ personRef: 'someone@example.org' }, /email address/, 'personRef');
    await refused({ personRef: 'X'.repeat(31) + '1' }, /30 characters or fewer/, 'personRef');
  });

  it('shows HTML and script escaped, never as markup', async () => {
    const text = await refused(
      { personRef: '<script>alert(1)</script>', team: '<img src=x onerror=alert(1)>' },
      /Person reference must only include/,
      'personRef',
    );
    assert.doesNotMatch(text, /<script>alert|<img src=x/);
    assert.match(text, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(text, /value="&lt;img src=x onerror=alert\(1\)&gt;"/);
  });

  it('refuses oversized text and keeps it in the form', async () => {
    const long = 'Tîm '.repeat(26);
    const text = await refused({ team: long }, /Team must be 100 characters or fewer/, 'team');
    assert.ok(text.includes(`value="${long.trim()}"`));
    // 100 characters of Welsh and emoji are fine, and kept exactly.
    const exactly = 'ŵŷ🙂'.repeat(33) + 'ŵ';
    await member.post(`/sites/${site.id}/contacts`, recordForm({ personRef: 'EMOJI-1', team: exactly })).expect(303);
    const [saved] = await t.database.db.select().from(contacts).where(eq(contacts.personRef, 'EMOJI-1'));
    assert.equal(saved.team, exactly);
  });

  it('refuses dates in the future, impossible dates and conversations before the contact', async () => {
    await refused(dateFields('contact', '2026-06-11'), /Contact date must be today \(Wednesday 10 June 2026\) or earlier/, 'contact-day');
    await refused({ 'contact-day': '30', 'contact-month': '2', 'contact-year': '2026' }, /Contact date must be a real date/, 'contact-day');
    await refused(
      { 'contact-day': '1', 'contact-month': '', 'contact-year': '2026' },
      /Contact date must include a month/,
      'contact-month',
    );
    await refused(
      dateFields('firstConversation', '2026-05-03'),
      /First conversation date must be on or after the contact date \(Monday 4 May 2026\)/,
      'firstConversation-day',
    );
    await refused(dateFields('firstConversation', '2026-07-01'), /First conversation date must be today/, 'firstConversation-day');
    await refused(dateFields('c2', '2026-05-01'), /Conversation 2 date must be on or after the contact date/, 'c2-day');
    await refused(dateFields('c3', '2027-01-01'), /Conversation 3 date must be today/, 'c3-day');
    await refused({ 'c1-day': '32', 'c1-month': '13', 'c1-year': '2026' }, /Conversation 1 date must be a real date/, 'c1-day');
  });

  it('refuses a highest conversation below the latest dated one, or not 1 to 3', async () => {
    await refused(
      { ...dateFields('c2', '2026-05-08'), highestConversation: '1' },
      /Highest conversation must be at least 2, since conversation 2 has a date/,
      'highestConversation',
    );
    await refused({ highestConversation: '4' }, /Select conversation 1, 2 or 3/, 'highestConversation');
    await refused({ outcome: 'cured' }, /Select an outcome from the list/, 'outcome');
    await refused({ wayOfWorking: 'sideways' }, /Select the old way or the new way/, 'wayOfWorking');
    await refused({ fundingPanel: 'maybe' }, /Select yes if a funding panel decided/, 'fundingPanel');
  });

  it('refuses negative or non-numeric cost and hand-offs', async () => {
    await refused({ handoffs: '-1' }, /Hand-offs must be a whole number/, 'handoffs');
    await refused({ handoffs: 'five' }, /Hand-offs must be a whole number/, 'handoffs');
    await refused({ handoffs: '2.5' }, /Hand-offs must be a whole number/, 'handoffs');
    await refused({ handoffs: '1001' }, /Hand-offs must be 1,000 or fewer/, 'handoffs');
    await refused({ handoffs: '9'.repeat(40) }, /Hand-offs must be 1,000 or fewer/, 'handoffs');
    await refused({ weeklyCost: '-5' }, /Weekly cost must be £0 or more/, 'weeklyCost');
    await refused({ weeklyCost: 'lots' }, /Weekly cost must be an amount in pounds/, 'weeklyCost');
    await refused({ weeklyCost: '12.345' }, /no more than 2 decimal places/, 'weeklyCost');
    await refused({ weeklyCost: '1,23' }, /Weekly cost must be an amount in pounds/, 'weeklyCost');
    await refused({ weeklyCost: '100000000' }, /£99,999,999.99 or less/, 'weeklyCost');
    await refused({ weeklyCost: 'NaN' }, /Weekly cost must be an amount in pounds/, 'weeklyCost');
  });

  it('refuses a lead worker from another site or made up', async () => {
    const elsewhere = await aSite(t.database.db, { name: 'Elsewhere' });
    const stranger = await aUser(t.database.db, { role: 'practitioner', siteIds: [elsewhere.id] });
    await refused({ leadWorkerId: String(stranger.id) }, /Select a lead worker from this site’s team/, 'leadWorkerId');
    await refused({ leadWorkerId: 'abc' }, /Select a lead worker from this site’s team/, 'leadWorkerId');
  });

  it('refuses the same bad input when changing a record, keeping the version it came with', async () => {
    const contact = await aContact(t.database.db, site, { personRef: 'EDIT-1', contactDate: '2026-05-04' });
    const res = await member
      .post(`/sites/${site.id}/contacts/${contact.id}`, recordForm({ personRef: 'EDIT-1', weeklyCost: '-3', version: '1' }))
      .expect(422);
    assert.match(res.text, /<title>Error: Change contact record/);
    assert.match(res.text, /Weekly cost must be £0 or more/);
    assert.match(res.text, /name="version" value="1"/);
    assert.match(res.text, /name="weeklyCost" type="text" value="-3"/);
    assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.id, contact.id)))[0].version, 1);
  });
});
