import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { removeAction } from '../../server/actions/queries.js';
import { addAction } from '../../server/actions/service.js';
import { actions, auditLog, showAndTellFeedback, type Site, type User } from '../../server/db/schema.js';
import { removeRecord } from '../../server/removal/service.js';
import { giveFeedback, preparePack } from '../../server/show-and-tells/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** Removing a record added by mistake, and feedback from the co-production group, as use cases without HTTP. */
describe('the use cases of removing a record and giving feedback', function () {
  let database: TestDatabase;
  let site: Site;
  let worker: User;
  let expert: User;

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    worker = await aUser(database.db, { role: 'practitioner', siteIds: [site.id] });
    expert = await aUser(database.db, { role: 'expert_by_experience', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const entries = (action: string) => database.db.select().from(auditLog).where(eq(auditLog.action, action));

  it('removes a record once when the button is pressed twice at once, audited once', async () => {
    const acting = { userId: worker.id, ip: null };
    const action = await addAction(database.db, acting, {
      siteId: site.id,
      fields: { description: 'Added by mistake', ownerId: worker.id, dueDate: '2026-06-20' },
      raisedOn: '2026-06-10',
    });
    const kind = {
      action: 'action.removed',
      recordType: 'action',
      remove: (tx: Parameters<typeof removeAction>[0], place: { site: Site }, record: { id: number }, version: number) =>
        removeAction(tx, place.site.id, record.id, version),
    };
    const place = { site, caption: site.name, back: '/', done: '/' };
    const results = await Promise.all(
      [0, 1].map(() => removeRecord(database.db, acting, kind, { place, record: action, version: action.version })),
    );
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal((await database.db.select().from(actions).where(eq(actions.id, action.id))).length, 0);
    const [entry, ...more] = await entries('action.removed');
    assert.equal(more.length, 0);
    assert.deepEqual(entry.details, { siteId: site.id, reason: 'added by mistake', version: action.version });
  });

  it('audits named feedback with it, and keeps anonymous feedback with no giver and no audit entry yet', async () => {
    const pack = await preparePack(
      database.db,
      { userId: worker.id, ip: null },
      {
        siteId: site.id,
        fortnight: 2,
        sections: [{ kind: 'free-text', title: 'What we tried', body: '', vision: '', goalMet: null, measures: [], storyIds: [] }],
      },
    );
    assert.ok(pack);
    const feedback = {
      packId: pack.id,
      sectionId: null,
      sectionTitle: null,
      liked: 'The story about the allotment',
      worried: '',
      tryNext: '',
    };
    const acting = { userId: expert.id, ip: null };
    const named = await giveFeedback(database.db, acting, { feedback, anonymous: false, today: '2026-06-12' });
    const anonymous = await giveFeedback(database.db, acting, { feedback, anonymous: true, today: '2026-06-12' });
    assert.equal(named.givenBy, expert.id);
    assert.equal(anonymous.givenBy, null);
    const given = await entries('show-and-tell.feedback-given');
    assert.deepEqual(
      given.map((entry) => entry.recordId),
      [String(named.id)],
    );
    const [kept] = await database.db.select().from(showAndTellFeedback).where(eq(showAndTellFeedback.id, anonymous.id));
    assert.equal(kept.audited, false, 'audited later, in a batch');
  });
});
