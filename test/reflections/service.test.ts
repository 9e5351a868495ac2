import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { auditLog, type Site, type User } from '../../server/db/schema.js';
import { raiseItem } from '../../server/getting-in-the-way/service.js';
import {
  answerWellbeingCheck,
  bringItemBack,
  closeWellbeingCheck,
  raiseItemAtReflection,
  startReflection,
} from '../../server/reflections/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** A weekly reflection's use cases, without HTTP. */
describe('the use cases of a weekly reflection', function () {
  let database: TestDatabase;
  let site: Site;
  let lead: User;
  let worker: User;
  const week = { weekStart: '2026-06-08', heldOn: '2026-06-12' };
  const item = (title: string) => ({
    title,
    category: 'process' as const,
    description: '',
    ownerId: worker.id,
    escalatedTo: '',
    status: 'open' as const,
    whatChanged: '',
  });

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    lead = await aUser(database.db, { role: 'programme_lead', siteIds: [site.id] });
    worker = await aUser(database.db, { role: 'practitioner', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const entries = (action: string) => database.db.select().from(auditLog).where(eq(auditLog.action, action));

  it('starts the week’s reflection once when two people start it at once, audited once', async () => {
    const [first, second] = await Promise.all([
      startReflection(database.db, { userId: lead.id, ip: null }, { siteId: site.id, week }),
      startReflection(database.db, { userId: worker.id, ip: null }, { siteId: site.id, week }),
    ]);
    assert.equal(first.reflection.id, second.reflection.id);
    assert.deepEqual([first.created, second.created].sort(), [false, true]);
    assert.equal((await entries('reflection.started')).length, 1);
  });

  it('raises an item at the reflection and brings an open one back once, however often it is asked', async () => {
    const { reflection } = await startReflection(database.db, { userId: lead.id, ip: null }, { siteId: site.id, week });
    const raised = await raiseItemAtReflection(
      database.db,
      { userId: worker.id, ip: null },
      {
        siteId: site.id,
        reflectionId: reflection.id,
        fields: item('The referral form has no field for carers'),
        raisedOn: week.heldOn,
      },
    );
    assert.equal(raised.reflectionId, reflection.id);
    const older = await raiseItem(
      database.db,
      { userId: worker.id, ip: null },
      { siteId: site.id, fields: item('No hoist in stock'), raisedOn: '2026-06-01' },
    );
    const answers = await Promise.all(
      [0, 1].map(() => bringItemBack(database.db, { userId: worker.id, ip: null }, { reflectionId: reflection.id, item: older })),
    );
    assert.ok(answers.includes('brought'));
    assert.equal((await entries('getting-in-the-way.brought-back')).length, 1);
  });

  it('takes one wellbeing answer a person, none after the check closes, and audits the closing', async () => {
    const { reflection } = await startReflection(database.db, { userId: lead.id, ip: null }, { siteId: site.id, week });
    const answer = { score: 4, word: 'busy' };
    const input = { reflectionId: reflection.id, answer, today: '2026-06-12' };
    assert.equal(await answerWellbeingCheck(database.db, { userId: worker.id, ip: null }, input), 'recorded');
    assert.equal(await answerWellbeingCheck(database.db, { userId: worker.id, ip: null }, input), 'already');
    assert.equal(
      await closeWellbeingCheck(
        database.db,
        { userId: lead.id, ip: null },
        { siteId: site.id, reflectionId: reflection.id, today: '2026-06-12' },
      ),
      true,
    );
    assert.equal(await answerWellbeingCheck(database.db, { userId: lead.id, ip: null }, input), 'closed');
    assert.equal(
      await closeWellbeingCheck(
        database.db,
        { userId: lead.id, ip: null },
        { siteId: site.id, reflectionId: reflection.id, today: '2026-06-12' },
      ),
      false,
    );
    const [closing, ...more] = await entries('reflection.wellbeing-closed');
    assert.equal(more.length, 0);
    assert.equal(closing.userId, lead.id);
  });
});
