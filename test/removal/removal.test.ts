import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import {
  actionReviews,
  actions,
  contacts,
  gettingInTheWay,
  gettingInTheWayMentions,
  huddlePeople,
  huddles,
  type Site,
  type User,
} from '../../server/db/schema.js';
import { measureTotals } from '../../server/measures/queries.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { anAction } from '../actions/helpers.js';
import { anItem } from '../getting-in-the-way/helpers.js';
import { aContact } from '../contacts/helpers.js';
import { follow } from '../reflections/helpers.js';

const TODAY = '2026-06-10';

/** Records added by mistake: removed with a version check, audited, and gone from every page and measure. */
describe('removing a record added by mistake', () => {
  let t: TestApp;
  let site: Site;
  let owner: User;
  let member: Visitor;
  let huddleId: number;
  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    site = await aSite(t.database.db, { name: 'Mistakes site' });
    owner = await aUser(t.database.db, { role: 'practitioner', siteIds: [site.id], name: 'Owen Owner' });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    [{ id: huddleId }] = await t.database.db.insert(huddles).values({ siteId: site.id, date: TODAY }).returning();
  });
  after(async () => t.close());

  const db = () => t.database.db;
  const board = () => `/sites/${site.id}/huddles/${TODAY}`;
  const removals = async (action: string) => [
    ...(await db().execute<{ userId: number; recordId: string; details: Record<string, unknown> }>(sql`
      select user_id as "userId", record_id as "recordId", details from audit_log where action = ${action} order by id`)),
  ];
  const aPerson = async (personRef: string) =>
    (
      await db()
        .insert(huddlePeople)
        .values({ siteId: site.id, huddleId, personRef, conversation: 2, leadWorkerId: owner.id, note: 'Needs a call today' })
        .returning()
    )[0];

  it('removes a person to talk about from their huddle, after asking, and says so in the audit', async () => {
    const person = await aPerson('MX-0001');
    const edit = await member.get(`${board()}/people/${person.id}/edit`).expect(200);
    assert.match(edit.text, new RegExp(`href="${board()}/people/${person.id}/remove">Remove: added by mistake`));
    const confirm = await member.get(`${board()}/people/${person.id}/remove`).expect(200);
    assert.match(confirm.text, /<h1 class="govuk-heading-l">Remove this person from the huddle\?<\/h1>/);
    assert.match(confirm.text, /MX-0001/);
    assert.match(confirm.text, /Only remove it if it was added by mistake/);
    assert.match(confirm.text, new RegExp(`name="version" value="${person.version}"`));
    const res = await member.post(`${board()}/people/${person.id}/remove`, { version: String(person.version) }).expect(303);
    assert.equal(res.headers.location, `${board()}#section-people`);
    const after = await follow(member, res).expect(200);
    assert.match(after.text, /Person removed from the huddle/);
    assert.ok(!after.text.includes('MX-0001'), 'gone from the board');
    assert.equal((await db().select().from(huddlePeople).where(eq(huddlePeople.id, person.id))).length, 0);
    assert.deepEqual((await removals('huddle.person-removed')).at(-1), {
      userId: member.user!.id,
      recordId: String(person.id),
      details: { siteId: site.id, date: TODAY, reason: 'added by mistake', version: person.version },
    });
  });

  it('refuses a stale removal (409), showing the person as they are now, and removes nothing', async () => {
    const person = await aPerson('MX-0002');
    await db()
      .update(huddlePeople)
      .set({ note: 'Changed by a colleague', version: person.version + 1 })
      .where(eq(huddlePeople.id, person.id));
    const res = await member.post(`${board()}/people/${person.id}/remove`, { version: String(person.version) }).expect(409);
    assert.match(res.text, /Someone changed this person from the huddle since you opened it/);
    assert.match(res.text, /Changed by a colleague/);
    assert.match(res.text, new RegExp(`name="version" value="${person.version + 1}"`));
    for (const version of [undefined, 'abc', '-1', '99999999999']) {
      await member.post(`${board()}/people/${person.id}/remove`, version === undefined ? {} : { version }).expect(409);
    }
    assert.equal((await db().select().from(huddlePeople).where(eq(huddlePeople.id, person.id))).length, 1);
    await member.post(`${board()}/people/${person.id}/remove`, { version: String(person.version + 1) }).expect(303);
  });

  it('removes once when the button is pressed twice at once, and both presses land on the board', async () => {
    const person = await aPerson('MX-0003');
    const before = (await removals('huddle.person-removed')).length;
    const results = await Promise.all(
      [1, 2, 3].map(() => member.post(`${board()}/people/${person.id}/remove`, { version: String(person.version) })),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [303, 303, 303],
    );
    assert.ok(results.every((r) => r.headers.location === `${board()}#section-people`));
    assert.equal((await removals('huddle.person-removed')).length, before + 1, 'one removal audited');
    // Later, on a stale page, the same button says it was already removed.
    const again = await member.post(`${board()}/people/${person.id}/remove`, { version: String(person.version) }).expect(303);
    assert.match((await follow(member, again)).text, /That had already been removed/);
    // An id that never existed is not found.
    await member.post(`${board()}/people/999999/remove`, { version: '1' }).expect(404);
    await member.get(`${board()}/people/999999/remove`).expect(404);
  });

  it('removes a person only through their own huddle’s address', async () => {
    const [{ id: earlier }] = await db().insert(huddles).values({ siteId: site.id, date: '2026-06-09' }).returning();
    const [person] = await db()
      .insert(huddlePeople)
      .values({ siteId: site.id, huddleId: earlier, personRef: 'MX-0004', conversation: 1, leadWorkerId: owner.id })
      .returning();
    await member.get(`${board()}/people/${person.id}/remove`).expect(404);
    await member.post(`${board()}/people/${person.id}/remove`, { version: String(person.version) }).expect(404);
    assert.equal((await db().select().from(huddlePeople).where(eq(huddlePeople.id, person.id))).length, 1);
    await member.post(`/sites/${site.id}/huddles/2026-06-09/people/${person.id}/remove`, { version: String(person.version) }).expect(303);
    // Another site's leads and practitioners cannot reach it at all.
    const stranger = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [(await aSite(db(), { name: 'Elsewhere' })).id] });
    const other = await aPerson('MX-0005');
    await stranger.post(`${board()}/people/${other.id}/remove`, { version: String(other.version) }).expect(403);
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await expert.post(`${board()}/people/${other.id}/remove`, { version: String(other.version) }).expect(403);
    await expert.get(`${board()}/people/${other.id}/remove`).expect(403);
    assert.equal((await db().select().from(huddlePeople).where(eq(huddlePeople.id, other.id))).length, 1);
  });

  it('removes a contact from the records and from every measure, and the person’s earlier contact no longer counts as coming back', async () => {
    const first = await aContact(db(), site, { personRef: 'MX-0100', contactDate: '2026-05-01', firstConversationDate: '2026-05-02' });
    const mistake = await aContact(db(), site, { personRef: 'MX-0100', contactDate: '2026-05-20', firstConversationDate: '2026-05-21' });
    const range = { from: '2026-05-01', to: '2026-05-31', today: TODAY };
    const totals = async () => (await measureTotals(db(), [site.id], range)).find((row) => row.wayOfWorking === 'new')!;
    assert.equal((await totals()).contacts, 2);
    assert.equal((await db().select().from(contacts).where(eq(contacts.id, first.id)))[0].cameBack, true);

    const page = await member.get(`/sites/${site.id}/contacts/${mistake.id}`).expect(200);
    assert.match(page.text, new RegExp(`href="/sites/${site.id}/contacts/${mistake.id}/remove">Remove this contact record`));
    const confirm = await member.get(`/sites/${site.id}/contacts/${mistake.id}/remove`).expect(200);
    assert.match(confirm.text, /Remove this contact record\?/);
    assert.match(confirm.text, /Wednesday 20 May 2026/);
    const res = await member.post(`/sites/${site.id}/contacts/${mistake.id}/remove`, { version: String(mistake.version) }).expect(303);
    assert.equal(res.headers.location, `/sites/${site.id}/contacts`);
    assert.match((await follow(member, res)).text, /Contact removed/);
    assert.equal((await totals()).contacts, 1, 'not counted in the measures');
    assert.equal(
      (await db().select().from(contacts).where(eq(contacts.id, first.id)))[0].cameBack,
      false,
      'the earlier contact no longer came back',
    );
    await member.get(`/sites/${site.id}/contacts/${mistake.id}`).expect(404);
    const [audit] = (await removals('contact.removed')).slice(-1);
    assert.deepEqual(audit, {
      userId: member.user!.id,
      recordId: String(mistake.id),
      details: { siteId: site.id, reason: 'added by mistake', version: mistake.version },
    });
    assert.ok(!JSON.stringify(audit).includes('MX-0100'), 'the audit entry holds no person reference');
  });

  it('removes a contact added at a huddle from the huddle’s own address, and the board no longer shows it', async () => {
    const [contact] = await db()
      .insert(contacts)
      .values({ siteId: site.id, personRef: 'MX-0200', contactDate: TODAY, huddleId })
      .returning();
    const edit = await member.get(`${board()}/contacts/${contact.id}/edit`).expect(200);
    assert.match(edit.text, new RegExp(`href="${board()}/contacts/${contact.id}/remove">Remove: added by mistake`));
    assert.match((await member.get(board()).expect(200)).text, /MX-0200/);
    // Not through a contact that was not added at this huddle.
    const elsewhere = await aContact(db(), site, { personRef: 'MX-0201', contactDate: '2026-06-01' });
    await member.post(`${board()}/contacts/${elsewhere.id}/remove`, { version: String(elsewhere.version) }).expect(404);
    const res = await member.post(`${board()}/contacts/${contact.id}/remove`, { version: String(contact.version) }).expect(303);
    assert.equal(res.headers.location, `${board()}#section-contacts`);
    assert.ok(!(await member.get(board()).expect(200)).text.includes('MX-0200'));
  });

  it('removes an action with its reviews, and a log item with the times it was brought back', async () => {
    const action = await anAction(db(), site, owner, { description: 'Mistaken action', huddleId });
    await db().insert(actionReviews).values({ actionId: action.id, huddleId, status: 'open', note: 'Still open', reviewedBy: owner.id });
    const item = await anItem(db(), site, owner);
    await db().insert(gettingInTheWayMentions).values({ itemId: item.id, huddleId, note: 'Raised again' });

    assert.match(
      (await member.get(`/sites/${site.id}/actions/${action.id}`).expect(200)).text,
      /Remove this action<\/a> if it was added by mistake/,
    );
    assert.match((await member.get(`/sites/${site.id}/actions/${action.id}/remove`).expect(200)).text, /Mistaken action/);
    // A stale version first: nothing goes.
    await member.post(`/sites/${site.id}/actions/${action.id}/remove`, { version: String(action.version + 1) }).expect(409);
    assert.equal((await db().select().from(actionReviews).where(eq(actionReviews.actionId, action.id))).length, 1);
    const removedAction = await member
      .post(`/sites/${site.id}/actions/${action.id}/remove`, { version: String(action.version) })
      .expect(303);
    assert.equal(removedAction.headers.location, `/sites/${site.id}/actions`);
    assert.ok(!(await follow(member, removedAction)).text.includes('Mistaken action'));
    assert.equal((await db().select().from(actions).where(eq(actions.id, action.id))).length, 0);
    assert.equal((await db().select().from(actionReviews).where(eq(actionReviews.actionId, action.id))).length, 0);

    assert.match((await member.get(`/sites/${site.id}/getting-in-the-way/${item.id}`).expect(200)).text, /Remove this log item<\/a>/);
    const removedItem = await member
      .post(`/sites/${site.id}/getting-in-the-way/${item.id}/remove`, { version: String(item.version) })
      .expect(303);
    assert.equal(removedItem.headers.location, `/sites/${site.id}/getting-in-the-way`);
    assert.match((await follow(member, removedItem)).text, /Log item removed/);
    assert.equal((await db().select().from(gettingInTheWay).where(eq(gettingInTheWay.id, item.id))).length, 0);
    assert.equal((await db().select().from(gettingInTheWayMentions).where(eq(gettingInTheWayMentions.itemId, item.id))).length, 0);
    assert.equal((await removals('action.removed')).length, 1);
    assert.equal((await removals('getting-in-the-way.removed')).length, 1);
  });

  it('shows removals in the audit log to administrators', async () => {
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    const page = await admin.get('/audit?recordType=action').expect(200);
    assert.match(page.text, /action\.removed/);
    assert.match(page.text, /reason: added by mistake/);
  });

  it('refuses a removal without the CSRF token', async () => {
    const action = await anAction(db(), site, owner, { description: 'Kept action' });
    await member.post(`/sites/${site.id}/actions/${action.id}/remove`, { version: String(action.version), _csrf: 'wrong' }).expect(403);
    assert.equal(
      (
        await db()
          .select()
          .from(actions)
          .where(and(eq(actions.id, action.id)))
      ).length,
      1,
    );
  });
});
