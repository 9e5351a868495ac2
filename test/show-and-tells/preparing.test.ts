import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, fortnightPlans, showAndTellPacks, showAndTellSections, type Site, type User } from '../../server/db/schema.js';
import { reviewAction } from '../../server/actions/queries.js';
import { anAction, aReflection } from '../actions/helpers.js';
import { anItem } from '../getting-in-the-way/helpers.js';
import { reflections } from '../../server/db/schema.js';
import { aPack } from './helpers.js';

// Wednesday 10 June 2026: fortnight 8 of a site whose fortnights start on Monday 2 March. Fortnight 7 ran from 25 May to 7 June.
describe('preparing a show-and-tell from the fortnight’s records', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let ana: User;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Northgate Community Team' });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    ana = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Ana Costa' });
    await db.insert(fortnightPlans).values([
      { siteId: site.id, number: 7, goal: 'Hold every first conversation within 3 days' },
      { siteId: site.id, number: 8, goal: 'Test a drop-in at the library on Tuesdays' },
    ]);
    const done = async (description: string, closedOn: string) => {
      const action = await anAction(db, site, ana, { description, raisedOn: '2026-05-01' });
      await reviewAction(db, action, { status: 'done', note: '', reviewedBy: ana.id, today: closedOn });
    };
    await done('Share the new first-conversation script with the GP practice', '2026-05-28');
    await done('Ask the housing team for a date to visit', '2026-06-05');
    await done('Book a room at the leisure centre', '2026-05-20');
    await anAction(db, site, ana, { description: 'Still open: ring the equipment store' });
    await anItem(db, site, ana, {
      title: 'Panel needs a full assessment before small payments',
      status: 'resolved',
      raisedOn: '2026-04-01',
      resolvedOn: '2026-06-01',
      whatChanged: 'The team manager agrees payments under £100 the same day',
    });
    await anItem(db, site, ana, { title: 'Resolved long ago', status: 'resolved', raisedOn: '2026-03-10', resolvedOn: '2026-04-01' });
    await anItem(db, site, ana, { title: 'Equipment takes three weeks to arrive', raisedOn: '2026-04-10' });
    await anItem(db, site, ana, { title: 'Hospital discharges arrive late on Fridays', status: 'escalated', raisedOn: '2026-05-01' });
    await anItem(db, site, ana, { title: 'No evening groups in the north', raisedOn: '2026-05-12' });
    await anItem(db, site, ana, { title: 'The newest obstacle', raisedOn: '2026-06-02' });
    await anItem(db, site, ana, { title: 'Bus routes do not reach the estate', status: 'cannot_change', raisedOn: '2026-03-03' });
    const reflectionId = await aReflection(db, site, '2026-05-25', '2026-05-29');
    await db
      .update(reflections)
      .set({ learned: 'People often need a connection, not a service.\nAsking “what matters to you?” first changes the conversation.' })
      .where(eq(reflections.id, reflectionId));
    const leadUser = await aUser(db, { role: 'programme_lead', siteIds: [site.id] });
    await aPack(db, site, leadUser, 5, {
      change: (sections) =>
        sections.map((section) =>
          section.kind === 'welcome' ? { ...section, vision: 'Everyone gets the right help, close to home, first time' } : section,
        ),
    });
  });
  after(async () => t.close());

  const path = (number: number) => `/sites/${site.id}/show-and-tells/${number}`;

  it('offers a lead the start of a fortnight that has no pack, and a practitioner only says it is not ready', async () => {
    const page = await lead.get(path(7)).expect(200);
    assert.match(page.text, /This fortnight has no pack yet/);
    assert.match(page.text, /Start the pack/);
    const practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    const theirs = await practitioner.get(path(7)).expect(200);
    assert.match(theirs.text, /has not started this fortnight’s pack yet/);
    assert.doesNotMatch(theirs.text, /Start the pack/);
  });

  it('fills the five sections from the fortnight’s goal, actions, log, reflections and the last pack’s vision', async () => {
    const started = await lead.post(path(7)).expect(303);
    assert.equal(started.headers.location, path(7));
    const [pack] = await t.database.db
      .select()
      .from(showAndTellPacks)
      .where(and(eq(showAndTellPacks.siteId, site.id), eq(showAndTellPacks.fortnight, 7)));
    assert.equal(pack.status, 'draft');
    const sections = await t.database.db
      .select()
      .from(showAndTellSections)
      .where(eq(showAndTellSections.packId, pack.id))
      .orderBy(showAndTellSections.position);
    assert.deepEqual(
      sections.map((section) => section.kind),
      ['welcome', 'what-we-did', 'what-we-learned', 'what-next', 'questions'],
    );
    const [welcome, did, learned, next, questions] = sections;

    assert.match(welcome.body, /fortnight 7, Monday 25 May 2026 to Sunday 7 June 2026/);
    assert.equal(
      welcome.vision,
      'Everyone gets the right help, close to home, first time',
      'the vision is carried over from the last pack',
    );

    assert.match(did.body, /^Our goal this fortnight was: Hold every first conversation within 3 days/);
    assert.match(
      did.body,
      /- Ask the housing team for a date to visit\n- Share the new first-conversation script with the GP practice/,
      'actions finished in the fortnight, newest first',
    );
    assert.doesNotMatch(did.body, /leisure centre|Still open/, 'not actions finished before it, nor open ones');
    assert.match(
      did.body,
      /What is no longer getting in the way:\n- Panel needs a full assessment before small payments: The team manager agrees payments under £100 the same day/,
    );
    assert.doesNotMatch(did.body, /Resolved long ago/);
    assert.doesNotMatch(did.body, /Ana Costa/, 'owners are never copied');

    assert.match(
      learned.body,
      /- People often need a connection, not a service\.\n- Asking “what matters to you\?” first changes the conversation\./,
    );
    assert.deepEqual(learned.measures, ['days-waited', 'resolved-c1']);

    assert.match(next.body, /^Next fortnight our goal is: Test a drop-in at the library on Tuesdays/);
    assert.match(
      next.body,
      /- Equipment takes three weeks to arrive \(waiting 61 days\)\n- Hospital discharges arrive late on Fridays \(waiting 40 days\)\n- No evening groups in the north \(waiting 29 days\)/,
      'the oldest three still open, oldest first',
    );
    assert.doesNotMatch(next.body, /newest obstacle|Bus routes/);
    assert.match(questions.body, /what you liked/);

    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'show-and-tell.prepared'), eq(auditLog.recordId, String(pack.id))));
    assert.equal(audit.userId, lead.user!.id);

    const page = await lead.get(path(7)).expect(200);
    assert.match(page.text, /Draft: only the team can see it/);
    assert.match(page.text, /Everyone gets the right help, close to home, first time/);
    assert.match(page.text, /<li>Share the new first-conversation script with the GP practice<\/li>/);
  });

  it('starts a pack once: pressing again, or two leads at once, opens the same pack', async () => {
    const [first, second] = await Promise.all([lead.post(path(6)), lead.post(path(6))]);
    assert.equal(first.status, 303);
    assert.equal(second.status, 303);
    await lead.post(path(6)).expect(303);
    const packs = await t.database.db
      .select()
      .from(showAndTellPacks)
      .where(and(eq(showAndTellPacks.siteId, site.id), eq(showAndTellPacks.fortnight, 6)));
    assert.equal(packs.length, 1);
    const sections = await t.database.db.select().from(showAndTellSections).where(eq(showAndTellSections.packId, packs[0].id));
    assert.equal(sections.length, 5);
  });

  it('says when a fortnight had no goal, no actions finished and nothing resolved', async () => {
    await lead.post(path(2)).expect(303);
    const page = await lead.get(path(2)).expect(200);
    assert.match(page.text, /We did not set a goal this fortnight\./);
    assert.match(page.text, /We did not finish any actions this fortnight\./);
  });

  it('lists the site’s fortnights with their packs', async () => {
    const list = await lead.get(`/sites/${site.id}/show-and-tells`).expect(200);
    assert.match(list.text, /Fortnight 9<\/a>/, 'the next fortnight');
    assert.match(list.text, /Fortnight 8 \(now\)/);
    assert.match(list.text, /Fortnight 7<\/a>[\s\S]*?Draft/);
    assert.match(list.text, /Fortnight 1<\/a>[\s\S]*?Not started/);
  });

  it('refuses a fortnight that does not exist and a site the lead does not lead', async () => {
    await lead.get(`/sites/${site.id}/show-and-tells/0`).expect(404);
    await lead.get(`/sites/${site.id}/show-and-tells/abc`).expect(404);
    await lead.get(`/sites/${site.id}/show-and-tells/99999`).expect(404);
    const other = await aSite(t.database.db, { name: 'Not theirs' });
    await lead.get(`/sites/${other.id}/show-and-tells/1`).expect(403);
    await lead.post(`/sites/${other.id}/show-and-tells/1`).expect(403);
    await lead.get(`/sites/${other.id}/show-and-tells`).expect(403);
  });
});
