import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { actions, auditLog, huddles, type Site } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

const TODAY = '2026-06-10'; // a Wednesday
const YESTERDAY = '2026-06-09';
const LAST_WEEK = '2026-06-03';

/** A huddle's state from day to day: start before close, closing asks, a lead reopens with a reason, no made-up lengths. */
describe('a huddle’s start, close and reopening', function () {
  let t: TestApp;
  let site: Site;
  let alex: Visitor;
  let lead: Visitor;
  const at = (date: string) => `/sites/${site.id}/huddles/${date}`;
  const huddleOn = async (date: string) =>
    (
      await t.database.db
        .select()
        .from(huddles)
        .where(and(eq(huddles.siteId, site.id), eq(huddles.date, date)))
    )[0];
  const times = (html: string) => /app-board__times">([^<]*(?:<strong>[^<]*<\/strong>)?)/.exec(html)?.[1].replace(/<\/?strong>/g, '');

  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:30:00Z` });
    site = await aSite(t.database.db, { name: 'Northgate' });
    alex = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
  });
  after(async () => t.close());

  it('offers Start before Close, asks before closing, and says “1 minute”, in the title’s date as words', async () => {
    let board = await alex.get(at(TODAY)).expect(200);
    assert.match(board.text, /Start the huddle/);
    assert.doesNotMatch(board.text, /Close the huddle/, 'nothing to close before it starts');
    assert.match(board.text, /<title>Huddle, Wednesday 10 June 2026 – Northgate/);

    await alex.post(`${at(TODAY)}/start`).expect(303);
    board = await alex.get(at(TODAY)).expect(200);
    assert.doesNotMatch(board.text, /Start the huddle/);
    assert.match(board.text, new RegExp(`href="${at(TODAY)}/close" role="button"`), 'Close is a link to a page that asks');

    const ask = await alex.get(`${at(TODAY)}/close`).expect(200);
    assert.match(ask.text, /Close the huddle for Wednesday 10 June 2026\?/);
    assert.match(ask.text, /It started at \d\d:\d\d/);
    assert.match(ask.text, new RegExp(`<form method="post" action="${at(TODAY)}/close"`));
    assert.match(ask.text, new RegExp(`href="${at(TODAY)}">Keep it open`));
    assert.equal((await huddleOn(TODAY)).closedAt, null, 'asking closes nothing');

    await alex.post(`${at(TODAY)}/close`).expect(303);
    // A huddle that took a minute says so in the singular.
    await t.database.sql`update huddles set started_at = closed_at - interval '60 seconds' where site_id = ${site.id} and date = ${TODAY}`;
    board = await alex.get(at(TODAY)).expect(200);
    assert.match(times(board.text) ?? '', /^Started at \d\d:\d\d, closed at \d\d:\d\d: 1 minute$/);
    const list = await alex.get(`/sites/${site.id}/huddles`).expect(200);
    assert.match(list.text, /\(1 minute\)/);
    assert.doesNotMatch(list.text, /1 minutes|\d min\)/);
    // Once closed, the page that asks sends people back to the board.
    await alex.get(`${at(TODAY)}/close`).expect(303);
  });

  it('records no length for a past day’s huddle closed without being started, and never counts one down', async () => {
    let board = await alex.get(at(YESTERDAY)).expect(200);
    assert.doesNotMatch(board.text, /Start the huddle/, 'a past day is not started now');
    assert.match(board.text, /Close the huddle/, 'but a forgotten one can still be closed');
    await alex.post(`${at(YESTERDAY)}/close`).expect(303);
    const closed = await huddleOn(YESTERDAY);
    assert.equal(closed.startedAt, null, 'no start is made up');
    assert.ok(closed.closedAt);
    board = await alex.get(at(YESTERDAY)).expect(200);
    assert.match(times(board.text) ?? '', /^Closed at \d\d:\d\d without being started, so no length is recorded$/);
    assert.match((await alex.get(`/sites/${site.id}/huddles`).expect(200)).text, /Closed at \d\d:\d\d, not started/);

    // Started a week ago and never closed: the board says so, with no live countdown.
    await t.database.sql`insert into huddles (site_id, date, started_at) values (${site.id}, ${LAST_WEEK}, ${`${LAST_WEEK}T08:15:00Z`})`;
    board = await alex.get(at(LAST_WEEK)).expect(200);
    assert.doesNotMatch(board.text, /data-huddle-timer/);
    assert.match(times(board.text) ?? '', /^Started at 09:15, not closed$/);
  });

  it('lets a lead open a closed huddle again with a reason, audited once however many send it, and nobody else', async () => {
    const path = `${at(TODAY)}/reopen`;
    await alex.get(path).expect(403);
    await alex.post(path, { reason: 'Closed by mistake' }).expect(403);
    assert.doesNotMatch((await alex.get(at(TODAY)).expect(200)).text, /Open this huddle again/);
    assert.match((await lead.get(at(TODAY)).expect(200)).text, new RegExp(`href="${path}">Open this huddle again`));

    const form = await lead.get(path).expect(200);
    assert.match(form.text, /Open the huddle for Wednesday 10 June 2026 again/);
    const missing = await lead.post(path, { reason: '   ' }).expect(422);
    assert.match(missing.text, /Enter why the huddle is being opened again/);
    const long = 'Closed too soon ✓ '.repeat(20);
    const tooLong = await lead.post(path, { reason: long }).expect(422);
    assert.match(tooLong.text, /Reason must be 300 characters or fewer/);
    assert.ok(tooLong.text.includes('Closed too soon ✓'), 'what was typed is kept');
    assert.ok((await huddleOn(TODAY)).closedAt, 'a refused reason reopens nothing');

    const sent = await Promise.all([1, 2, 3].map(() => lead.post(path, { reason: 'Closed before the last item' })));
    assert.deepEqual(
      sent.map((res) => res.status),
      [303, 303, 303],
    );
    const reopened = await huddleOn(TODAY);
    assert.equal(reopened.closedAt, null);
    assert.equal(reopened.closedBy, null);
    const entries = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'huddle.reopened'));
    assert.equal(entries.length, 1);
    assert.equal(entries[0].userId, lead.user?.id);
    assert.deepEqual(entries[0].details, { siteId: site.id, date: TODAY, reason: 'Closed before the last item' });
    const board = await alex.get(at(TODAY)).expect(200);
    assert.match(board.text, /data-huddle-timer/, 'open again, and today: the timer runs');
    assert.match(board.text, /Close the huddle/);
    // Not closed now: the reopen page sends people back to the board.
    await lead.get(path).expect(303);
  });

  it('offers no “Done” for a finished action, chooses no radio for the person, and fits each error to its field', async () => {
    const other = await aSite(t.database.db, { name: 'Riverside' });
    const sam = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [other.id] });
    const board = `/sites/${other.id}/huddles/${TODAY}`;
    await sam
      .post(`/sites/${other.id}/huddles/${YESTERDAY}/actions`, {
        description: 'Ring the ward',
        ownerId: String(sam.user?.id),
        'due-day': '12',
        'due-month': '6',
        'due-year': '2026',
      })
      .expect(303);
    const [action] = await t.database.db.select().from(actions).where(eq(actions.siteId, other.id));
    const doneButton = new RegExp(
      `<input type="hidden" name="status" value="done">\\s*<button[^>]*>Done<span class="govuk-visually-hidden">: Ring the ward`,
    );
    assert.match((await sam.get(board).expect(200)).text, doneButton, 'an open action is offered Done');
    await sam.post(`${board}/actions/${action.id}/review`, { status: 'done', version: String(action.version) }).expect(303);
    const afterDone = (await sam.get(board).expect(200)).text;
    assert.match(afterDone, /Ring the ward[\s\S]*govuk-tag--green">Done/);
    assert.doesNotMatch(afterDone, doneButton, 'a finished action is not offered Done again');

    const people = /id="section-people"[\s\S]*?<\/section>/.exec(afterDone)?.[0] ?? '';
    assert.match(people, /name="conversation"/);
    assert.doesNotMatch(people, /type="radio"[^>]*checked/, 'no conversation or flag is chosen beforehand');
    const refused = await sam.post(`${board}/people`, { personRef: 'HX-0417' }).expect(422);
    assert.match(refused.text, /Select the conversation the person is in/);
    assert.match(refused.text, /Select whether there is a risk or safeguarding concern/);
    assert.match(refused.text, /Select the lead worker/);
    assert.doesNotMatch(refused.text, /Select who owns this/, 'a lead worker is not an owner');
    const foreign = await sam.post(`${board}/people`, {
      personRef: 'HX-0417',
      conversation: '2',
      flag: 'none',
      leadWorkerId: String(lead.user?.id),
    });
    assert.equal(foreign.status, 422);
    assert.match(foreign.text, /Select a lead worker from this site’s team: that person is not in it/);
    const guest = await sam.post(`${board}/guests`, { role: 'Dr Evans' }).expect(422);
    assert.match(guest.text, /The guest’s role looks like it includes a name \(Dr Evans\)\. Describe the guest by their job instead/);
  });

  it('prepares the next huddle day ahead of time: items added to it, no start or close until the day', async () => {
    const friday = await aSite(t.database.db, { name: 'Fridays only', huddleDays: [5] });
    const worker = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [friday.id] });
    const next = await worker.get(`/sites/${friday.id}/huddles/next`).expect(303);
    assert.equal(next.headers.location, `/sites/${friday.id}/huddles/2026-06-12`);
    const board = await worker.get(next.headers.location).expect(200);
    assert.match(board.text, /The next huddle: add what to talk about ahead of time/);
    assert.doesNotMatch(board.text, /Start the huddle|Close the huddle/);
    await worker
      .post(`${next.headers.location}/people`, {
        personRef: 'HX-3001',
        conversation: '2',
        leadWorkerId: String(worker.user?.id),
        flag: 'none',
      })
      .expect(303);
    assert.match((await worker.get(next.headers.location).expect(200)).text, /HX-3001/);
    // Only the next one: the Friday after is too far ahead, and says which one can be prepared.
    const later = await worker.get(`/sites/${friday.id}/huddles/2026-06-19`).expect(404);
    assert.match(later.text, /or prepare the next one \(Friday 12 June 2026\) ahead of time/);
    await worker
      .post(`/sites/${friday.id}/huddles/2026-06-19/people`, { personRef: 'HX-3002', conversation: '2', flag: 'none' })
      .expect(422);
    // Today's board links to it.
    assert.match((await alex.get(at(TODAY)).expect(200)).text, new RegExp(`href="/sites/${site.id}/huddles/next">Prepare the next huddle`));
  });
});
