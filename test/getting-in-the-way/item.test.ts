import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { auditLog, boardRevisions, gettingInTheWay, type GettingInTheWayItem, type Site, type User } from '../../server/db/schema.js';
import { mentionItem } from '../../server/getting-in-the-way/queries.js';
import { aHuddle, aReflection } from '../actions/helpers.js';
import { anItem, itemForm } from './helpers.js';

// Wednesday 10 June 2026 in London.
describe('an item in the log of what is getting in the way', () => {
  let t: TestApp;
  let site: Site;
  let member: Visitor;
  let owner: User;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Log site' });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    owner = await aUser(t.database.db, { role: 'practitioner', siteIds: [site.id], name: 'Rhodri' });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/getting-in-the-way`;
  const reload = async (item: { id: number }) =>
    (await t.database.db.select().from(gettingInTheWay).where(eq(gettingInTheWay.id, item.id)))[0];
  const save = (item: GettingInTheWayItem, overrides: Record<string, string> = {}, as: Visitor = member) =>
    as.post(`${base()}/${item.id}`, {
      ...itemForm(item.ownerId, {
        title: item.title,
        category: item.category,
        description: item.description,
        escalatedTo: item.escalatedTo,
        status: item.status,
        whatChanged: item.whatChanged,
      }),
      version: String(item.version),
      ...overrides,
    });

  it('adds an item raised today, audited, and shows it', async () => {
    const form = await member.get(`${base()}/new`).expect(200);
    assert.match(form.text, /Add something that is getting in the way/);
    assert.match(form.text, /data-maxlength="2000"/);
    const res = await member.post(base(), itemForm(owner.id, { title: 'Y ffurflen 🙂 ŵ ŷ', description: 'Takes two weeks' })).expect(303);
    const id = Number(res.headers.location.split('/').pop());
    assert.equal(res.headers.location, `${base()}/${id}`);
    const saved = await reload({ id });
    assert.equal(saved.title, 'Y ffurflen 🙂 ŵ ŷ');
    assert.equal(saved.raisedOn, '2026-06-10');
    assert.equal(saved.resolvedOn, null);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'getting-in-the-way.added'), eq(auditLog.recordId, String(id))));
    assert.equal(audit.length, 1);
    const page = await member.get(res.headers.location).expect(200);
    assert.match(page.text, /<h1 class="govuk-heading-l">Y ffurflen 🙂 ŵ ŷ<\/h1>/);
    assert.match(page.text, /The log on Wednesday 10 June 2026/);
    assert.match(page.text, /0 days open/);
    assert.match(page.text, /It has not been brought back to a huddle or reflection yet/);
  });

  it('shows where it was raised and the huddles and reflections it was brought back to', async () => {
    const db = t.database.db;
    const raisedAt = await aHuddle(db, site, '2026-06-01');
    const later = await aHuddle(db, site, '2026-06-03');
    const reflectionId = await aReflection(db, site, '2026-06-01', '2026-06-05');
    const item = await anItem(db, site, owner, { title: 'Raised at a huddle', huddleId: raisedAt, raisedOn: '2026-06-01' });
    await db.transaction(async (tx) => {
      await mentionItem(tx, item, { huddleId: later }, 'Still waiting');
      await mentionItem(tx, item, { reflectionId });
    });
    const page = await member.get(`${base()}/${item.id}`).expect(200);
    assert.match(page.text, new RegExp(`href="/sites/${site.id}/huddles/2026-06-01">Huddle</a> on Monday 1 June 2026`));
    assert.match(page.text, new RegExp(`href="/sites/${site.id}/huddles/2026-06-03">Huddle, Wednesday 3 June 2026</a>: Still waiting`));
    assert.match(page.text, new RegExp(`href="/sites/${site.id}/reflections/${reflectionId}">Weekly reflection, Friday 5 June 2026</a>`));
    assert.match(page.text, /9 days open/);
  });

  it('resolves an item, setting the day it was resolved, and clears it when reopened', async () => {
    const item = await anItem(t.database.db, site, owner, { raisedOn: '2026-05-20' });
    const [{ revision: before }] = await t.database.db.select().from(boardRevisions).where(eq(boardRevisions.siteId, site.id));
    const missing = await save(item, { status: 'resolved' }).expect(422);
    assert.match(missing.text, /Say what changed to resolve it/);
    await save(item, { status: 'resolved', whatChanged: 'The panel now meets weekly' }).expect(303);
    const resolved = await reload(item);
    assert.equal(resolved.resolvedOn, '2026-06-10');
    assert.equal(resolved.version, 2);
    const [{ revision: after }] = await t.database.db.select().from(boardRevisions).where(eq(boardRevisions.siteId, site.id));
    assert.ok(after > before, 'the board hears of the change');
    const page = await member.get(`${base()}/${item.id}`).expect(200);
    assert.match(page.text, /Wednesday 10 June 2026, after 21 days/);
    assert.match(page.text, /The panel now meets weekly/);
    await save(resolved, { status: 'in_hand' }).expect(303);
    assert.equal((await reload(item)).resolvedOn, null);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'getting-in-the-way.changed'), eq(auditLog.recordId, String(item.id))));
    assert.equal(audit.length, 2);
  });

  it('needs someone to escalate to when escalated', async () => {
    const item = await anItem(t.database.db, site, owner);
    const res = await save(item, { status: 'escalated', escalatedTo: '' }).expect(422);
    assert.match(res.text, /Say who it was escalated to/);
    await save(item, { status: 'escalated', escalatedTo: 'Head of adult social care' }).expect(303);
  });

  it('refuses bad input with a message each, 422, keeping what was typed', async () => {
    const empty = await member.post(base(), { title: '', category: '', ownerId: '', status: '' }).expect(422);
    assert.match(empty.text, /<title>Error: Add to what is getting in the way/);
    for (const message of ['Enter what is getting in the way', 'Select a category', 'Select who owns this'])
      assert.match(empty.text, new RegExp(message));
    const long = await member.post(base(), itemForm(owner.id, { title: 'ŷ'.repeat(201), description: 'd'.repeat(2001) })).expect(422);
    assert.match(long.text, /Title must be 200 characters or fewer/);
    assert.match(long.text, /Description must be 2,000 characters or fewer/);
    assert.ok(long.text.includes('d'.repeat(2001)));
    assert.ok(long.text.includes('ŷ'.repeat(201)));
    const outsider = await aUser(t.database.db, { role: 'programme_lead', siteIds: [(await aSite(t.database.db)).id] });
    const foreign = await member.post(base(), itemForm(outsider.id, { title: 'Keep my title' })).expect(422);
    assert.match(foreign.text, /Select an owner from this site’s team: that person is not in it/);
    assert.match(foreign.text, /value="Keep my title"/);
    const category = await member.post(base(), itemForm(owner.id, { category: 'weather', status: 'gone' })).expect(422);
    assert.match(category.text, /Select a category/);
    assert.match(category.text, /Select a status/);
  });

  it('shows HTML and script as text', async () => {
    const hostile = '<script>alert("x")</script>';
    const res = await member.post(base(), itemForm(owner.id, { title: hostile, description: `<img src=x onerror=alert(1)>` })).expect(303);
    const page = await member.get(res.headers.location).expect(200);
    assert.ok(!page.text.includes(hostile));
    assert.ok(!page.text.includes('<img src=x'));
    assert.match(page.text, /&lt;script&gt;alert\(&#34;x&#34;\)&lt;\/script&gt;/);
    const list = await member.get(base()).expect(200);
    assert.ok(!list.text.includes(hostile));
  });

  it('answers 409 to a stale save, shows both versions and keeps the person’s text', async () => {
    const item = await anItem(t.database.db, site, owner, { title: 'Original title' });
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    await save(item, { title: 'The lead’s title' }, lead).expect(303);
    const res = await save(item, { title: 'My own title' }).expect(409);
    assert.match(res.text, /Someone else changed this item while you were editing it/);
    assert.match(res.text, /The lead’s title/);
    assert.match(res.text, /value="My own title"/);
    assert.match(res.text, /name="version" value="2"/);
    assert.equal((await reload(item)).title, 'The lead’s title');
    for (const version of ['', 'x', '-3', '1.0']) await save(item, { title: 'Garbled', version }).expect(409);
    assert.equal((await reload(item)).title, 'The lead’s title');
  });

  it('answers 404 for an item of another site and for ids that are not ids', async () => {
    const other = await aSite(t.database.db);
    const theirs = await anItem(t.database.db, other, owner);
    for (const id of [String(theirs.id), 'abc', '0', '1e2', '99999999999']) {
      await member.get(`${base()}/${id}`).expect(404);
      await member.get(`${base()}/${id}/edit`).expect(404);
      await member.post(`${base()}/${id}`, itemForm(owner.id, { version: '1' })).expect(404);
    }
  });

  it('refuses experts by experience', async () => {
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    const item = await anItem(t.database.db, site, owner);
    await expert.get(`${base()}/${item.id}`).expect(403);
    await expert.get(`${base()}/${item.id}/edit`).expect(403);
    await expert.post(`${base()}/${item.id}`, itemForm(owner.id)).expect(403);
    await expert.post(base(), itemForm(owner.id)).expect(403);
  });
});
