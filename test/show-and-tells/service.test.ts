import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { auditLog, showAndTellPacks, type Site, type User } from '../../server/db/schema.js';
import { addPackSection, movePackSection, preparePack, removePackSection } from '../../server/show-and-tells/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** A pack's use cases, without HTTP. */
describe('the use cases of a show-and-tell pack', function () {
  let database: TestDatabase;
  let site: Site;
  let lead: User;
  const acting = () => ({ userId: lead.id, ip: null });
  const section = (title: string) => ({
    kind: 'free-text' as const,
    title,
    body: 'What we tried',
    vision: '',
    goalMet: null,
    measures: [],
    storyIds: [],
  });

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    lead = await aUser(database.db, { role: 'programme_lead', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const entries = (action: string) => database.db.select().from(auditLog).where(eq(auditLog.action, action));

  it('prepares a fortnight’s pack once when two leads prepare it at once, audited once', async () => {
    const made = await Promise.all(
      [0, 1].map(() => preparePack(database.db, acting(), { siteId: site.id, fortnight: 4, sections: [section('What we learned')] })),
    );
    assert.equal(made.filter(Boolean).length, 1);
    assert.equal((await database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.siteId, site.id))).length, 1);
    assert.equal((await entries('show-and-tell.prepared')).length, 1);
  });

  it('adds, moves and removes sections, auditing what changed and nothing for a move that moved nothing', async () => {
    const pack = await preparePack(database.db, acting(), { siteId: site.id, fortnight: 5, sections: [section('First')] });
    assert.ok(pack);
    const added = await addPackSection(database.db, acting(), pack.id, section('Second'));
    assert.ok('saved' in added);
    const movedDown = await movePackSection(database.db, acting(), { packId: pack.id, sectionId: added.saved.id, direction: 'down' });
    assert.deepEqual(movedDown, { saved: false }, 'the last section cannot move down');
    const movedUp = await movePackSection(database.db, acting(), { packId: pack.id, sectionId: added.saved.id, direction: 'up' });
    assert.deepEqual(movedUp, { saved: true });
    assert.equal((await entries('show-and-tell.section-moved')).length, 1);
    const stale = await removePackSection(database.db, acting(), {
      packId: pack.id,
      section: added.saved,
      version: added.saved.version + 5,
    });
    assert.deepEqual(stale, { stale: true });
    const removed = await removePackSection(database.db, acting(), { packId: pack.id, section: added.saved, version: added.saved.version });
    assert.deepEqual(removed, { saved: true });
    assert.equal((await entries('show-and-tell.section-removed')).length, 1);
  });
});
