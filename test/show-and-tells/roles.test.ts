import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, showAndTellFeedback, showAndTellPacks, type Site, type User } from '../../server/db/schema.js';
import { aPack } from './helpers.js';

// Wednesday 10 June 2026. Site A has three packs: fortnight 7 ready and shared, 6 presented but not shared, 5 a draft (shared is impossible).
describe('who sees what of the show-and-tells, and the co-production area', () => {
  let t: TestApp;
  let site: Site;
  let otherSite: Site;
  let lead: Visitor;
  let practitioner: Visitor;
  let administrator: Visitor;
  let expert: Visitor;
  let worker: User;
  const packs: Record<'shared' | 'unshared' | 'draft' | 'elsewhere', number> = { shared: 0, unshared: 0, draft: 0, elsewhere: 0 };
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Roles site' });
    otherSite = await aSite(db, { name: 'Another site' });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    practitioner = await signedIn(t.app, db, 'practitioner', { siteIds: [site.id] });
    administrator = await signedIn(t.app, db, 'administrator');
    expert = await signedIn(t.app, db, 'expert_by_experience', { siteIds: [site.id] });
    worker = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Morwenna Pryce' });
    packs.shared = (await aPack(db, site, lead.user!, 7)).pack.id;
    packs.unshared = (await aPack(db, site, lead.user!, 6)).pack.id;
    packs.draft = (await aPack(db, site, lead.user!, 5)).pack.id;
    packs.elsewhere = (await aPack(db, otherSite, lead.user!, 7)).pack.id;
    await db
      .update(showAndTellPacks)
      .set({ status: 'ready', sharedWithGroup: true })
      .where(sql`${showAndTellPacks.id} in (${packs.shared}, ${packs.elsewhere})`);
    await db
      .update(showAndTellPacks)
      .set({
        status: 'presented',
        presentedOn: '2026-05-22',
        snapshot: { presentedOn: '2026-05-22', chartRange: { from: '2025-11-24', to: '2026-05-24' }, sections: [] },
      })
      .where(eq(showAndTellPacks.id, packs.unshared));
  });
  after(async () => t.close());

  const staffPath = (number: number) => `/sites/${site.id}/show-and-tells/${number}`;

  it('gives leads and administrators the preparation view, with its controls and the group’s feedback', async () => {
    for (const who of [lead, administrator]) {
      const page = await who.get(staffPath(7)).expect(200);
      assert.match(page.text, /Mark as presented/);
      assert.match(page.text, /sections\/\d+\/edit/);
      assert.match(page.text, /Feedback from the co-production group/);
      assert.match(page.text, /Plain English check/);
    }
  });

  it('lets practitioners of the site read and present a pack, but not change it or see the feedback', async () => {
    const page = await practitioner.get(staffPath(7)).expect(200);
    assert.match(page.text, /href="\/sites\/\d+\/show-and-tells\/7\/present"/);
    assert.match(page.text, /Handout to print/);
    assert.doesNotMatch(
      page.text,
      /Mark as|sections\/\d+\/edit|Move up|Feedback from the co-production group|Plain English check|Start the pack/,
    );
    await practitioner.get(`${staffPath(7)}/present`).expect(200);
    await practitioner.get(`${staffPath(7)}/handout`).expect(200);
    const [section] = (await aPack(t.database.db, site, lead.user!, 3)).sections;
    await practitioner.get(`${staffPath(3)}/sections/${section.id}/edit`).expect(403);
    await practitioner.post(`${staffPath(3)}/sections/${section.id}`, { title: 'Mine now', body: '', version: '1' }).expect(403);
    await practitioner.post(`${staffPath(3)}/status`, { to: 'ready', version: '1' }).expect(403);
    await practitioner.post(`${staffPath(3)}/sharing`, { share: 'yes', version: '1' }).expect(403);
    await practitioner.post(staffPath(4)).expect(403);
  });

  it('keeps each person’s page their own when the rendered sections are kept: their role’s controls and their own CSRF token', async () => {
    const otherLead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    for (const who of [lead, otherLead, practitioner, lead]) {
      const page = await who.get(staffPath(7)).expect(200);
      const tokens = [...page.text.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1]);
      assert.ok(tokens.length >= (who === practitioner ? 1 : 5), 'the sign-out form, and a lead’s forms to move sections');
      assert.ok(
        tokens.every((token) => token === who.csrfToken),
        'every form carries this person’s token',
      );
      assert.equal(/Move down/.test(page.text), who !== practitioner);
    }
  });

  it('keeps staff to their own sites and experts out of the staff pages', async () => {
    const outsider = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [otherSite.id] });
    await outsider.get(staffPath(7)).expect(403);
    await outsider.get(`${staffPath(7)}/present`).expect(403);
    for (const path of [`/sites/${site.id}/show-and-tells`, staffPath(7), `${staffPath(7)}/present`, `${staffPath(7)}/handout`])
      await expert.get(path).expect(403);
  });

  it('shows an expert by experience only the packs shared with their group, in plain English, with no workers’ names', async () => {
    const home = await expert.get('/co-production').expect(200);
    assert.match(home.text, new RegExp(`href="/co-production/show-and-tells/${packs.shared}"`));
    for (const hidden of [packs.unshared, packs.draft, packs.elsewhere])
      assert.doesNotMatch(home.text, new RegExp(`/co-production/show-and-tells/${hidden}"`));
    assert.match(home.text, /href="\/co-production\/stories"/);
    assert.match(home.text, /href="\/co-production\/charts"/);
    assert.match(home.text, /href="\/co-production\/you-said-we-did"/);
    assert.match(home.text, /A show-and-tell is a short meeting at the end of every fortnight \(two weeks\)/);
    const page = await expert.get(`/co-production/show-and-tells/${packs.shared}`).expect(200);
    assert.match(page.text, /Tell us what you think about this part/);
    assert.match(page.text, /Tell us what you think about the whole show-and-tell/);
    for (const name of [lead.user!.name, practitioner.user!.name, worker.name]) assert.doesNotMatch(page.text, new RegExp(name));
    assert.doesNotMatch(page.text, /href="\/sites/, 'no links into the team’s own records');
    await expert.get('/co-production/charts').expect(200);
  });

  it('refuses, with a 404 and an audit entry, a pack not shared, a draft, another site’s pack or one that does not exist', async () => {
    for (const [reason, id] of [
      ['not-shared', packs.unshared],
      ['not-shared', packs.draft],
      ['another-site', packs.elsewhere],
      ['no-such-pack', 999999],
    ] as const) {
      await expert.get(`/co-production/show-and-tells/${id}`).expect(404);
      await expert.get(`/co-production/show-and-tells/${id}/feedback`).expect(404);
      await expert.post(`/co-production/show-and-tells/${id}/feedback`, { section: 'whole', liked: 'Sneaky' }).expect(404);
      const entries = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'co-production.refused'), eq(auditLog.recordId, String(id)), eq(auditLog.userId, expert.user!.id)));
      assert.equal(entries.length, 3, `each refusal of pack ${id} is audited`);
      assert.equal((entries[0].details as { reason: string }).reason, reason);
    }
    assert.equal((await t.database.db.select().from(showAndTellFeedback)).length, 0, 'no feedback was kept');
    await expert.get(`/co-production/show-and-tells/${packs.shared}/feedback?section=999999`).expect(404);
  });

  it('takes an expert out of a group when they leave the site, whatever is in the address', async () => {
    const leaver = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [otherSite.id] });
    await leaver.get(`/co-production/show-and-tells/${packs.shared}`).expect(404);
    const home = await leaver.get('/co-production').expect(200);
    assert.match(home.text, new RegExp(`/co-production/show-and-tells/${packs.elsewhere}"`));
  });

  it('keeps staff out of the co-production area', async () => {
    for (const who of [lead, practitioner, administrator]) {
      await who.get('/co-production').expect(403);
      await who.get(`/co-production/show-and-tells/${packs.shared}`).expect(403);
      await who.post(`/co-production/show-and-tells/${packs.shared}/feedback`, { liked: 'x' }).expect(403);
    }
  });
});
