import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog, sites, type User } from '../../server/db/schema.js';
import type { SiteFields } from '../../server/sites/form.js';
import { archiveSite, changeSite, setUpSite } from '../../server/sites/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { siteFields } from '../helpers/sites.js';

/** A site's use cases, as the Sites pages and the CLI's create-site call them, without HTTP. */
describe('the use cases of a site', function () {
  let database: TestDatabase;
  let admin: User;
  const acting = () => ({ userId: admin.id, ip: null });
  const fields = (name: string): SiteFields => siteFields({ name });

  before(async () => {
    database = await createTestDatabase();
    admin = await aUser(database.db, { role: 'administrator' });
  });
  after(async () => database.drop());

  const auditOf = (id: number) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.recordType, 'site'), eq(auditLog.recordId, String(id))));

  it('creates a site audited as the administrator, or from the command line as nobody the app knows', async () => {
    const web = await setUpSite(database.db, acting(), fields('Northgate'));
    const cli = await setUpSite(database.db, 'cli', fields('Southgate'));
    assert.ok(web.saved && cli.saved);
    assert.deepEqual(
      (await auditOf(web.saved.id)).map((entry) => [entry.action, entry.userId]),
      [['site.created', admin.id]],
    );
    assert.deepEqual(
      (await auditOf(cli.saved.id)).map((entry) => [entry.action, entry.userId]),
      [['site.created-by-cli', null]],
    );
  });

  it('makes one site of a name sent twice at once, and says the name is taken to the other', async () => {
    const results = await Promise.all([0, 1, 2, 3].map(() => setUpSite(database.db, acting(), fields('Eastgate'))));
    assert.equal(results.filter((result) => result.saved).length, 1);
    assert.equal(results.filter((result) => 'nameTaken' in result).length, 3);
    assert.equal((await database.db.select().from(sites).where(eq(sites.name, 'Eastgate'))).length, 1);
  });

  it('changes a site read at its version, is stale for an older one, and archives and restores it, each audited', async () => {
    const created = await setUpSite(database.db, acting(), fields('Westgate'));
    assert.ok(created.saved);
    const site = created.saved;
    const changed = await changeSite(database.db, acting(), { id: site.id, version: site.version, fields: fields('Westgate Team') });
    assert.ok(changed.saved);
    assert.deepEqual(await changeSite(database.db, acting(), { id: site.id, version: site.version, fields: fields('Westgate Again') }), {
      stale: true,
    });
    assert.deepEqual(
      await changeSite(database.db, acting(), { id: site.id, version: changed.saved.version, fields: fields('Northgate') }),
      {
        nameTaken: true,
      },
    );
    await archiveSite(database.db, acting(), { id: site.id, archived: true });
    await archiveSite(database.db, acting(), { id: site.id, archived: false });
    assert.deepEqual(
      (await auditOf(site.id)).map((entry) => entry.action),
      ['site.created', 'site.updated', 'site.archived', 'site.restored'],
    );
  });
});
