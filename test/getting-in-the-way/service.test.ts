import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog, gettingInTheWay, type Site, type User } from '../../server/db/schema.js';
import { changeItem, raiseItem } from '../../server/getting-in-the-way/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** The log's use cases, without HTTP. */
describe('the use cases of the getting-in-the-way log', function () {
  let database: TestDatabase;
  let site: Site;
  let owner: User;
  const acting = () => ({ userId: owner.id, ip: null });
  const fields = (overrides: Record<string, unknown> = {}) => ({
    title: 'The panel form asks for the same thing twice',
    description: '',
    category: 'process' as const,
    ownerId: owner.id,
    status: 'open' as const,
    escalatedTo: '',
    whatChanged: '',
    ...overrides,
  });

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    owner = await aUser(database.db, { role: 'practitioner', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const auditOf = (id: number) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.recordType, 'getting-in-the-way'), eq(auditLog.recordId, String(id))));

  it('raises an item, audited, and resolves it on the day it is resolved', async () => {
    const item = await raiseItem(database.db, acting(), { siteId: site.id, fields: fields(), raisedOn: '2026-06-08' });
    assert.equal(item.createdBy, owner.id);
    const written = await changeItem(database.db, acting(), {
      item,
      version: item.version,
      fields: fields({ status: 'resolved' }),
      today: '2026-06-12',
    });
    assert.ok(written.saved);
    assert.equal(written.saved.resolvedOn, '2026-06-12');
    assert.deepEqual(
      (await auditOf(item.id)).map((entry) => [entry.action, entry.details]),
      [
        ['getting-in-the-way.added', { siteId: site.id, status: 'open' }],
        ['getting-in-the-way.changed', { siteId: site.id, version: item.version + 1, status: 'resolved' }],
      ],
    );
  });

  it('lets one of many changes from the same version win; the rest are stale and write nothing', async () => {
    const item = await raiseItem(database.db, acting(), { siteId: site.id, fields: fields(), raisedOn: '2026-06-08' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        changeItem(database.db, acting(), {
          item,
          version: item.version,
          fields: fields({ title: `Title ${index}` }),
          today: '2026-06-09',
        }),
      ),
    );
    const won = results.filter((result) => result.saved);
    assert.equal(won.length, 1);
    const [saved] = await database.db.select().from(gettingInTheWay).where(eq(gettingInTheWay.id, item.id));
    assert.equal(saved.title, won[0].saved?.title);
    assert.equal((await auditOf(item.id)).length, 2, 'raised, and changed once');
  });
});
