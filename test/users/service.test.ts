import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { auditLog, siteMemberships, users, type Site, type User } from '../../server/db/schema.js';
import { invitePerson } from '../../server/users/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** Inviting someone, as the Users page and the CLI's create-admin both do, without HTTP. */
describe('the use case of inviting a person', function () {
  let database: TestDatabase;
  let site: Site;
  let lead: User;

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    lead = await aUser(database.db, { role: 'programme_lead', siteIds: [site.id] });
  });
  after(async () => database.drop());

  it('makes the account, its sites, a one-time link and an audit entry naming who invited them', async () => {
    const invited = await invitePerson(
      database.db,
      { userId: lead.id, ip: '198.51.100.4' },
      { email: 'sam.okafor@example.org', name: 'Sam Okafor', role: 'practitioner', siteIds: [site.id] },
    );
    assert.ok(invited.user);
    assert.match(invited.path, /^\/invite\//);
    const memberships = await database.db.select().from(siteMemberships).where(eq(siteMemberships.userId, invited.user.id));
    assert.deepEqual(
      memberships.map((row) => row.siteId),
      [site.id],
    );
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.recordId, String(invited.user.id)));
    assert.equal(entry.action, 'account.invited');
    assert.equal(entry.userId, lead.id);
    assert.deepEqual(entry.details, { email: 'sam.okafor@example.org', role: 'practitioner', siteIds: [site.id] });
  });

  it('makes one account when the same address is invited twice at once, and tells the other it is taken', async () => {
    const fields = { email: 'ash.patel@example.org', name: 'Ash Patel', role: 'practitioner' as const, siteIds: [site.id] };
    const results = await Promise.all(Array.from({ length: 6 }, () => invitePerson(database.db, { userId: lead.id, ip: null }, fields)));
    assert.equal(results.filter((result) => result.user).length, 1);
    assert.equal(results.filter((result) => result.emailTaken).length, 5);
    assert.equal((await database.db.select().from(users).where(eq(users.email, fields.email))).length, 1);
  });

  it('invites an administrator from the command line, audited as nobody the app knows', async () => {
    const invited = await invitePerson(database.db, 'cli', {
      email: 'it.desk@example.org',
      name: 'IT desk',
      role: 'administrator',
      siteIds: [],
    });
    assert.ok(invited.user);
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.recordId, String(invited.user.id)));
    assert.equal(entry.action, 'account.created-by-cli');
    assert.equal(entry.userId, null);
    assert.deepEqual(entry.details, { role: 'administrator' });
  });
});
