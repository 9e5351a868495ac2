import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { addAction, changeAction } from '../../server/actions/service.js';
import { actionReviews, actions, auditLog, type Site, type User } from '../../server/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { aReflection } from './helpers.js';

/** The actions' use cases, called as the routes, the CLI and the demo call them: no HTTP. */
describe('the use cases of actions', function () {
  let database: TestDatabase;
  let site: Site;
  let owner: User;
  const acting = () => ({ userId: owner.id, ip: '203.0.113.9' });
  const fields = () => ({ description: 'Ring the equipment store about the hoist', ownerId: owner.id, dueDate: '2026-06-20' });

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    owner = await aUser(database.db, { role: 'practitioner', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const auditOf = (actionId: number) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.recordType, 'action'), eq(auditLog.recordId, String(actionId))));

  it('adds an action with its audit entry, by the person acting and from where', async () => {
    const action = await addAction(database.db, acting(), { siteId: site.id, fields: fields(), raisedOn: '2026-06-10' });
    assert.equal(action.createdBy, owner.id);
    assert.equal(action.raisedOn, '2026-06-10');
    const [entry, ...more] = await auditOf(action.id);
    assert.equal(more.length, 0);
    assert.equal(entry.action, 'action.added');
    assert.equal(entry.userId, owner.id);
    assert.equal(entry.ip, '203.0.113.9');
    assert.deepEqual(entry.details, { siteId: site.id });
  });

  it('adds an action raised at a reflection, audited as raised there', async () => {
    const reflectionId = await aReflection(database.db, site, '2026-06-08', '2026-06-12');
    const action = await addAction(database.db, acting(), { siteId: site.id, fields: fields(), raisedOn: '2026-06-12', reflectionId });
    assert.equal(action.reflectionId, reflectionId);
    const [entry] = await auditOf(action.id);
    assert.equal(entry.action, 'action.raised');
    assert.deepEqual(entry.details, { reflectionId });
  });

  it('writes nothing when its audit entry cannot be written: both land or neither', async () => {
    const before = (await database.db.select().from(actions)).length;
    // PostgreSQL refuses a NUL in text, so the audit insert (the second statement) fails.
    await assert.rejects(
      addAction(database.db, { userId: owner.id, ip: 'bad\u0000ip' }, { siteId: site.id, fields: fields(), raisedOn: '2026-06-10' }),
    );
    assert.equal((await database.db.select().from(actions)).length, before, 'the action was rolled back with its audit entry');
  });

  it('changes an action read at its current version, keeps a new status as a review, and audits it', async () => {
    const action = await addAction(database.db, acting(), { siteId: site.id, fields: fields(), raisedOn: '2026-06-10' });
    const written = await changeAction(database.db, acting(), {
      siteId: site.id,
      action,
      version: action.version,
      change: { fields: { ...fields(), description: 'Hoist ordered' }, review: { status: 'done', note: 'Arrives Friday' } },
      today: '2026-06-11',
    });
    assert.ok(written.saved);
    assert.equal(written.saved.version, action.version + 1);
    assert.equal(written.saved.status, 'done');
    assert.equal(written.saved.closedOn, '2026-06-11');
    const reviews = await database.db.select().from(actionReviews).where(eq(actionReviews.actionId, action.id));
    assert.deepEqual(
      reviews.map((review) => [review.status, review.note]),
      [['done', 'Arrives Friday']],
    );
    assert.deepEqual(
      (await auditOf(action.id)).map((entry) => entry.action),
      ['action.added', 'action.changed'],
    );
  });

  it('answers stale, writing and auditing nothing, for a version someone has saved since', async () => {
    const action = await addAction(database.db, acting(), { siteId: site.id, fields: fields(), raisedOn: '2026-06-10' });
    const change = { fields: { ...fields(), description: 'First' } };
    assert.ok(
      (await changeAction(database.db, acting(), { siteId: site.id, action, version: action.version, change, today: '2026-06-11' })).saved,
    );
    const late = await changeAction(database.db, acting(), {
      siteId: site.id,
      action,
      version: action.version,
      change: { fields: { ...fields(), description: 'Second' } },
      today: '2026-06-11',
    });
    assert.deepEqual(late, { stale: true });
    const [saved] = await database.db.select().from(actions).where(eq(actions.id, action.id));
    assert.equal(saved.description, 'First');
    assert.equal((await auditOf(action.id)).length, 2, 'added and changed once');
  });

  it('lets exactly one of many changes made at once from the same version win', async () => {
    const action = await addAction(database.db, acting(), { siteId: site.id, fields: fields(), raisedOn: '2026-06-10' });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        changeAction(database.db, acting(), {
          siteId: site.id,
          action,
          version: action.version,
          change: { fields: { ...fields(), description: `Change ${index}` } },
          today: '2026-06-11',
        }),
      ),
    );
    assert.equal(results.filter((result) => result.saved).length, 1);
    assert.equal(results.filter((result) => result.stale).length, 11);
    const changed = (await auditOf(action.id)).filter((entry) => entry.action === 'action.changed');
    assert.equal(changed.length, 1, 'one audit entry, for the change that won');
  });
});
