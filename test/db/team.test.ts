import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { teamMembers } from '../../server/sites/team.js';
import { disableAccount } from '../../server/users/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

/** The team, written once as the team_members view that the board, the huddle forms and the pack's feedback read. */
describe('a site’s team', function () {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.drop());

  it('is its leads and practitioners with live accounts: not experts, administrators, the disabled or another site’s', async () => {
    const site = await aSite(database.db);
    const other = await aSite(database.db);
    const lead = await aUser(database.db, { role: 'programme_lead', siteIds: [site.id], name: 'Bea Lead' });
    const worker = await aUser(database.db, { role: 'practitioner', siteIds: [site.id, other.id], name: 'Ade Worker' });
    const gone = await aUser(database.db, { role: 'practitioner', siteIds: [site.id], name: 'Cal Gone' });
    await aUser(database.db, { role: 'expert_by_experience', siteIds: [site.id] });
    await aUser(database.db, { role: 'administrator', siteIds: [site.id] });
    await aUser(database.db, { role: 'practitioner', siteIds: [other.id] });
    await disableAccount(database.db, { userId: lead.id, ip: null }, gone);

    const team = await teamMembers(database.db, site.id);
    assert.deepEqual(
      team.map((member) => member.id),
      [worker.id, lead.id],
      'by name',
    );
    const [{ count }] = await database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from team_members where site_id = ${other.id}`,
    );
    assert.equal(count, 2);
  });
});
