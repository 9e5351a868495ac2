import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { contactImportRows, contactImports } from '../../server/db/measures-schema.js';
import { contacts, type Site } from '../../server/db/schema.js';
import { sweepExpired } from '../../server/housekeeping.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

describe('an import whose check a crash cut off', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  beforeEach(async () => {
    t = await createTestApp({ now: '2026-11-23T10:00:00Z' });
    site = await aSite(t.database.db);
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
  });
  afterEach(async () => t.close());

  /** What a crash leaves: an import still "checking", half its rows staged, its heartbeat `minutesAgo` old. */
  async function cutOff(minutesAgo: number) {
    const [imported] = await t.database.db
      .insert(contactImports)
      .values({
        siteId: site.id,
        fileName: 'big.csv',
        status: 'checking',
        rowsChecked: 2000,
        createdBy: lead.user!.id,
        heartbeatAt: sql`now() - make_interval(mins => ${minutesAgo})`,
      })
      .returning();
    await t.database.db.insert(contactImportRows).values(
      Array.from({ length: 2000 }, (_, i) => ({
        importId: imported.id,
        row: i + 2,
        personRef: `CUT-${i}`,
        contactDate: '2026-03-02',
        wayOfWorking: 'new' as const,
      })),
    );
    return imported;
  }
  const staged = async (importId: number) =>
    (await t.database.db.select().from(contactImportRows).where(eq(contactImportRows.importId, importId))).length;

  it('is marked failed at the next start, its staging rows cleared, and says so', async () => {
    const stuck = await cutOff(10);
    const running = await cutOff(0);
    const sweep = await sweepExpired(t.database.db);
    assert.equal(sweep.imports, 1);
    const [marked] = await t.database.db.select().from(contactImports).where(eq(contactImports.id, stuck.id));
    assert.equal(marked.status, 'failed');
    assert.equal(await staged(stuck.id), 0);
    // A check that is still moving (another instance reading a file now) is left alone.
    assert.equal((await t.database.db.select().from(contactImports).where(eq(contactImports.id, running.id)))[0].status, 'checking');
    assert.equal(await staged(running.id), 2000);

    const page = await lead.get(`/sites/${site.id}/imports/${stuck.id}`).expect(200);
    assert.match(page.text, /cut off before it finished/);
    assert.match(page.text, /nothing was imported/);
    assert.doesNotMatch(page.text, /Still checking/);
    const confirm = await lead.post(`/sites/${site.id}/imports/${stuck.id}/confirm`).expect(409);
    assert.match(confirm.text, /cut off before it finished/);
    assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.siteId, site.id))).length, 0);
  });

  it('is marked failed as soon as someone opens it, without waiting for the schedule', async () => {
    const stuck = await cutOff(5);
    const list = await lead.get(`/sites/${site.id}/imports`).expect(200);
    assert.match(list.text, /Cut off: upload again/);
    assert.doesNotMatch(list.text, />Checking</);
    const page = await lead.get(`/sites/${site.id}/imports/${stuck.id}`).expect(200);
    assert.match(page.text, /cut off before it finished/);
    assert.equal(await staged(stuck.id), 0);
  });

  it('cannot be confirmed while its check is still running', async () => {
    const running = await cutOff(0);
    const confirm = await lead.post(`/sites/${site.id}/imports/${running.id}/confirm`).expect(409);
    assert.match(confirm.text, /still being checked/);
    assert.doesNotMatch(confirm.text, /has problems/);
  });
});
