import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog, huddleGuests, huddles, type Site, type User } from '../../server/db/schema.js';
import { addHuddleRecord, changeHuddleRecords, closeTheHuddle, startTheHuddle } from '../../server/huddles/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** The huddle's use cases, called without HTTP as the routes, the CLI and the demo would. */
describe('the use cases of a huddle', function () {
  let database: TestDatabase;
  let site: Site;
  let worker: User;
  const acting = () => ({ userId: worker.id, ip: null });
  const audit = { action: 'huddle.guest-added', recordType: 'huddle_guest' };

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    worker = await aUser(database.db, { role: 'practitioner', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const huddleOn = async (date: string) =>
    (
      await database.db
        .select()
        .from(huddles)
        .where(and(eq(huddles.siteId, site.id), eq(huddles.date, date)))
    )[0];
  const entries = (action: string) => database.db.select().from(auditLog).where(eq(auditLog.action, action));

  it('starts and closes the day’s huddle, making it first, each audited', async () => {
    const day = { siteId: site.id, date: '2026-06-08' };
    await startTheHuddle(database.db, acting(), day);
    await closeTheHuddle(database.db, acting(), day);
    const huddle = await huddleOn(day.date);
    assert.ok(huddle.startedAt && huddle.closedAt);
    assert.equal(huddle.startedBy, worker.id);
    for (const action of ['huddle.started', 'huddle.closed']) {
      const [entry] = await entries(action);
      assert.equal(entry.recordId, String(huddle.id));
      assert.deepEqual(entry.details, { siteId: site.id, date: day.date });
    }
  });

  it('makes the huddle with its first record, and one huddle for first records sent at once', async () => {
    const day = { siteId: site.id, date: '2026-06-09', huddle: null };
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        changeHuddleRecords(database.db, acting(), day, audit, async (tx, huddleId) => {
          const [guest] = await tx
            .insert(huddleGuests)
            .values({ huddleId, role: `Visitor ${index}` })
            .returning();
          return guest.id;
        }),
      ),
    );
    const huddle = await huddleOn(day.date);
    const guests = await database.db.select().from(huddleGuests).where(eq(huddleGuests.huddleId, huddle.id));
    assert.equal(guests.length, 8, 'every record kept, on the one huddle');
  });

  it('audits nothing for a write that wrote nothing, and rolls everything back for one that fails', async () => {
    const before = (await entries(audit.action)).length;
    const day = { siteId: site.id, date: '2026-06-10', huddle: null };
    assert.equal(await changeHuddleRecords(database.db, acting(), day, audit, async () => null), 'unchanged');
    assert.equal((await entries(audit.action)).length, before);
    await database.db.delete(huddles).where(and(eq(huddles.siteId, site.id), eq(huddles.date, day.date)));
    await assert.rejects(
      changeHuddleRecords(database.db, acting(), day, audit, async (tx, huddleId) => {
        await tx.insert(huddleGuests).values({ huddleId, role: 'Never kept' });
        throw new Error('the form was not what it seemed');
      }),
      /not what it seemed/,
    );
    assert.equal(await huddleOn(day.date), undefined, 'not even the huddle it made');
    assert.equal((await entries(audit.action)).length, before);
  });

  it('adds a record and its audit entry in one statement, saying when it came after the close', async () => {
    const day = { siteId: site.id, date: '2026-06-08' };
    const closed = await huddleOn(day.date);
    await addHuddleRecord(
      database.db,
      acting(),
      { ...day, huddle: { id: closed.id, closedAt: String(closed.closedAt) } },
      audit,
      (sql, huddleId) => sql`insert into huddle_guests (huddle_id, role) values (${huddleId}, 'Hospital discharge nurse') returning id`,
    );
    const [guest] = await database.db.select().from(huddleGuests).where(eq(huddleGuests.role, 'Hospital discharge nurse'));
    const [entry] = (await entries(audit.action)).filter((row) => row.recordId === String(guest.id));
    assert.deepEqual(entry.details, { siteId: site.id, date: day.date, afterClose: true });
    assert.equal(entry.userId, worker.id);
  });
});
