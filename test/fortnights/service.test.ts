import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { auditLog, fortnightPlans, type Site, type User } from '../../server/db/schema.js';
import { planFortnight } from '../../server/fortnights/service.js';
import { markMeasureChange } from '../../server/measures/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** A fortnight's plan and a measures change date, as their use cases make them, without HTTP. */
describe('the use cases of a fortnight plan and a change date', function () {
  let database: TestDatabase;
  let site: Site;
  let lead: User;
  const acting = () => ({ userId: lead.id, ip: null });

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    lead = await aUser(database.db, { role: 'programme_lead', siteIds: [site.id] });
  });
  after(async () => database.drop());

  it('saves a fortnight’s first plan once when two people save it at once, the other stale', async () => {
    const results = await Promise.all(
      ['Try a drop-in at the library', 'Ring people back within a day'].map((goal) =>
        planFortnight(database.db, acting(), { siteId: site.id, number: 3, version: 0, fields: { goal, showAndTellDate: null } }),
      ),
    );
    assert.equal(results.filter((result) => result.saved).length, 1);
    assert.equal(results.filter((result) => result.stale).length, 1);
    const plans = await database.db.select().from(fortnightPlans).where(eq(fortnightPlans.siteId, site.id));
    assert.equal(plans.length, 1);
    assert.equal(plans[0].goal, results.find((result) => result.saved)?.saved?.goal);
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.action, 'fortnight.plan-saved'));
    assert.deepEqual(
      entries.map((entry) => entry.recordId),
      [`${site.id}/3`],
    );
  });

  it('marks a change date on the measures, by the person acting, audited', async () => {
    const change = await markMeasureChange(database.db, acting(), { siteId: site.id, date: '2026-05-04', label: 'Drop-in started' });
    assert.equal(change.createdBy, lead.id);
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'measures.change-added'));
    assert.deepEqual(entry.details, { siteId: site.id, date: '2026-05-04', label: 'Drop-in started' });
  });
});
