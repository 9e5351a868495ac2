/**
 * The use cases of a contact record entered by hand: recording one and changing one. See
 * server/use-cases.ts for what a use case owns. Imports have their own (import/apply.ts).
 */
import type { Db } from '../db/connection.js';
import type { Contact } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { type Acting, STALE, unlessTaken, type Written } from '../use-cases.js';
import type { ContactRecordFields } from './form.js';
import { createRecord, updateRecord } from './queries.js';

/** One contact a site, person and day (the unique index this names). */
const ONE_A_DAY = 'contacts_site_person_date';

/** The site already has a record of this person on this day: nothing was written. */
export const DUPLICATE: { duplicate: true; saved?: never; stale?: never } = Object.freeze({ duplicate: true as const });

export async function recordContact(
  db: Db,
  acting: Acting,
  input: { siteId: number; fields: ContactRecordFields },
): Promise<{ saved: Contact; duplicate?: never } | typeof DUPLICATE> {
  return unlessTaken(ONE_A_DAY, DUPLICATE, () =>
    db.transaction(async (tx) => {
      const contact = await createRecord(tx, input.siteId, input.fields, acting.userId);
      await recordAudit(tx, acting, {
        action: 'contact.added',
        recordType: 'contact',
        recordId: contact.id,
        details: { siteId: input.siteId },
      });
      return { saved: contact };
    }),
  );
}

/** Saves a change to a record read at `version`: stale if someone has saved it since, duplicate if it would repeat another. */
export async function changeContact(
  db: Db,
  acting: Acting,
  input: { siteId: number; id: number; version: number; fields: ContactRecordFields },
): Promise<Written<Contact> | typeof DUPLICATE> {
  return unlessTaken(ONE_A_DAY, DUPLICATE, () =>
    db.transaction(async (tx) => {
      const updated = await updateRecord(tx, input.siteId, input.id, input.version, input.fields);
      if (!updated) return STALE;
      await recordAudit(tx, acting, {
        action: 'contact.changed',
        recordType: 'contact',
        recordId: input.id,
        details: { siteId: input.siteId, version: updated.version },
      });
      return { saved: updated };
    }),
  );
}
