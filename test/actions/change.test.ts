import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { actionReviews, actions, auditLog, boardRevisions, type Action, type Site, type User } from '../../server/db/schema.js';
import { anAction, due } from './helpers.js';

// Wednesday 10 June 2026 in London.
describe('changing an action', () => {
  let t: TestApp;
  let site: Site;
  let member: Visitor;
  let colleague: User;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Change site' });
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    colleague = await aUser(t.database.db, { role: 'practitioner', siteIds: [site.id], name: 'Owain' });
  });
  after(async () => t.close());

  const path = (action: Action) => `/sites/${site.id}/actions/${action.id}`;
  const fieldsOf = (action: Action, overrides: Record<string, string> = {}, as: Visitor = member) =>
    as.post(path(action), {
      description: action.description,
      ownerId: String(action.ownerId),
      ...due(action.dueDate),
      status: action.status,
      note: action.statusNote,
      version: String(action.version),
      ...overrides,
    });
  const reload = async (action: Action) => (await t.database.db.select().from(actions).where(eq(actions.id, action.id)))[0];

  it('shows the edit form with the saved answers and a version', async () => {
    const action = await anAction(t.database.db, site, colleague, { description: 'Chase the OT report' });
    const res = await member.get(`${path(action)}/edit`).expect(200);
    assert.match(res.text, /Chase the OT report<\/textarea>/);
    assert.match(res.text, /name="version" value="1"/);
    assert.match(res.text, /value="open" checked/);
  });

  it('saves a change, marks it done, keeps a review, audits it and moves the board on', async () => {
    const action = await anAction(t.database.db, site, colleague);
    const [{ revision: before }] = await t.database.db.select().from(boardRevisions).where(eq(boardRevisions.siteId, site.id));
    const res = await fieldsOf(action, { description: 'Ring the store again', status: 'done', ownerId: String(member.user!.id) }).expect(
      303,
    );
    assert.equal(res.headers.location, path(action));
    const saved = await reload(action);
    assert.equal(saved.description, 'Ring the store again');
    assert.equal(saved.status, 'done');
    assert.equal(saved.closedOn, '2026-06-10');
    assert.equal(saved.ownerId, member.user!.id);
    assert.equal(saved.version, 2);
    const reviews = await t.database.db.select().from(actionReviews).where(eq(actionReviews.actionId, action.id));
    assert.deepEqual(
      reviews.map((review) => review.status),
      ['done'],
    );
    const [{ revision: after }] = await t.database.db.select().from(boardRevisions).where(eq(boardRevisions.siteId, site.id));
    assert.ok(after > before);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'action.changed'));
    assert.ok(audit.some((entry) => entry.recordId === String(action.id)));
    const page = await member.get(path(action)).expect(200);
    assert.match(page.text, /Done<\/strong> on Wednesday 10 June 2026/);
    assert.match(page.text, /Each time the action was reviewed/);
  });

  it('needs a note to stay open and a reason to be dropped', async () => {
    const action = await anAction(t.database.db, site, colleague);
    await fieldsOf(action, { description: 'Only the text changed' }).expect(303);
    const reviews = await t.database.db.select().from(actionReviews).where(eq(actionReviews.actionId, action.id));
    assert.equal(reviews.length, 0, 'an edit that leaves the status alone is not a review');
    const current = await reload(action);
    const dropped = await fieldsOf(current, { status: 'dropped', note: '' }).expect(422);
    assert.match(dropped.text, /Say why the action was dropped/);
    await fieldsOf(current, { status: 'dropped', note: 'Nobody needs it now' }).expect(303);
    const reopened = await reload(action);
    const open = await fieldsOf(reopened, { status: 'open', note: '' }).expect(422);
    assert.match(open.text, /Say where the action has got to, since it is still open/);
    await fieldsOf(reopened, { status: 'open', note: 'Waiting for the panel' }).expect(303);
    const final = await reload(action);
    assert.equal(final.closedOn, null);
    assert.equal(final.statusNote, 'Waiting for the panel');
    const page = await member.get(path(action)).expect(200);
    assert.match(page.text, /Nobody needs it now/);
    assert.match(page.text, /Waiting for the panel/);
  });

  it('lets an overdue action keep its past due date, but refuses a new one in the past', async () => {
    const action = await anAction(t.database.db, site, colleague, { dueDate: '2026-06-01' });
    await fieldsOf(action, { description: 'Still late, still the same date' }).expect(303);
    const current = await reload(action);
    const moved = await fieldsOf(current, due('2026-06-05')).expect(422);
    assert.match(moved.text, /Due date must be today \(Wednesday 10 June 2026\) or later/);
    await fieldsOf(current, due('2026-06-30')).expect(303);
  });

  it('refuses bad input with 422 and keeps what was typed', async () => {
    const action = await anAction(t.database.db, site, colleague);
    const outsider = await aUser(t.database.db, { role: 'practitioner', siteIds: [(await aSite(t.database.db)).id] });
    const res = await fieldsOf(action, { description: '', ownerId: String(outsider.id), note: 'x'.repeat(2001), status: 'done' }).expect(
      422,
    );
    assert.match(res.text, /Enter the action/);
    assert.match(res.text, /Select an owner from this site’s team/);
    assert.match(res.text, /Note must be 2,000 characters or fewer/);
    assert.ok(res.text.includes('x'.repeat(2001)));
    const status = await fieldsOf(action, { status: 'finished' }).expect(422);
    assert.match(status.text, /Select done, still open or dropped/);
    const welsh = await fieldsOf(action, { description: 'Cyfarfod â’r tîm 🚲 ŵ ŷ <i>' }).expect(303);
    assert.ok(welsh);
    assert.equal((await reload(action)).description, 'Cyfarfod â’r tîm 🚲 ŵ ŷ <i>');
  });

  it('answers 409 to a stale save, shows both versions, keeps the person’s text and overwrites nothing', async () => {
    const action = await anAction(t.database.db, site, colleague, { description: 'The original' });
    const other = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    // Both open the form at version 1; the lead saves first.
    await fieldsOf(action, { description: 'The lead’s version' }, other).expect(303);
    const res = await fieldsOf(action, { description: 'My late version' }).expect(409);
    assert.match(res.text, /<title>Error: Change action/);
    assert.match(res.text, /Someone else changed this action while you were editing it/);
    assert.match(res.text, /The lead’s version/);
    assert.match(res.text, /My late version<\/textarea>/);
    assert.match(res.text, /name="version" value="2"/);
    assert.equal((await reload(action)).description, 'The lead’s version');
    // Saving again from the conflict page, now at version 2, wins.
    await fieldsOf({ ...action, version: 2 }, { description: 'My late version' }).expect(303);
    assert.equal((await reload(action)).description, 'My late version');
  });

  it('treats a missing or garbled version as stale: 409, not 500', async () => {
    const action = await anAction(t.database.db, site, colleague);
    for (const version of ['', 'abc', '-1', '1e3', '99999999999']) {
      const res = await fieldsOf(action, { description: `Tried with version “${version}”`, version }).expect(409);
      assert.ok(res.text.includes(`Tried with version “${version}”</textarea>`), version);
    }
    const noVersion = await member
      .post(path(action), {
        description: 'No version at all',
        ownerId: String(colleague.id),
        ...due('2026-06-20'),
        status: 'open',
        note: '',
      })
      .expect(409);
    assert.match(noVersion.text, /No version at all/);
    assert.equal((await reload(action)).version, 1);
  });
});
