import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
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
      ...Array.from({ length: 40 }, (_, i) => ({
        siteId: site.id,
        personRef: `OLD-${i}`,
        contactDate: '2026-01-05',
        firstConversationDate: '2026-01-29',
        outcome: 'long_term' as const,
        handoffs: 5,
        wayOfWorking: 'old' as const,
      })),
      ...Array.from({ length: 10 }, (_, i) => ({
        siteId: site.id,
        personRef: `NEW-${i}`,
        contactDate: '2026-04-06',
        firstConversationDate: '2026-04-09',
        outcome: 'resolved_c1' as const,
        handoffs: 0,
        wayOfWorking: 'new' as const,
      })),
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
      await tx.insert(contacts).values({
        siteId: site.id,
        personRef: 'NEW-X',
        contactDate: '2026-04-07',
        firstConversationDate: '2026-04-08',
        outcome: 'community',
        wayOfWorking: 'new',
      });
    });
    assert.match((await practitioner.get(`/sites/${site.id}/measures?${range}`)).text, /\(11 contacts\)/);
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`delete from contacts where person_ref = 'NEW-X'`);
    });
  });

  it('refuses a date range that ends before it starts, keeping what was typed', async () => {
    const res = await practitioner
      .get(`/sites/${site.id}/measures?from-day=5&from-month=5&from-year=2026&to-day=1&to-month=5&to-year=2026`)
      .expect(422);
    assert.match(res.text, /End date must be the same as or after the start date/);
    assert.match(res.text, /<title>Error: /);
    assert.match(res.text, /id="from-day" name="from-day" type="text" inputmode="numeric" value="5"/);
    assert.match(
      (
        await practitioner
          .get(`/sites/${site.id}/measures?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=5&to-year=2026`)
          .expect(422)
      ).text,
      /Start date must be a real date/,
    );
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

describe('the comparison reads each way of working over its own time in use', () => {
  let t: TestApp;
  let site: Site;
  let practitioner: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Eastbrook', goLiveDate: '2026-03-02' });
    practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    const rows = [];
    // Old way: each Monday from 5 January to 23 February (8 weeks, 50 days of use), two contacts ending in long-term support.
    for (let week = 0; week < 8; week += 1) {
      const day = new Date(Date.parse('2026-01-05T00:00:00Z') + week * 7 * 86_400_000).toISOString().slice(0, 10);
      for (let i = 0; i < 2; i += 1)
        rows.push({
          siteId: site.id,
          personRef: `O-${week}-${i}`,
          contactDate: day,
          firstConversationDate: day,
          outcome: 'long_term' as const,
          wayOfWorking: 'old' as const,
        });
    }
    // ...and one still waiting, the last old-way contact.
    rows.push({
      siteId: site.id,
      personRef: 'O-WAIT',
      contactDate: '2026-02-23',
      firstConversationDate: null,
      outcome: null,
      wayOfWorking: 'old' as const,
    });
    // Closed with an outcome and no first conversation (signposted at the front door): never waiting.
    rows.push({
      siteId: site.id,
      personRef: 'O-CLOSED',
      contactDate: '2026-02-23',
      firstConversationDate: null,
      outcome: 'signposted' as const,
      wayOfWorking: 'old' as const,
    });
    // New way: each Monday from 2 March to 25 May (13 weeks, 85 days), one into long-term support and one resolved.
    for (let week = 0; week < 13; week += 1) {
      const day = new Date(Date.parse('2026-03-02T00:00:00Z') + week * 7 * 86_400_000).toISOString().slice(0, 10);
      rows.push({
        siteId: site.id,
        personRef: `N-${week}-L`,
        contactDate: day,
        firstConversationDate: day,
        outcome: 'long_term' as const,
        wayOfWorking: 'new' as const,
      });
      rows.push({
        siteId: site.id,
        personRef: `N-${week}-R`,
        contactDate: day,
        firstConversationDate: day,
        outcome: 'resolved_c1' as const,
        wayOfWorking: 'new' as const,
      });
    }
    rows.push({
      siteId: site.id,
      personRef: 'N-WAIT-1',
      contactDate: '2026-05-25',
      firstConversationDate: null,
      outcome: null,
      wayOfWorking: 'new' as const,
    });
    rows.push({
      siteId: site.id,
      personRef: 'N-WAIT-2',
      contactDate: '2026-05-25',
      firstConversationDate: null,
      outcome: null,
      wayOfWorking: 'new' as const,
    });
    await t.database.db.insert(contacts).values(rows);
  });
  after(async () => t.close());

  const range = 'from-day=5&from-month=1&from-year=2026&to-day=31&to-month=5&to-year=2026';

  it('divides a weekly rate by the weeks each way was in use, not the whole range', async () => {
    const res = await practitioner.get(`/sites/${site.id}/measures?${range}`).expect(200);
    // 13 in 85 days is 1.07 a week; 16 in 50 days is 2.24 (over the whole 147 days they would be 0.6 and 0.8).
    assert.match(res.text, /1\.1 new people a week went into long-term support, down from 2\.2\./);
  });

  it('reads people waiting for each way at the end of its own time in use', async () => {
    const res = await practitioner.get(`/sites/${site.id}/measures?${range}`).expect(200);
    // The old way's last contact came on 23 February and was still waiting at the end of that week: 1, not 0
    // (the one closed without a conversation that day is not waiting).
    assert.match(res.text, /2 people were waiting for a first conversation at the end of the period, up from 1\./);
    // Its chart has no points after its last contact's week, and the new way's none before its first.
    const json = (await practitioner.get(`/sites/${site.id}/measures/waiting.json?${range}`).expect(200)).body;
    const weeks = (way: string) =>
      json.points.filter((p: { wayOfWorking: string }) => p.wayOfWorking === way).map((p: { periodStart: string }) => p.periodStart);
    assert.deepEqual([weeks('old')[0], weeks('old').at(-1)], ['2026-01-05', '2026-02-23']);
    assert.deepEqual([weeks('new')[0], weeks('new').at(-1)], ['2026-03-02', '2026-05-25']);
  });

  it('gives differences between percentages in percentage points', async () => {
    const res = await practitioner.get(`/sites/${site.id}/measures?${range}`).expect(200);
    // Long-term support: 13 of 26 new (50%) against 16 of 17 old (94.1%); resolved in conversation 1: 50% against 0%.
    assert.match(res.text, /-44\.1 percentage points/);
    assert.match(res.text, /\+50 percentage points/);
  });
});
