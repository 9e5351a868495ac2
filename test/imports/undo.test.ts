import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, contacts, type Site } from '../../server/db/schema.js';
import { contactImports } from '../../server/db/measures-schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { csv, importIdOf, upload } from './helpers.js';

describe('contacts already recorded, and undoing an import', function () {
  this.timeout(30_000);
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  beforeEach(async () => {
    t = await createTestApp({ now: '2026-11-23T10:00:00Z' });
    site = await aSite(t.database.db, { name: 'Undo site' });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    await t.database.db.insert(contacts).values([
      { siteId: site.id, personRef: 'D-1', contactDate: '2026-04-01', outcome: 'nfa', handoffs: 3, wayOfWorking: 'old', team: 'Before' },
      { siteId: site.id, personRef: 'D-2', contactDate: '2026-04-02', wayOfWorking: 'old' },
    ]);
  });
  afterEach(async () => t.close());

  const FILE = csv(
    {
      person_ref: 'D-1',
      contact_date: '01/04/2026',
      first_conversation_date: '2026-04-10',
      outcome: 'community',
      handoffs: '0',
      team: 'After',
    },
    { person_ref: 'D-3', contact_date: '2026-04-03', first_conversation_date: '' },
    { person_ref: 'D-4', contact_date: '2026-04-04', first_conversation_date: '', way_of_working: 'old' },
  );
  const contact = async (personRef: string) =>
    (
      await t.database.db
        .select()
        .from(contacts)
        .where(and(eq(contacts.siteId, site.id), eq(contacts.personRef, personRef)))
    )[0];

  async function importAs(onDuplicate: 'skip' | 'update') {
    const res = await upload(t.app, lead, site.id, FILE, { onDuplicate });
    const id = importIdOf(res.headers.location);
    const page = await lead.get(res.headers.location);
    assert.match(page.text, /1 contact is already recorded/);
    assert.match(page.text, onDuplicate === 'skip' ? /They will be skipped/ : /They will be updated/);
    assert.equal((await lead.post(`/sites/${site.id}/imports/${id}/confirm`)).status, 303);
    const [stored] = await t.database.db.select().from(contactImports).where(eq(contactImports.id, id));
    return { id, stored };
  }

  it('skips a contact already recorded, and undo removes only what it added', async () => {
    const { id, stored } = await importAs('skip');
    assert.deepEqual([stored.status, stored.inserted, stored.updated, stored.skipped, stored.duplicates], ['imported', 2, 0, 1, 1]);
    assert.equal((await contact('D-1')).team, 'Before');
    assert.equal((await contact('D-1')).importId, null);
    const undone = await lead.post(`/sites/${site.id}/imports/${id}/undo`);
    assert.equal(undone.status, 303);
    assert.equal(await contact('D-3'), undefined);
    assert.equal(await contact('D-4'), undefined);
    assert.equal((await contact('D-1')).team, 'Before');
    assert.ok(await contact('D-2'));
  });

  it('refuses to undo an import whose contacts were changed since, losing nobody’s edit', async () => {
    const { id } = await importAs('skip');
    await t.database.db.execute(
      sql`update contacts set team = 'Edited later', updated_at = now() + interval '1 second' where person_ref = 'D-3'`,
    );
    const refused = await lead.post(`/sites/${site.id}/imports/${id}/undo`);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /1 contact from this import has been changed since it was confirmed/);
    assert.equal((await contact('D-3')).team, 'Edited later');
    assert.ok(await contact('D-4'), 'nothing undone');
  });

  it('updates a contact already recorded, and undo puts its details back', async () => {
    const { id, stored } = await importAs('update');
    assert.deepEqual([stored.inserted, stored.updated, stored.skipped], [2, 1, 0]);
    const updated = await contact('D-1');
    assert.deepEqual(
      [updated.outcome, updated.handoffs, updated.team, updated.wayOfWorking, updated.importId],
      ['community', 0, 'After', 'new', id],
    );
    const page = await lead.get(`/sites/${site.id}/imports/${id}`);
    assert.match(page.text, /Undo this import/);
    assert.equal((await lead.post(`/sites/${site.id}/imports/${id}/undo`)).status, 303);
    const restored = await contact('D-1');
    assert.deepEqual(
      [restored.outcome, restored.handoffs, restored.team, restored.wayOfWorking, restored.importId],
      ['nfa', 3, 'Before', 'old', null],
    );
    assert.equal(await contact('D-3'), undefined);
    const [stored2] = await t.database.db.select().from(contactImports).where(eq(contactImports.id, id));
    assert.equal(stored2.status, 'undone');
    assert.ok(stored2.undoneAt);
    const actions = (await t.database.db.select().from(auditLog)).map((entry) => entry.action);
    assert.ok(actions.includes('contacts.imported') && actions.includes('contacts.import-undone'));
    const again = await lead.post(`/sites/${site.id}/imports/${id}/undo`);
    assert.equal(again.status, 409);
    assert.match(again.text, /already been undone/);
    assert.equal((await lead.post(`/sites/${site.id}/imports/${id}/confirm`)).status, 409);
  });

  it('refuses to undo an import that was never confirmed', async () => {
    const res = await upload(t.app, lead, site.id, FILE);
    const id = importIdOf(res.headers.location);
    const refused = await lead.post(`/sites/${site.id}/imports/${id}/undo`);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /Only an import that has been confirmed can be undone/);
    assert.equal((await t.database.db.select().from(contacts)).length, 2);
  });

  it('keeps came_back right after an import and after its undo', async () => {
    await t.database.db.insert(contacts).values({ siteId: site.id, personRef: 'D-3', contactDate: '2026-03-20', wayOfWorking: 'old' });
    const { id } = await importAs('skip');
    assert.equal(
      (
        await t.database.db
          .select()
          .from(contacts)
          .where(and(eq(contacts.personRef, 'D-3'), eq(contacts.contactDate, '2026-03-20')))
      )[0].cameBack,
      true,
    );
    await lead.post(`/sites/${site.id}/imports/${id}/undo`);
    assert.equal(
      (
        await t.database.db
          .select()
          .from(contacts)
          .where(and(eq(contacts.personRef, 'D-3'), eq(contacts.contactDate, '2026-03-20')))
      )[0].cameBack,
      false,
    );
  });
});
