import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { actions, gettingInTheWay, gettingInTheWayMentions, type Reflection, type Site } from '../../server/db/schema.js';
import { aReflection, auditActions, dateFields, follow, HTMX_PARTIAL } from './helpers.js';

describe('what got in the way and what we will try differently, at a reflection', () => {
  let t: TestApp;
  let site: Site;
  let past: Reflection;
  let current: Reflection;
  let member: Visitor;
  let ownerId: string;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Obstacle site' });
    past = await aReflection(t.database.db, site.id, '2026-06-01', '2026-06-05');
    current = await aReflection(t.database.db, site.id, '2026-06-08', '2026-06-12');
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    ownerId = String((await aUser(t.database.db, { role: 'practitioner', name: 'Owen Owner', siteIds: [site.id] })).id);
  });
  after(async () => t.close());

  const path = (reflection: Reflection) => `/sites/${site.id}/reflections/${reflection.id}`;
  const item = (overrides: Record<string, string> = {}) => ({
    title: 'The panel form asks for a care plan first',
    category: 'process',
    description: '',
    ownerId,
    ...overrides,
  });
  const action = (overrides: Record<string, string> = {}) => ({
    description: 'Try the connector at every huddle',
    ownerId,
    ...dateFields('due', '2026-06-20'),
    ...overrides,
  });
  const itemsOf = (reflectionId: number) =>
    t.database.db.select().from(gettingInTheWay).where(eq(gettingInTheWay.reflectionId, reflectionId));
  const actionsOf = (reflectionId: number) => t.database.db.select().from(actions).where(eq(actions.reflectionId, reflectionId));

  it('raises a log item dated the day the reflection was held, lists it and audits it', async () => {
    const res = await member.post(`${path(past)}/getting-in-the-way`, item()).expect(303);
    assert.equal(res.headers.location, `${path(past)}#in-the-way`);
    assert.match((await follow(member, res)).text, /Added to the getting in the way log/);
    const [raised] = await itemsOf(past.id);
    assert.deepEqual(
      [raised.title, raised.category, raised.raisedOn, raised.siteId, raised.status],
      ['The panel form asks for a care plan first', 'process', '2026-06-05', site.id, 'open'],
    );
    const page = await member.get(path(past)).expect(200);
    assert.match(
      page.text,
      /The panel form asks for a care plan first<\/th>\s*<td class="govuk-table__cell">Process<\/td>\s*<td class="govuk-table__cell">Owen Owner<\/td>\s*<td class="govuk-table__cell">Open<\/td>\s*<td class="govuk-table__cell">Raised/,
    );
    const audit = await auditActions(t.database.db, 'getting-in-the-way.raised');
    assert.deepEqual(audit.at(-1)?.details, { reflectionId: past.id });
  });

  it('dates what is raised today while the reflection’s day is still to come', async () => {
    await member
      .post(`${path(current)}/getting-in-the-way`, item({ title: 'No wheelchair taxis on Fridays', category: 'resources' }))
      .expect(303);
    await member.post(`${path(current)}/actions`, action()).expect(303);
    assert.equal((await itemsOf(current.id))[0].raisedOn, '2026-06-10');
    assert.equal((await actionsOf(current.id))[0].raisedOn, '2026-06-10');
  });

  it('refuses a log item with problems, keeping what was typed', async () => {
    const other = await aSite(t.database.db, { name: 'Elsewhere' });
    const stranger = await aUser(t.database.db, { role: 'practitioner', siteIds: [other.id] });
    const res = await member
      .post(
        `${path(past)}/getting-in-the-way`,
        item({ title: '', category: 'weather', description: '<b>kept</b> 🌧️', ownerId: String(stranger.id) }),
      )
      .expect(422);
    assert.match(res.text, /Enter what is getting in the way/);
    assert.match(res.text, /Select a category/);
    assert.match(res.text, /Select an owner from this site’s team: that person is not in it/);
    assert.match(res.text, /href="#item-title"/);
    assert.match(res.text, /href="#item-ownerId"/);
    assert.match(res.text, />&lt;b&gt;kept&lt;\/b&gt; 🌧️<\/textarea>/);
    const long = await member.post(`${path(past)}/getting-in-the-way`, item({ title: 't'.repeat(201) })).expect(422);
    assert.match(long.text, /Title must be 200 characters or fewer/);
    assert.equal((await itemsOf(past.id)).length, 1);
  });

  it('brings back an open item of this site’s log, once, and refuses others', async () => {
    const [older] = await t.database.db
      .insert(gettingInTheWay)
      .values({
        siteId: site.id,
        title: 'Laptops cannot reach the case system',
        category: 'it_system',
        ownerId: Number(ownerId),
        raisedOn: '2026-04-01',
      })
      .returning();
    const [closed] = await t.database.db
      .insert(gettingInTheWay)
      .values({
        siteId: site.id,
        title: 'Closed already',
        category: 'other',
        ownerId: Number(ownerId),
        raisedOn: '2026-04-01',
        status: 'resolved',
        whatChanged: 'Fixed',
      })
      .returning();
    const other = await aSite(t.database.db, { name: 'Another log' });
    const [foreign] = await t.database.db
      .insert(gettingInTheWay)
      .values({ siteId: other.id, title: 'Not ours', category: 'other', ownerId: Number(ownerId), raisedOn: '2026-04-01' })
      .returning();
    const form = await member.get(path(past)).expect(200);
    assert.match(form.text, /<option value="\d+">Laptops cannot reach the case system \(raised 1 Apr 2026\)<\/option>/);
    assert.doesNotMatch(form.text, /Closed already|Not ours/);
    await member.post(`${path(past)}/getting-in-the-way/link`, { itemId: String(older.id) }).expect(303);
    await member.post(`${path(past)}/getting-in-the-way/link`, { itemId: String(older.id) }).expect(303);
    const mentions = await t.database.db.select().from(gettingInTheWayMentions).where(eq(gettingInTheWayMentions.itemId, older.id));
    assert.equal(mentions.length, 1);
    assert.equal(mentions[0].reflectionId, past.id);
    const page = await member.get(path(past)).expect(200);
    assert.match(page.text, /Laptops cannot reach the case system<\/th>[\s\S]*?Brought back/);
    for (const itemId of [String(closed.id), String(foreign.id), '', 'abc', '99999999999']) {
      const res = await member.post(`${path(past)}/getting-in-the-way/link`, { itemId }).expect(422);
      assert.match(res.text, itemId ? /Select an open item from this site’s log/ : /Select an item from the log to bring back/);
    }
    assert.equal((await auditActions(t.database.db, 'getting-in-the-way.brought-back')).length, 1);
  });

  it('turns what we will try into an action with an owner and a due date', async () => {
    const res = await member.post(`${path(past)}/actions`, action()).expect(303);
    assert.equal(res.headers.location, `${path(past)}#try-differently`);
    const [made] = await actionsOf(past.id);
    assert.deepEqual(
      [made.description, made.ownerId, made.dueDate, made.raisedOn, made.status],
      ['Try the connector at every huddle', Number(ownerId), '2026-06-20', '2026-06-05', 'open'],
    );
    const page = await follow(member, res).expect(200);
    assert.match(page.text, /Action added/);
    assert.match(
      page.text,
      /Try the connector at every huddle<\/th>\s*<td class="govuk-table__cell">Owen Owner<\/td>\s*<td class="govuk-table__cell">20 Jun 2026/,
    );
    assert.deepEqual((await auditActions(t.database.db, 'action.raised')).at(-1)?.details, { reflectionId: past.id });
  });

  it('refuses an owner from another site, a past due date and empty text, keeping what was typed', async () => {
    const other = await aSite(t.database.db, { name: 'Other team' });
    const stranger = await aUser(t.database.db, { role: 'practitioner', siteIds: [other.id] });
    const count = (await actionsOf(past.id)).length;
    const res = await member
      .post(
        `${path(past)}/actions`,
        action({ description: 'Kept: ask about the 🦽 loan', ownerId: String(stranger.id), ...dateFields('due', '2026-06-09') }),
      )
      .expect(422);
    assert.match(res.text, /Select an owner from this site’s team: that person is not in it/);
    assert.match(res.text, /Due date must be today \(Wednesday 10 June 2026\) or later/);
    assert.match(res.text, />Kept: ask about the 🦽 loan<\/textarea>/);
    assert.match(res.text, /name="due-day" type="text" inputmode="numeric" value="9"/);
    assert.match(res.text, /href="#action-ownerId"/);
    const empty = await member.post(`${path(past)}/actions`, action({ description: '', ownerId: '' })).expect(422);
    assert.match(empty.text, /Enter the action/);
    assert.match(empty.text, /Select who owns this/);
    const long = await member.post(`${path(past)}/actions`, action({ description: 'a'.repeat(2001) })).expect(422);
    assert.match(long.text, /Action must be 2,000 characters or fewer/);
    assert.equal((await actionsOf(past.id)).length, count);
  });

  it('swaps a part in place for htmx, with its errors inside it', async () => {
    const ok = await member.post(`${path(past)}/actions`, action({ description: 'In place' }), HTMX_PARTIAL).expect(200);
    assert.match(ok.text, /^<section id="try-differently"/);
    assert.doesNotMatch(ok.text, /<html/);
    assert.match(ok.text, /role="status">Action added/);
    assert.match(ok.text, /In place<\/th>/);
    const bad = await member.post(`${path(past)}/getting-in-the-way`, item({ title: '' }), HTMX_PARTIAL).expect(422);
    assert.match(bad.text, /^<section id="in-the-way"/);
    assert.match(bad.text, /govuk-error-summary[\s\S]*Enter what is getting in the way/);
  });

  it('counts on the list of weeks what each reflection raised and brought back', async () => {
    const list = await member.get(`/sites/${site.id}/reflections`).expect(200);
    const [raisedActions, linkedItems] = [(await actionsOf(past.id)).length, 2];
    assert.match(
      list.text,
      new RegExp(
        `Week of 1 Jun 2026</a></th>\\s*<td class="govuk-table__cell">5 Jun 2026</td>\\s*<td class="govuk-table__cell">${raisedActions}</td>\\s*<td class="govuk-table__cell">${linkedItems}</td>\\s*<td class="govuk-table__cell">0 answered: shown from 3</td>`,
      ),
    );
  });
});
