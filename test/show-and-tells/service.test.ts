import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { auditLog, showAndTellPacks, showAndTellSections, type Site, type User } from '../../server/db/schema.js';
import {
  addPackSection,
  changePackItself,
  movePackSection,
  preparePack,
  presentPack,
  removePackSection,
} from '../../server/show-and-tells/service.js';
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

  it('saves one of a status change, a share and attendance sent at once from the same page, audits that one and finds the rest stale', async () => {
    const pack = await preparePack(database.db, acting(), { siteId: site.id, fortnight: 6, sections: [section('First')] });
    assert.ok(pack);
    const ready = await changePackItself(database.db, acting(), { packId: pack.id, version: pack.version, change: { status: 'ready' } });
    assert.ok('saved' in ready);
    const version = ready.saved.version;
    const attendance = { attendanceTeam: 8, attendanceManagers: 2, attendancePartners: 1, attendanceExperts: 3 };
    const changes = [
      { status: 'draft' as const },
      { sharedWithGroup: true },
      { attendance },
      { status: 'draft' as const },
      { sharedWithGroup: true },
    ];
    const results = await Promise.all(
      changes.map((change) => changePackItself(database.db, acting(), { packId: pack.id, version, change })),
    );
    const saved = results.flatMap((result, index) => ('saved' in result ? [index] : []));
    assert.equal(saved.length, 1);
    assert.equal(results.filter((result) => 'stale' in result).length, 4);
    const [after] = await database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, pack.id));
    assert.equal(after.version, version + 1);
    const audited = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.recordId, String(pack.id)));
    const actions = audited
      .map((entry) => entry.action)
      .filter((action) => action !== 'show-and-tell.prepared' && action !== 'show-and-tell.ready');
    assert.equal(actions.length, 1);
    const won = changes[saved[0]];
    assert.equal(
      actions[0],
      'status' in won ? 'show-and-tell.draft' : 'sharedWithGroup' in won ? 'show-and-tell.shared' : 'show-and-tell.attendance',
    );
  });

  it('saves exactly one of two presentings and a status change sent at once: never presented twice, the rest stale or frozen', async () => {
    const pack = await preparePack(database.db, acting(), { siteId: site.id, fortnight: 7, sections: [section('First')] });
    assert.ok(pack);
    const sections = await database.db.select().from(showAndTellSections).where(eq(showAndTellSections.packId, pack.id));
    const present = () =>
      presentPack(database.db, acting(), {
        packId: pack.id,
        version: pack.version,
        sections,
        snapshot: { presentedOn: '2026-12-04', chartRange: { from: '2026-11-01', to: '2026-12-04' }, sections: [] },
        today: '2026-12-04',
      });
    const results = await Promise.all([
      present(),
      present(),
      changePackItself(database.db, acting(), { packId: pack.id, version: pack.version, change: { status: 'ready' } }),
    ]);
    assert.equal(results.filter((result) => 'saved' in result).length, 1);
    assert.ok(results.every((result) => 'saved' in result || 'stale' in result || 'frozen' in result));
    const presented = (await entries('show-and-tell.presented')).filter((entry) => entry.recordId === String(pack.id));
    const [after] = await database.db.select().from(showAndTellPacks).where(eq(showAndTellPacks.id, pack.id));
    assert.equal(presented.length, after.status === 'presented' ? 1 : 0);
  });
});
