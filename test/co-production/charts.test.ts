import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { addDays } from '../../server/calendar/fortnights.js';
import { contacts, showAndTellPacks } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { aPack } from '../show-and-tells/helpers.js';

describe('the co-production group’s charts page', () => {
  let t: TestApp;
  after(async () => t?.close());

  it('shows each chart once, though two sections of the pack show the same measure', async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    const site = await aSite(db, { name: 'Charts once' });
    const lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    const expert = await signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] });
    const rows = [];
    for (let day = '2026-03-02', k = 0; day <= '2026-05-25'; day = addDays(day, 7), k += 1) {
      for (let i = 0; i < 6; i += 1)
        rows.push({
          siteId: site.id,
          personRef: `CH-${k}-${i}`,
          contactDate: day,
          firstConversationDate: addDays(day, 2 + (i % 3)),
          wayOfWorking: 'new' as const,
        });
    }
    await db.insert(contacts).values(rows);
    const { pack } = await aPack(db, site, lead.user!, 7, {
      change: (sections) =>
        sections.map((section, i) => (i < 2 ? { ...section, measures: ['days-waited'] } : { ...section, measures: [] })),
    });
    await db.update(showAndTellPacks).set({ status: 'ready', sharedWithGroup: true }).where(eq(showAndTellPacks.id, pack.id));
    const page = await expert.get('/co-production/charts').expect(200);
    const tables = [...page.text.matchAll(/<caption[^>]*>Days waited for a first conversation, new way of working/g)];
    assert.equal(tables.length, 1, 'one chart of days waited, not one for each section');
  });
});
