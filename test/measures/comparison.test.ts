import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { bumpBoardRevision } from '../../server/sites/team.js';
import { contacts, type Site } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

describe('the comparison of old and new', () => {
  let t: TestApp;
  let site: Site;
  let other: Site;
  let lead: Visitor;
  let practitioner: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Northgate' });
    other = await aSite(t.database.db, { name: 'Riverside' });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id, other.id] });
    practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    // 40 old-way contacts waiting 24 days each, ending in long-term support; 10 new-way waiting 3 days, resolved in conversation 1.
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ({ siteId: site.id, personRef: `OLD-${i}`, contactDate: '2026-01-05', firstConversationDate: '2026-01-29', outcome: 'long_term' as const, handoffs: 5, wayOfWorking: 'old' as const })),
      ...Array.from({ length: 10 }, (_, i) => ({ siteId: site.id, personRef: `NEW-${i}`, contactDate: '2026-04-06', firstConversationDate: '2026-04-09', outcome: 'resolved_c1' as const, handoffs: 0, wayOfWorking: 'new' as const })),
      { siteId: other.id, personRef: 'R-1', contactDate: '2026-04-06', firstConversationDate: null, wayOfWorking: 'new' as const },
    ];
    await t.database.db.insert(contacts).values(rows);
  });
  after(async () => t.close());

  const range = 'from-day=1&from-month=1&from-year=2026&to-day=31&to-month=5&to-year=2026';

  it('says in plain English what changed, with the contacts behind each figure and a caution under 30', async () => {
    const res = await practitioner.get(`/sites/${site.id}/measures?${range}`).expect(200);
    assert.match(res.text, /People waited a median of 3 days for a first conversation, down from 24 days\./);
    assert.match(res.text, /100% of contacts were resolved in conversation 1 or connected to community, up from 0%\./);
    assert.match(res.text, /0% of contacts ended in long-term support, down from 100%\./);
    assert.match(res.text, /People were passed on 0 times on average, down from 5\./);
    assert.match(res.text, /\(10 contacts\)/);
    assert.match(res.text, /\(40 contacts\)/);
    assert.match(res.text, /Fewer than 30 contacts stand behind the new-way figure: read it with care/);
    assert.match(res.text, /-21 days[\s\S]*?Better/);
  });

  it('shows a new contact at once: figures are kept only until the site’s records change', async () => {
    assert.match((await practitioner.get(`/sites/${site.id}/measures?${range}`)).text, /\(10 contacts\)/);
    await t.database.db.transaction(async (tx) => {
      await tx.insert(contacts).values({ siteId: site.id, personRef: 'NEW-X', contactDate: '2026-04-07', firstConversationDate: '2026-04-08', outcome: 'community', wayOfWorking: 'new' });
      await bumpBoardRevision(tx, site.id);
    });
    assert.match((await practitioner.get(`/sites/${site.id}/measures?${range}`)).text, /\(11 contacts\)/);
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`delete from contacts where person_ref = 'NEW-X'`);
      await bumpBoardRevision(tx, site.id);
    });
  });

  it('refuses a date range that ends before it starts, keeping what was typed', async () => {
    const res = await practitioner.get(`/sites/${site.id}/measures?from-day=5&from-month=5&from-year=2026&to-day=1&to-month=5&to-year=2026`).expect(422);
    assert.match(res.text, /End date must be the same as or after the start date/);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /id="from-day" name="from-day" type="text" inputmode="numeric" value="5"/);
    assert.match((await practitioner.get(`/sites/${site.id}/measures?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=5&to-year=2026`).expect(422)).text, /Start date must be a real date/);
  });

  it('compares across a lead’s sites, and is not for practitioners or experts by experience', async () => {
    const res = await lead.get(`/measures?${range}`).expect(200);
    assert.match(res.text, /<a class="govuk-service-navigation__link" href="\/measures" aria-current="page">/, 'in the lead’s menu');
    assert.doesNotMatch((await practitioner.get(`/sites/${site.id}/measures`)).text, /href="\/measures"/, 'not in a practitioner’s menu');
    assert.match(res.text, /2 sites: Northgate, Riverside/);
    assert.match(res.text, /\(11 contacts\)/, 'both sites’ new-way contacts');
    await practitioner.get('/measures').expect(403);
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await expert.get(`/sites/${site.id}/measures`).expect(403);
    const outsider = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [other.id] });
    await outsider.get(`/sites/${site.id}/measures`).expect(403);
  });
});
