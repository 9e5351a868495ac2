import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { auditLog, sessions, siteMemberships, users, type Site, type User } from '../../server/db/schema.js';
import { createSession } from '../../server/accounts/sessions.js';
import { disableAccount, enableAccount, invitePerson } from '../../server/users/service.js';
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

/** An administrator's actions on an account, without HTTP. */
describe('the use cases of an administrator on an account', function () {
  let database: TestDatabase;
  let admin: User;
  before(async () => {
    database = await createTestDatabase();
    admin = await aUser(database.db, { role: 'administrator' });
  });
  after(async () => database.drop());

  const acting = () => ({ userId: admin.id, ip: null });
  const entriesFor = (person: User) =>
    database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.recordId, String(person.id)))
      .orderBy(auditLog.id);

  it('disables once on a double click, ending the sessions, and audits only what changed', async () => {
    const person = await aUser(database.db);
    await createSession(database.db, { userId: person.id });
    await Promise.all([disableAccount(database.db, acting(), person), disableAccount(database.db, acting(), person)]);
    const entries = await entriesFor(person);
    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.details]),
      [['account.disabled', { sessionsEnded: 1 }]],
    );
    await Promise.all([enableAccount(database.db, acting(), person), enableAccount(database.db, acting(), person)]);
    assert.deepEqual(
      (await entriesFor(person)).map((entry) => entry.action),
      ['account.disabled', 'account.enabled'],
    );
  });

  it('leaves the account as the last audited of disable and enable pressed at once, and disabled means signed out', async () => {
    const person = await aUser(database.db);
    for (let round = 0; round < 5; round += 1) {
      await createSession(database.db, { userId: person.id });
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          i % 2 ? enableAccount(database.db, acting(), person) : disableAccount(database.db, acting(), person),
        ),
      );
      const entries = await entriesFor(person);
      const actions = entries.map((entry) => entry.action);
      assert.ok(
        actions.every((action, i) => i === 0 || action !== actions[i - 1]),
        `each entry changes the state: ${actions.join(', ')}`,
      );
      const [now] = await database.db.select().from(users).where(eq(users.id, person.id));
      assert.equal(now.disabledAt !== null, actions.at(-1) === 'account.disabled', `round ${round}`);
      if (now.disabledAt) {
        assert.equal((await database.db.select().from(sessions).where(eq(sessions.userId, person.id))).length, 0);
        await enableAccount(database.db, acting(), person);
      }
    }
  });
});
