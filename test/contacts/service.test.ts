import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { changeContact, recordContact } from '../../server/contacts/service.js';
import type { ContactRecordFields } from '../../server/contacts/form.js';
import { contactFields } from './helpers.js';
import { auditLog, contacts, type Site, type User } from '../../server/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** Recording and changing a contact by hand, without HTTP. */
describe('the use cases of a contact record', function () {
  let database: TestDatabase;
  let site: Site;
  let worker: User;
  const acting = () => ({ userId: worker.id, ip: null });
  const fields = (overrides: Partial<ContactRecordFields> = {}): ContactRecordFields =>
    contactFields({ leadWorkerId: worker.id, ...overrides });

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    worker = await aUser(database.db, { role: 'practitioner', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const auditOf = (id: number) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.recordType, 'contact'), eq(auditLog.recordId, String(id))));

  it('records a contact with its audit entry, and answers duplicate for the same person and day, writing nothing', async () => {
    const recorded = await recordContact(database.db, acting(), { siteId: site.id, fields: fields() });
    assert.ok(recorded.saved);
    assert.equal(recorded.saved.createdBy, worker.id);
    assert.deepEqual(
      (await auditOf(recorded.saved.id)).map((entry) => entry.action),
      ['contact.added'],
    );
    const before = (await database.db.select().from(auditLog)).length;
    assert.deepEqual(await recordContact(database.db, acting(), { siteId: site.id, fields: fields({ outcome: 'nfa' }) }), {
      duplicate: true,
    });
    assert.equal((await database.db.select().from(auditLog)).length, before, 'no audit entry for what was not written');
  });

  it('records one of the same contact entered at once from two devices', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => recordContact(database.db, acting(), { siteId: site.id, fields: fields({ personRef: 'HX-0999' }) })),
    );
    assert.equal(results.filter((result) => result.saved).length, 1);
    assert.equal(results.filter((result) => result.duplicate).length, 5);
    assert.equal((await database.db.select().from(contacts).where(eq(contacts.personRef, 'HX-0999'))).length, 1);
  });

  it('changes a record read at its version; stale for an older one; duplicate for a change onto another record', async () => {
    const first = await recordContact(database.db, acting(), { siteId: site.id, fields: fields({ personRef: 'HX-0500' }) });
    const other = await recordContact(database.db, acting(), { siteId: site.id, fields: fields({ personRef: 'HX-0501' }) });
    assert.ok(first.saved && other.saved);
    const input = { siteId: site.id, id: first.saved.id, version: first.saved.version };
    const changed = await changeContact(database.db, acting(), {
      ...input,
      fields: fields({ personRef: 'HX-0500', outcome: 'long_term' }),
    });
    assert.ok('saved' in changed && changed.saved);
    assert.equal(changed.saved.outcome, 'long_term');
    assert.deepEqual(await changeContact(database.db, acting(), { ...input, fields: fields({ personRef: 'HX-0500' }) }), { stale: true });
    const onto = await changeContact(database.db, acting(), {
      ...input,
      version: changed.saved.version,
      fields: fields({ personRef: 'HX-0501' }),
    });
    assert.deepEqual(onto, { duplicate: true });
    assert.deepEqual(
      (await auditOf(first.saved.id)).map((entry) => entry.action),
      ['contact.added', 'contact.changed'],
    );
  });
});
