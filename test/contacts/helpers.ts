import type { Db } from '../../server/db/connection.js';
import { contacts, type Contact, type Site } from '../../server/db/schema.js';
import type { ContactRecordFields } from '../../server/contacts/form.js';

/** A contact record saved straight to the database. */
export async function aContact(db: Db, site: Site, overrides: Partial<typeof contacts.$inferInsert> = {}): Promise<Contact> {
  const [contact] = await db
    .insert(contacts)
    .values({ siteId: site.id, personRef: `HX-${Math.floor(Math.random() * 1e8)}`, contactDate: '2026-06-01', ...overrides })
    .returning();
  return contact;
}

/** A date as the GOV.UK date input named `name` sends it; empty for null. */
export function dateFields(name: string, iso: string | null): Record<string, string> {
  if (!iso) return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' };
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

/** A complete, valid record form, as a browser would send it. */
export function recordForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    personRef: 'MOS-40417',
    ...dateFields('contact', '2026-05-04'),
    ...dateFields('firstConversation', '2026-05-06'),
    ...dateFields('c1', '2026-05-06'),
    ...dateFields('c2', null),
    ...dateFields('c3', null),
    highestConversation: '',
    outcome: 'community',
    handoffs: '1',
    fundingPanel: 'no',
    weeklyCost: '',
    wayOfWorking: 'old',
    team: 'North locality',
    leadWorkerId: '',
    ...overrides,
  };
}

/** A complete, valid record's fields, as the form's validation gives them: a new-way contact with nothing after it yet. */
export function contactFields(overrides: Partial<ContactRecordFields> = {}): ContactRecordFields {
  return {
    personRef: 'HX-0417',
    contactDate: '2026-06-08',
    firstConversationDate: null,
    c1Date: null,
    c2Date: null,
    c3Date: null,
    highestConversation: null,
    outcome: null,
    handoffs: 0,
    fundingPanel: false,
    weeklyCostGbp: null,
    wayOfWorking: 'new',
    team: '',
    leadWorkerId: null,
    ...overrides,
  };
}
