import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { actions, auditLog, type Site, type User } from '../../server/db/schema.js';
import { aHuddle, aReflection, anAction, due } from './helpers.js';

const HTMX_PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

// Wednesday 10 June 2026 in London.
describe('the actions list', () => {
  let t: TestApp;
  let site: Site;
  let member: Visitor;
  let colleague: User;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Actions site' });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    colleague = await aUser(t.database.db, { role: 'practitioner', siteIds: [site.id], name: 'Gwenllian Ŵyn' });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/actions`;

  it('lists every action of the site, whatever raised it, with where and when', async () => {
    const db = t.database.db;
    const huddleId = await aHuddle(db, site, '2026-06-08');
    const reflectionId = await aReflection(db, site, '2026-06-01', '2026-06-05');
    await anAction(db, site, colleague, { description: 'From the huddle', huddleId, raisedOn: '2026-06-08', dueDate: '2026-06-25' });
    await anAction(db, site, colleague, {
      description: 'From the reflection',
      reflectionId,
      raisedOn: '2026-06-05',
      dueDate: '2026-06-12',
    });
    await anAction(db, site, member.user!, { description: 'Added on the list', raisedOn: '2026-06-09', dueDate: '2026-06-30' });
    const other = await aSite(db, { name: 'Another site' });
    await anAction(db, other, colleague, { description: 'Not this site’s' });

    const res = await member.get(base()).expect(200);
    assert.match(res.text, /<title>Actions – Actions site/);
    assert.match(res.text, /3 actions/);
    assert.doesNotMatch(res.text, /Not this site/);
    assert.match(res.text, new RegExp(`href="/sites/${site.id}/huddles/2026-06-08">Huddle</a><br>8 Jun 2026`));
    assert.match(res.text, new RegExp(`href="/sites/${site.id}/reflections/${reflectionId}">Weekly reflection</a><br>5 Jun 2026`));
    assert.match(res.text, /Actions list<br>9 Jun 2026/);
    assert.match(res.text, /Gwenllian Ŵyn/);
    // Open actions come soonest due first.
    assert.ok(res.text.indexOf('From the reflection') < res.text.indexOf('From the huddle'));
    assert.ok(res.text.indexOf('From the huddle') < res.text.indexOf('Added on the list'));
  });

  it('puts the soonest due first, tags what is due today and overdue, and links to the person’s own', async () => {
    const db = t.database.db;
    const own = await aSite(db, { name: 'Due dates site' });
    const me = await signedIn(t.app, db, 'practitioner', { siteIds: [own.id] });
    const them = await aUser(db, { role: 'practitioner', siteIds: [own.id], name: 'Dee Kowalski' });
    await anAction(db, own, me.user!, { description: 'Mine, next week', dueDate: '2026-06-17', raisedOn: '2026-06-01' });
    await anAction(db, own, them, { description: 'Theirs, due today', dueDate: '2026-06-10', raisedOn: '2026-06-09' });
    await anAction(db, own, me.user!, { description: 'Mine, overdue', dueDate: '2026-06-05', raisedOn: '2026-06-03' });
    const res = await me.get(`/sites/${own.id}/actions`).expect(200);
    const order = ['Mine, overdue', 'Theirs, due today', 'Mine, next week'].map((text) => res.text.indexOf(text));
    assert.ok(
      order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])),
      `soonest due first: ${order.join(', ')}`,
    );
    assert.match(res.text, /Mine, overdue[\s\S]*?govuk-tag--red">Overdue[\s\S]*?Theirs, due today[\s\S]*?govuk-tag--yellow">Due today/);
    assert.equal((res.text.match(/Due today</g) ?? []).length, 1);
    assert.match(res.text, new RegExp(`href="/sites/${own.id}/actions\\?owner=${me.user!.id}">My actions</a>`));
    const mine = await me.get(`/sites/${own.id}/actions?owner=${me.user!.id}`).expect(200);
    assert.match(mine.text, /2 actions/);
    assert.match(mine.text, /aria-current="page">My actions/);
    assert.doesNotMatch(mine.text, /Theirs, due today/);
    // An administrator is not in the team and owns no actions: no "My actions" for them.
    const admin = await signedIn(t.app, db, 'administrator');
    assert.doesNotMatch((await admin.get(`/sites/${own.id}/actions`).expect(200)).text, /My actions/);
  });

  it('replaces the empty area page and is linked from the site page', async () => {
    const res = await member.get(`/sites/${site.id}`).expect(200);
    assert.match(res.text, new RegExp(`href="/sites/${site.id}/actions"`));
    const list = await member.get(base()).expect(200);
    assert.doesNotMatch(list.text, /still being built/);
  });

  it('filters by owner, status and overdue with a GET form, and htmx gets only the results', async () => {
    const db = t.database.db;
    await anAction(db, site, colleague, { description: 'Late one', dueDate: '2026-06-09' });
    const done = await anAction(db, site, colleague, { description: 'Finished one' });
    await db.update(actions).set({ status: 'done', statusNote: 'All sorted', closedOn: '2026-06-09' }).where(eq(actions.id, done.id));

    const form = await member.get(base()).expect(200);
    assert.match(
      form.text,
      new RegExp(`<form method="get" action="${base()}" hx-get="${base()}" hx-target="#action-results" hx-push-url="true"`),
    );

    const overdue = await member.get(`${base()}?overdue=yes`).expect(200);
    assert.match(overdue.text, /1 action</);
    assert.match(overdue.text, /Late one/);
    assert.match(overdue.text, /govuk-tag--red">Overdue/);
    // Due today is not overdue.
    await anAction(db, site, colleague, { description: 'Due today', dueDate: '2026-06-10' });
    assert.doesNotMatch((await member.get(`${base()}?overdue=yes`).expect(200)).text, /Due today/);

    const finished = await member.get(`${base()}?status=done`).expect(200);
    assert.match(finished.text, /Finished one/);
    assert.match(finished.text, /All sorted/);
    assert.doesNotMatch(finished.text, /Late one/);
    assert.doesNotMatch((await member.get(base()).expect(200)).text, /Finished one/, 'open is the default');

    const mine = await member.get(`${base()}?owner=${member.user!.id}&status=all`).expect(200);
    assert.match(mine.text, /1 action</);
    assert.match(mine.text, /Added on the list/);

    const partial = await member.get(`${base()}?status=done`, HTMX_PARTIAL).expect(200);
    assert.match(partial.text, /^<div id="action-results"/);
    assert.doesNotMatch(partial.text, /<html/);
    assert.match(partial.headers.vary ?? '', /HX-Request-Type/);
    assert.match(partial.text, /Finished one/);

    // Nonsense in the filter is read as "any", never an error.
    await member.get(`${base()}?owner=abc&status=%3Cscript%3E&overdue=maybe&page=-1`).expect(200);
    await member.get(`${base()}?owner=99999999999&page=999999`).expect(200);
  });

  it('pages through a long history, counting in SQL', async () => {
    const big = await aSite(t.database.db, { name: 'Busy site' });
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [big.id] });
    await t.database.db.insert(actions).values(
      Array.from({ length: 120 }, (_, index) => ({
        siteId: big.id,
        description: `Old action ${index + 1}`,
        ownerId: lead.user!.id,
        dueDate: '2025-01-01',
        status: 'done' as const,
        raisedOn: `2024-0${1 + Math.floor(index / 28)}-${String(1 + (index % 28)).padStart(2, '0')}`,
      })),
    );
    const first = await lead.get(`/sites/${big.id}/actions?status=done`).expect(200);
    assert.match(first.text, /120 actions/);
    assert.match(first.text, /Showing 1 to 50/);
    assert.equal((first.text.match(/Old action \d+</g) ?? []).length, 50);
    assert.match(first.text, /Old action 120</, 'newest first once closed actions are shown');
    assert.match(first.text, new RegExp(`href="/sites/${big.id}/actions\\?status=done&amp;page=2" rel="next"`));
    const third = await lead.get(`/sites/${big.id}/actions?status=done&page=3`).expect(200);
    assert.match(third.text, /Showing 101 to 120/);
    const beyond = await lead.get(`/sites/${big.id}/actions?status=done&page=9`).expect(200);
    assert.match(beyond.text, /There are no actions on this page/);
  });

  describe('adding an action', () => {
    const add = (fields: Record<string, string>) =>
      member.post(base(), { description: '', ownerId: '', 'due-day': '', 'due-month': '', 'due-year': '', ...fields });

    it('adds one, raised today, audited, and redirects to it', async () => {
      const form = await member.get(`${base()}/new`).expect(200);
      assert.match(form.text, /Add an action/);
      assert.match(form.text, /data-maxlength="2000"/);
      assert.match(form.text, /Gwenllian Ŵyn/);
      const res = await add({ description: 'Book the room 🙂 ŵ ŷ', ownerId: String(colleague.id), ...due('2026-06-12') }).expect(303);
      const id = Number(res.headers.location.split('/').pop());
      assert.equal(res.headers.location, `${base()}/${id}`);
      const [saved] = await t.database.db.select().from(actions).where(eq(actions.id, id));
      assert.equal(saved.description, 'Book the room 🙂 ŵ ŷ');
      assert.equal(saved.raisedOn, '2026-06-10');
      assert.equal(saved.huddleId, null);
      const audit = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'action.added'), eq(auditLog.recordId, String(id))));
      assert.equal(audit.length, 1);
      const page = await member.get(`${base()}/${id}`).expect(200);
      assert.match(page.text, /Book the room 🙂 ŵ ŷ/);
      assert.match(page.text, /Actions list on Wednesday 10 June 2026/);
    });

    it('refuses an empty action with a message for each field', async () => {
      const res = await add({}).expect(422);
      assert.match(res.text, /<title>Error: Add an action/);
      assert.match(res.text, /Enter the action/);
      assert.match(res.text, /Select who owns this/);
      assert.match(res.text, /Enter the due date/);
    });

    it('refuses text over 2,000 characters, counting characters not bytes, and keeps it', async () => {
      const long = 'ŵ'.repeat(2001);
      const res = await add({ description: long, ownerId: String(colleague.id), ...due('2026-06-12') }).expect(422);
      assert.match(res.text, /Action must be 2,000 characters or fewer/);
      assert.ok(res.text.includes(long), 'what was typed is kept');
      await add({ description: '🙂'.repeat(2000), ownerId: String(colleague.id), ...due('2026-06-12') }).expect(303);
    });

    it('refuses an owner from another site, and a made-up one, with a clear message', async () => {
      const other = await aSite(t.database.db);
      const outsider = await aUser(t.database.db, { role: 'practitioner', siteIds: [other.id] });
      for (const ownerId of [String(outsider.id), '999999', 'abc']) {
        const res = await add({ description: 'Keep this text', ownerId, ...due('2026-06-12') }).expect(422);
        assert.match(res.text, /Select an owner from this site’s team: that person is not in it/);
        assert.match(res.text, /Keep this text/);
      }
    });

    it('refuses a due date in the past, or not a date, and keeps the answers', async () => {
      const past = await add({ description: 'Too late', ownerId: String(colleague.id), ...due('2026-06-09') }).expect(422);
      assert.match(past.text, /Due date must be today \(Wednesday 10 June 2026\) or later/);
      assert.match(past.text, /name="due-day" type="text" inputmode="numeric" value="9"/);
      const garbled = await add({
        description: 'Too late',
        ownerId: String(colleague.id),
        'due-day': '31',
        'due-month': '2',
        'due-year': '2026',
      }).expect(422);
      assert.match(garbled.text, /Due date must be a real date/);
    });

    it('shows HTML and script as text, never as markup', async () => {
      const hostile = '<script>alert(1)</script><b>bold</b>';
      const res = await add({ description: hostile, ownerId: String(colleague.id), ...due('2026-06-12') }).expect(303);
      const page = await member.get(res.headers.location).expect(200);
      assert.ok(!page.text.includes(hostile));
      assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;b&gt;bold&lt;\/b&gt;/);
      const list = await member.get(`${base()}?status=all`).expect(200);
      assert.ok(!list.text.includes('<script>alert(1)'));
      const refused = await add({ description: hostile, ownerId: '' }).expect(422);
      assert.ok(!refused.text.includes('<script>alert(1)'));
      assert.match(refused.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    });
  });

  it('answers 404 for an action of another site and for ids that are not ids', async () => {
    const other = await aSite(t.database.db);
    const elsewhere = await anAction(t.database.db, other, colleague);
    for (const id of [String(elsewhere.id), 'abc', '0', '-1', '1.5', '99999999999']) {
      await member.get(`${base()}/${id}`).expect(404);
      await member.get(`${base()}/${id}/edit`).expect(404);
      await member.post(`${base()}/${id}`, { description: 'x', version: '1' }).expect(404);
    }
    await member.get(`/sites/${other.id}/actions`).expect(403);
  });

  it('refuses experts by experience everywhere', async () => {
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    const action = await anAction(t.database.db, site, colleague);
    for (const path of [base(), `${base()}/new`, `${base()}/${action.id}`, `${base()}/${action.id}/edit`])
      await expert.get(path).expect(403);
    await expert.post(base(), { description: 'x' }).expect(403);
    await expert.post(`${base()}/${action.id}`, { description: 'x' }).expect(403);
  });
});
