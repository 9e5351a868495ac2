import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { actions, auditLog, contacts, huddlePeople, type Site } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { SECTIONS, sectionHeading } from '../../server/huddles/sections.js';

const TODAY = '2026-06-10'; // a Wednesday
const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('the daily huddle board', function () {
  let t: TestApp;
  let site: Site;
  let other: Site;
  let alex: Visitor;
  let sam: Visitor;
  let outsiderId: number;
  let base: string;

  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    site = await aSite(t.database.db, { name: 'Northgate' });
    other = await aSite(t.database.db, { name: 'Southgate' });
    alex = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    sam = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    outsiderId = (await aUser(t.database.db, { role: 'practitioner', siteIds: [other.id] })).id;
    base = `/sites/${site.id}/huddles/${TODAY}`;
  });
  after(async () => t.close());

  const contact = (overrides: Record<string, string> = {}) => ({
    personRef: 'HX-0417',
    'contact-day': '9',
    'contact-month': '6',
    'contact-year': '2026',
    leadWorkerId: String(alex.user!.id),
    ...overrides,
  });
  const action = (overrides: Record<string, string> = {}) => ({
    description: 'Ring the equipment service about the hoist',
    ownerId: String(sam.user!.id),
    'due-day': '12',
    'due-month': '6',
    'due-year': '2026',
    ...overrides,
  });

  it('shows the six agenda sections in order, with the team to tick', async () => {
    const res = await alex.get(base).expect(200);
    const headings = [...res.text.matchAll(/<h2 class="govuk-heading-l app-board__heading"[^>]*>([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(headings, [
      '1. Open actions',
      '2. Who’s here',
      '3. New contacts since the last huddle',
      '4. People to talk about',
      '5. What is getting in the way',
      '6. Actions agreed',
    ]);
    assert.match(res.text, new RegExp(`Mark here<span class="govuk-visually-hidden">: ${alex.user!.name}`));
    assert.match(res.text, /<title>Huddle, Wednesday 10 June 2026 – Northgate/);
  });

  it('builds the board from the section registry: each section in its order, numbered from its place', async () => {
    const res = await alex.get(base).expect(200);
    const ids = [...res.text.matchAll(/<section class="app-board__section" id="section-([a-z-]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, [...SECTIONS]);
    for (const id of SECTIONS) assert.ok(res.text.includes(`id="section-${id}-heading">${sectionHeading(id)}</h2>`), id);
  });

  it('opens today’s huddle, and explains a date that is not a huddle day', async () => {
    const today = await alex.get(`/sites/${site.id}/huddle`).expect(303);
    assert.equal(today.headers.location, base);
    const saturday = await alex.get(`/sites/${site.id}/huddles/2026-06-06`).expect(404);
    assert.match(
      saturday.text,
      /Saturday 6 June 2026 is not a huddle day: Northgate huddles on Mondays, Tuesdays, Wednesdays, Thursdays and Fridays/,
    );
    assert.match(saturday.text, /href="\/sites\/\d+\/huddles\/2026-06-05"/);
    const holiday = await alex.get(`/sites/${site.id}/huddles/2026-05-25`).expect(404);
    assert.match(holiday.text, /is a bank holiday/);
    // The next huddle day can be prepared ahead of time (see status.test.ts); any later one cannot.
    assert.match(
      (await alex.get(`/sites/${site.id}/huddles/2026-06-12`).expect(404)).text,
      /Friday 12 June 2026 is in the future\. You can open today’s huddle or an earlier one, or prepare the next one \(Thursday 11 June 2026\) ahead of time/,
    );
    assert.match((await alex.get(`/sites/${site.id}/huddles/2026-01-05`).expect(404)).text, /started huddling on Monday 2 March 2026/);
    await alex.get(`/sites/${site.id}/huddles/2026-02-30`).expect(404);
    await alex.get(`/sites/${site.id}/huddles/yesterday`).expect(404);
    const post = await alex.post(`/sites/${site.id}/huddles/2026-06-06/contacts`, contact()).expect(422);
    assert.match(post.text, /is not a huddle day/);
  });

  it('adds a new contact without JavaScript, and as a section with htmx', async () => {
    const res = await alex.post(`${base}/contacts`, contact()).expect(303);
    assert.equal(res.headers.location, `${base}#section-contacts`);
    const board = await alex.get(base).expect(200);
    assert.match(board.text, /HX-0417/);
    const partial = await alex.post(`${base}/contacts`, contact({ personRef: 'MOS 99812' }), HTMX).expect(200);
    assert.match(partial.text, /^<section class="app-board__section" id="section-contacts"/);
    assert.match(partial.text, /MOS 99812/);
    const [row] = await t.database.db.select().from(contacts).where(eq(contacts.personRef, 'MOS 99812'));
    assert.equal(row.contactDate, '2026-06-09');
    assert.equal(row.wayOfWorking, 'new');
    assert.equal(row.leadWorkerId, alex.user!.id);
  });

  it('refuses names, NHS numbers and dates of birth as person references, keeping what was typed', async () => {
    for (const [personRef, message] of [
      ['Mrs Jones', /looks like a name/],
      ['943 476 5919', /looks like an NHS number/],
      ['01/03/1950', /date of birth/],
      ['', /Enter a person reference/],
    ] as const) {
      const res = await alex.post(`${base}/contacts`, contact({ personRef })).expect(422);
      assert.match(res.text, message);
      assert.match(res.text, /<title>Error: /);
      assert.match(res.text, /href="#contact-personRef"/);
      if (personRef) assert.match(res.text, new RegExp(`id="contact-personRef" name="personRef" type="text" value="${personRef}"`));
    }
    const partial = await alex.post(`${base}/contacts`, contact({ personRef: 'John Smith' }), HTMX).expect(422);
    assert.match(partial.text, /govuk-error-summary/);
    assert.match(partial.text, /data-focus-after-swap/);
  });

  it('refuses a duplicate contact, a lead worker from another site and a contact date after the huddle', async () => {
    assert.match((await alex.post(`${base}/contacts`, contact()).expect(422)).text, /already recorded/);
    assert.match(
      (await alex.post(`${base}/contacts`, contact({ personRef: 'HX-1', leadWorkerId: String(outsiderId) })).expect(422)).text,
      /not in it/,
    );
    assert.match(
      (await alex.post(`${base}/contacts`, contact({ personRef: 'HX-2', 'contact-day': '11' })).expect(422)).text,
      /on or before the huddle/,
    );
    assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.personRef, 'HX-2'))).length, 0);
  });

  it('adds people to talk about, with days since contact from their contact record', async () => {
    await alex
      .post(`${base}/people`, {
        personRef: 'HX-0417',
        conversation: '2',
        leadWorkerId: String(alex.user!.id),
        note: 'Carer in hospital; needs a plan for tonight 🙂 ŵ',
        flag: 'safeguarding',
      })
      .expect(303);
    const board = await alex.get(base).expect(200);
    assert.match(board.text, /Conversation 2/);
    assert.match(board.text, /Safeguarding/);
    assert.match(board.text, /1 day since contact/);
    assert.match(board.text, /Carer in hospital; needs a plan for tonight 🙂 ŵ/);
  });

  it('refuses a long note, a name in a note and a missing conversation, and shows hostile text as text', async () => {
    const long = await alex
      .post(`${base}/people`, {
        personRef: 'HX-9',
        conversation: '2',
        leadWorkerId: String(alex.user!.id),
        note: 'x'.repeat(2001),
        flag: 'none',
      })
      .expect(422);
    assert.match(long.text, /Note must be 2,000 characters or fewer/);
    assert.match(long.text, /x{2001}/, 'what was typed is kept');
    const named = await alex
      .post(`${base}/people`, {
        personRef: 'HX-9',
        conversation: '2',
        leadWorkerId: String(alex.user!.id),
        note: 'Spoke to Mrs Patel next door',
        flag: 'none',
      })
      .expect(422);
    assert.match(named.text, /looks like it includes a name \(Mrs Patel\)/);
    assert.match(
      (await alex.post(`${base}/people`, { personRef: 'HX-9', leadWorkerId: String(alex.user!.id), flag: 'none' }).expect(422)).text,
      /Select the conversation/,
    );
    await alex
      .post(`${base}/people`, {
        personRef: 'HX-10',
        conversation: '1',
        leadWorkerId: String(alex.user!.id),
        note: '<script>alert(1)</script>',
        flag: 'none',
      })
      .expect(303);
    const board = await alex.get(base);
    assert.match(board.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(board.text, /<script>alert/);
  });

  it('refuses given names in a note, other than the team’s own, and in a guest’s role, keeping what was typed', async () => {
    for (const note of ['Gwen’s son Dafydd rang', 'Bethan from the hospital will call']) {
      const res = await alex
        .post(`${base}/people`, { personRef: 'HX-7788', conversation: '2', leadWorkerId: String(alex.user!.id), note, flag: 'none' })
        .expect(422);
      assert.match(res.text, /looks like it includes a name/, note);
    }
    const role = await alex.post(`${base}/guests`, { role: 'Bethan from the hospital' }).expect(422);
    // A guest is described by their job, and the message says so.
    assert.match(role.text, /The guest’s role looks like it includes a name \(Bethan\)\. Describe the guest by their job instead/);
    assert.ok(role.text.includes('value="Bethan from the hospital"'));
    // The team's own names are their working notes: "Test person 2 to ring the ward" is fine.
    const teamNote = `${alex.user!.name} to ring the ward`;
    await alex
      .post(`${base}/people`, {
        personRef: 'HX-7789',
        conversation: '2',
        leadWorkerId: String(alex.user!.id),
        note: teamNote,
        flag: 'none',
      })
      .expect(303);
    for (const reference of ['Jones82', 'JONES MARY 1']) {
      const res = await alex.post(`${base}/contacts`, contact({ personRef: reference })).expect(422);
      assert.match(res.text, /looks like it includes a name/, reference);
    }
  });

  it('never overwrites a change to a person: two people editing get 409 with both versions', async () => {
    const [person] = await t.database.db.select().from(huddlePeople).where(eq(huddlePeople.personRef, 'HX-0417'));
    const form = (note: string) => ({
      personRef: 'HX-0417',
      conversation: '2',
      leadWorkerId: String(alex.user!.id),
      note,
      flag: 'safeguarding',
      version: String(person.version),
    });
    const editPage = await sam.get(`${base}/people/${person.id}/edit`).expect(200);
    assert.match(editPage.text, /name="version" value="1"/);
    await alex.post(`${base}/people/${person.id}`, form('First save: plan agreed with the ward')).expect(303);
    const stale = await sam.post(`${base}/people/${person.id}`, form('Second save: still waiting for the ward')).expect(409);
    assert.match(stale.text, /Someone else changed this while you were editing it/);
    assert.match(stale.text, /First save: plan agreed with the ward/);
    assert.match(stale.text, /Second save: still waiting for the ward/);
    assert.match(stale.text, /name="version" value="2"/);
    const [saved] = await t.database.db.select().from(huddlePeople).where(eq(huddlePeople.id, person.id));
    assert.equal(saved.note, 'First save: plan agreed with the ward');
    const partial = await sam.post(`${base}/people/${person.id}`, form('Second save again'), HTMX).expect(409);
    assert.equal(partial.headers['hx-retarget'], `#person-${person.id}`);
  });

  it('edits a contact in place and answers 409 to a stale copy', async () => {
    const [row] = await t.database.db.select().from(contacts).where(eq(contacts.personRef, 'MOS 99812'));
    const partial = await alex.get(`${base}/contacts/${row.id}/edit`, HTMX).expect(200);
    assert.match(partial.text, /Save contact/);
    await alex.post(`${base}/contacts/${row.id}`, { ...contact({ personRef: 'MOS 99813' }), version: '1' }).expect(303);
    const stale = await sam.post(`${base}/contacts/${row.id}`, { ...contact({ personRef: 'MOS 99814' }), version: '1' }).expect(409);
    assert.match(stale.text, /MOS 99813/);
    assert.match(stale.text, /MOS 99814/);
    const garbled = await sam.post(`${base}/contacts/${row.id}`, { ...contact({ personRef: 'MOS 99815' }), version: 'abc' }).expect(409);
    assert.match(garbled.text, /Someone else changed this/);
  });

  it('answers 404 for a record of another site, or an id that is not a number', async () => {
    const otherBase = `/sites/${other.id}/huddles/${TODAY}`;
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    await admin.post(`${otherBase}/contacts`, contact({ leadWorkerId: String(outsiderId), personRef: 'SG-1' })).expect(303);
    const [foreign] = await t.database.db.select().from(contacts).where(eq(contacts.personRef, 'SG-1'));
    await alex.get(`${base}/contacts/${foreign.id}/edit`).expect(404);
    await alex.post(`${base}/contacts/${foreign.id}`, { ...contact(), version: '1' }).expect(404);
    await alex.get(`${base}/contacts/abc/edit`).expect(404);
    await alex.get(`${base}/people/99999999999999/edit`).expect(404);
    await alex.get(otherBase).expect(403);
  });

  it('agrees actions, refusing past due dates and owners from other sites', async () => {
    assert.match(
      (await alex.post(`${base}/actions`, action({ 'due-day': '9' })).expect(422)).text,
      /Due date must be today \(Wednesday 10 June 2026\) or later/,
    );
    assert.match((await alex.post(`${base}/actions`, action({ ownerId: String(outsiderId) })).expect(422)).text, /not in it/);
    assert.match((await alex.post(`${base}/actions`, action({ description: '' })).expect(422)).text, /Enter the action/);
    assert.match(
      (await alex.post(`${base}/actions`, action({ description: 'a'.repeat(2001) })).expect(422)).text,
      /Action must be 2,000 characters or fewer/,
    );
    await alex.post(`${base}/actions`, action()).expect(303);
    const board = await alex.get(base);
    assert.match(board.text, /id="section-agreed-actions"[\s\S]*Ring the equipment service about the hoist/);
  });

  it('reviews open actions from earlier huddles first: done, still open with a note, dropped with a reason', async () => {
    const tomorrowBase = `/sites/${site.id}/huddles/2026-06-09`;
    // An action agreed at the previous day's huddle shows as open on today's board.
    await alex.post(`${tomorrowBase}/actions`, action({ description: 'Earlier action' })).expect(303);
    const [earlier] = await t.database.db.select().from(actions).where(eq(actions.description, 'Earlier action'));
    let board = await alex.get(base);
    assert.match(board.text, /id="section-open-actions"[\s\S]*Earlier action[\s\S]*id="section-attendance"/);
    const reviewPage = await alex.get(`${base}/actions/${earlier.id}/review`).expect(200);
    assert.match(reviewPage.text, /Update an open action/);
    assert.match(reviewPage.text, /name="version" value="1"/);
    const reviewForm = await alex.get(`${base}/actions/${earlier.id}/review`, HTMX).expect(200);
    assert.match(reviewForm.text, /^<div class="app-board__review" id="review-\d+" data-focus-after-swap>/);
    const refused = await alex.post(`${base}/actions/${earlier.id}/review`, { status: 'open', version: '1' }).expect(422);
    assert.match(refused.text, /Say where the action has got to/);
    assert.match(refused.text, /id="review-\d+-note"/, 'the form is open again on the board, with its error');
    assert.match(
      (await alex.post(`${base}/actions/${earlier.id}/review`, { status: 'dropped', version: '1' }).expect(422)).text,
      /Say why the action was dropped/,
    );
    await alex.post(`${base}/actions/${earlier.id}/review`, { status: 'open', note: 'Waiting for a call back', version: '1' }).expect(303);
    const stale = await sam
      .post(`${base}/actions/${earlier.id}/review`, { status: 'dropped', note: 'No longer needed', version: '1' })
      .expect(409);
    assert.match(stale.text, /Someone else updated this action/);
    assert.match(stale.text, /Waiting for a call back/);
    assert.match(stale.text, /No longer needed/);
    await alex.post(`${base}/actions/${earlier.id}/review`, { status: 'done', version: '2' }).expect(303);
    board = await alex.get(base);
    assert.match(board.text, /Earlier action[\s\S]*govuk-tag--green">Done/);
    const [saved] = await t.database.db.select().from(actions).where(eq(actions.id, earlier.id));
    assert.equal(saved.status, 'done');
    assert.equal(saved.closedOn, TODAY);
  });

  it('ticks who is here and adds guests by role, never by name', async () => {
    await alex.post(`${base}/attendance`, { userId: String(alex.user!.id), present: 'yes' }).expect(303);
    assert.match((await alex.get(base)).text, /1 of 2 in the team/);
    assert.equal((await alex.post(`${base}/attendance`, { userId: String(outsiderId), present: 'yes' }).expect(422)).status, 422);
    await alex.post(`${base}/guests`, { role: 'Hospital discharge nurse' }).expect(303);
    assert.match((await alex.post(`${base}/guests`, { role: 'Dr Evans' }).expect(422)).text, /looks like it includes a name/);
    assert.match((await alex.post(`${base}/guests`, { role: '' }).expect(422)).text, /Enter the guest’s role/);
    const board = await alex.get(base);
    assert.match(board.text, /1 of 2 in the team, and 1 guest/);
    assert.match(board.text, /Hospital discharge nurse/);
  });

  it('raises "getting in the way" items and brings back open ones', async () => {
    await alex
      .post(`/sites/${site.id}/huddles/2026-06-08/getting-in-the-way`, {
        title: 'Panel needs a full assessment form',
        category: 'process',
        ownerId: String(sam.user!.id),
      })
      .expect(303);
    const board = await alex.get(base);
    const itemId = /<option value="(\d+)">Panel needs a full assessment form/.exec(board.text)?.[1];
    assert.ok(itemId, 'the open item is offered to bring back');
    assert.match(
      (await alex.post(`${base}/getting-in-the-way`, { title: '', category: 'nonsense', ownerId: '' }).expect(422)).text,
      /Enter what is getting in the way[\s\S]*Select a category/,
    );
    assert.match(
      (await alex.post(`${base}/getting-in-the-way/bring-back`, { itemId: '999999' }).expect(422)).text,
      /Select an item from this site’s log/,
    );
    await alex.post(`${base}/getting-in-the-way/bring-back`, { itemId, note: 'Raised with the head of service' }).expect(303);
    await alex.post(`${base}/getting-in-the-way/bring-back`, { itemId }).expect(303);
    const after = await alex.get(base);
    assert.match(after.text, /brought back, open since 8 Jun 2026/);
    assert.match(after.text, /Raised with the head of service/);
    // Brought back twice, then three times at once: one mention, one audit entry.
    await Promise.all([0, 1, 2].map(() => sam.post(`${base}/getting-in-the-way/bring-back`, { itemId }).expect(303)));
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'getting-in-the-way.brought-back'), eq(auditLog.recordId, String(itemId))));
    assert.equal(audited.length, 1, 'a bring-back that brought nothing back is not audited');
  });

  it('changes a record only through its own huddle’s address, never through another day’s', async () => {
    const yesterday = `/sites/${site.id}/huddles/2026-06-09`;
    await alex
      .post(`${yesterday}/people`, {
        personRef: 'HX-5120',
        conversation: '1',
        leadWorkerId: String(alex.user!.id),
        note: 'Yesterday’s note',
        flag: 'none',
      })
      .expect(303);
    await alex.post(`${yesterday}/contacts`, contact({ personRef: 'HX-5121' })).expect(303);
    const [person] = await t.database.db.select().from(huddlePeople).where(eq(huddlePeople.personRef, 'HX-5120'));
    const [row] = await t.database.db.select().from(contacts).where(eq(contacts.personRef, 'HX-5121'));
    const changed = {
      personRef: 'HX-5120',
      conversation: '2',
      leadWorkerId: String(alex.user!.id),
      note: 'Changed through today',
      flag: 'none',
      version: String(person.version),
    };
    await alex.get(`${base}/people/${person.id}/edit`).expect(404);
    await alex.post(`${base}/people/${person.id}`, changed).expect(404);
    await alex.get(`${base}/contacts/${row.id}/edit`).expect(404);
    await alex.post(`${base}/contacts/${row.id}`, { ...contact({ personRef: 'HX-5199' }), version: String(row.version) }).expect(404);
    const [unchanged] = await t.database.db.select().from(huddlePeople).where(eq(huddlePeople.id, person.id));
    assert.equal(unchanged.note, 'Yesterday’s note');
    assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.id, row.id)))[0].personRef, 'HX-5121');
    // Its own huddle's address still changes it, and the audit names that day.
    await alex.get(`${yesterday}/people/${person.id}/edit`).expect(200);
    await alex.post(`${yesterday}/people/${person.id}`, { ...changed, note: 'Changed at its own huddle' }).expect(303);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'huddle.person.changed'), eq(auditLog.recordId, String(person.id))));
    assert.equal(audit.details.date, '2026-06-09');
  });

  it('adds one record for a form sent twice, a double click or a resubmit, with and without JavaScript', async () => {
    const keyOf = (html: string, action: string) =>
      new RegExp(`action="${base}/${action}"[\\s\\S]*?name="formKey" value="([\\w-]{22})"`).exec(html)![1];
    const first = await alex.get(base).expect(200);
    const second = await alex.get(base).expect(200);
    assert.notEqual(keyOf(first.text, 'people'), keyOf(second.text, 'people'), 'each page shown has its own key, though the board is kept');
    const counts = async () => {
      const [row] = await t.database.sql`select
        (select count(*)::int from huddle_people where person_ref = 'HX-8801') as people,
        (select count(*)::int from huddle_guests where role = 'Double-click nurse') as guests,
        (select count(*)::int from actions where description = 'Ring the double-click service') as actions,
        (select count(*)::int from getting_in_the_way where title = 'Double-click panel') as items,
        (select count(*)::int from audit_log where action = 'huddle.person-added') as audited`;
      return row;
    };
    const audited = (await counts()).audited;
    const forms: [string, Record<string, string>][] = [
      ['people', { personRef: 'HX-8801', conversation: '2', leadWorkerId: String(alex.user!.id), note: '', flag: 'none' }],
      ['guests', { role: 'Double-click nurse' }],
      ['actions', action({ description: 'Ring the double-click service' })],
      ['getting-in-the-way', { title: 'Double-click panel', category: 'process', ownerId: String(sam.user!.id) }],
    ];
    for (const [path, fields] of forms) {
      const formKey = keyOf(first.text, path);
      // Two at once, as a double click with JavaScript sends them, then the same form again without.
      const answers = await Promise.all([
        alex.post(`${base}/${path}`, { ...fields, formKey }, HTMX),
        alex.post(`${base}/${path}`, { ...fields, formKey }, HTMX),
      ]);
      for (const res of answers) assert.equal(res.status, 200, `${path}: ${res.status}`);
      await alex.post(`${base}/${path}`, { ...fields, formKey }).expect(303);
    }
    assert.deepEqual(
      { ...(await counts()), audited: (await counts()).audited - audited },
      { people: 1, guests: 1, actions: 1, items: 1, audited: 1 },
    );
    // A new page's form adds again: the same words twice on purpose are two records.
    await alex.post(`${base}/guests`, { role: 'Double-click nurse', formKey: keyOf(second.text, 'guests') }).expect(303);
    assert.equal((await counts()).guests, 2);
  });

  it('starts and closes the huddle, lists it with its counts, and audits changes after closing', async () => {
    await alex.post(`${base}/start`).expect(303);
    let board = await alex.get(base);
    assert.match(board.text, /Started at \d\d:\d\d by Test person/);
    assert.match(board.text, /data-huddle-timer/);
    await alex.post(`${base}/close`).expect(303);
    board = await alex.get(base);
    assert.match(board.text, /closed at \d\d:\d\d/);
    assert.match(board.text, /This huddle has closed/);
    await alex.post(`${base}/guests`, { role: 'Housing officer' }).expect(303);
    const entries = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'huddle.guest-added'));
    assert.ok(entries.some((entry) => entry.details.afterClose === true));
    // An add made in one statement is audited in it, with the record it made.
    await alex
      .post(`${base}/people`, { personRef: 'HX-7301', conversation: '2', leadWorkerId: String(alex.user!.id), note: '', flag: 'none' })
      .expect(303);
    const [person] = await t.database.db.select().from(huddlePeople).where(eq(huddlePeople.personRef, 'HX-7301'));
    const [added] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'huddle.person-added'), eq(auditLog.recordId, String(person.id))));
    assert.deepEqual(
      { userId: added.userId, recordType: added.recordType, recordId: added.recordId, details: added.details },
      {
        userId: alex.user!.id,
        recordType: 'huddle-person',
        recordId: String(person.id),
        details: { siteId: site.id, date: '2026-06-10', afterClose: true },
      },
    );
    const list = await alex.get(`/sites/${site.id}/huddles`).expect(200);
    assert.match(list.text, /<a class="govuk-link" href="\/sites\/\d+\/huddles\/2026-06-10">10 Jun 2026<\/a>/);
    assert.match(list.text, /\(\d+ minutes?\)/);
  });

  it('tells an open board within one request that someone else changed it', async () => {
    const board = await alex.get(base);
    const revision = /data-revision="(\d+)"/.exec(board.text)![1];
    await alex.get(`${base}/live?since=${revision}`, HTMX).expect(204);
    await sam.post(`${base}/contacts`, contact({ personRef: 'LIVE-1' })).expect(303);
    const changed = await alex.get(`${base}/live?since=${revision}`, HTMX).expect(200);
    assert.match(changed.text, /^<div id="board"/);
    assert.match(changed.text, /LIVE-1/);
    assert.notEqual(/data-revision="(\d+)"/.exec(changed.text)![1], revision);
    await alex.get(`/sites/${other.id}/huddles/${TODAY}/live?since=0`).expect(404);
  });

  it('does not count an open board’s live checks as activity, so an unattended board is signed out', async () => {
    const watcher = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    const lastSeen = async () =>
      (
        await t.database.sql`select extract(epoch from now() - last_seen_at)::int as idle from sessions where user_id = ${watcher.user!.id}`
      )[0]?.idle as number | undefined;
    await t.database.sql`update sessions set last_seen_at = now() - interval '20 minutes' where user_id = ${watcher.user!.id}`;
    for (let i = 0; i < 5; i++) await watcher.get(`${base}/live?since=-1`, HTMX).expect(200);
    assert.ok((await lastSeen())! >= 20 * 60, 'the live checks left the session idle');
    // Anything the person does is activity.
    await watcher.get(base).expect(200);
    assert.ok((await lastSeen())! < 60);
    // Past 30 idle minutes the live check is told to sign in, like any other request.
    await t.database.sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${watcher.user!.id}`;
    const ended = await watcher.get(`${base}/live?since=-1`);
    assert.equal(ended.status, 303);
    assert.match(ended.headers.location, /^\/sign-in/);
  });

  it('has a shared-screen display with nothing but the agenda', async () => {
    const res = await alex.get(`${base}?view=board`).expect(200);
    assert.match(res.text, /class="govuk-template__body app-display-board"/);
    assert.doesNotMatch(res.text, /govuk-service-navigation/);
    assert.doesNotMatch(res.text, /<form/);
    assert.match(res.text, /data-live-url="[^"]+\/live\?view=board"/);
    assert.match(res.text, /Leave the shared-screen display/);
  });

  it('goes to a huddle by date from the list, explaining a date that is not a huddle day', async () => {
    const res = await alex.get(`/sites/${site.id}/huddles?date-day=6&date-month=6&date-year=2026`).expect(422);
    assert.match(res.text, /not a huddle day/);
    assert.match(res.text, /value="6"/);
    const ok = await alex.get(`/sites/${site.id}/huddles?date-day=5&date-month=6&date-year=2026`).expect(303);
    assert.equal(ok.headers.location, `/sites/${site.id}/huddles/2026-06-05`);
  });

  it('serves each person their own CSRF token from the shared rendered board, and shows a changed team at once', async () => {
    const first = await alex.get(base).expect(200);
    const second = await sam.get(base).expect(200);
    assert.ok(first.text.includes(`name="_csrf" value="${alex.csrfToken}"`));
    assert.ok(second.text.includes(`name="_csrf" value="${sam.csrfToken}"`));
    assert.ok(!second.text.includes(alex.csrfToken), 'nobody sees another person’s token');
    const newcomer = await signedIn(t.app, t.database.db, 'administrator');
    await newcomer.post('/users/invite', {
      name: 'Newly joined worker',
      email: 'new.worker@example.org',
      role: 'practitioner',
      siteIds: String(site.id),
    });
    assert.match((await alex.get(base)).text, /Newly joined worker/);
  });

  it('fills the kept page per person: their own token in the layout too, their idle time, their role’s menu, and a one-off message', async () => {
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    for (let round = 0; round < 2; round += 1) {
      const practitionerPage = (await alex.get(base).expect(200)).text;
      const leadPage = (await lead.get(base).expect(200)).text;
      assert.ok(practitionerPage.includes(`"X-CSRF-Token": "${alex.csrfToken}"`), 'the htmx header carries the person’s own token');
      assert.ok(leadPage.includes(`"X-CSRF-Token": "${lead.csrfToken}"`));
      assert.ok(!leadPage.includes(alex.csrfToken) && !practitionerPage.includes(lead.csrfToken));
      assert.match(practitionerPage, /data-idle-seconds="\d+"/);
      assert.doesNotMatch(practitionerPage, /__kept_/, 'no gap is left unfilled');
      assert.doesNotMatch(practitionerPage, /href="\/measures"/, 'practitioners have no measures menu item');
      assert.match(leadPage, /href="\/measures"/, 'leads do');
    }
    // A plain form post comes back to the board with a message, shown once and never kept for others.
    const added = await alex
      .post(`${base}/people`, { personRef: 'HX-2201', conversation: '1', leadWorkerId: String(alex.user!.id), note: '', flag: 'none' })
      .expect(303);
    const withMessage = await alex
      .get(added.headers.location.replace(/#.*/, ''))
      .set('Cookie', `${alex.cookie}; ${added.headers['set-cookie']?.[0]?.split(';')[0] ?? ''}`)
      .expect(200);
    assert.match(withMessage.text, /govuk-notification-banner--success/);
    assert.doesNotMatch((await sam.get(base).expect(200)).text, /govuk-notification-banner--success/);
  });

  it('never treats text a person typed as a gap in the kept page: the board and the shared screen show it as typed', async () => {
    const typed = 'Gap __kept_csrf_token__ and __kept_idle_seconds__ here';
    await alex.post(`${base}/getting-in-the-way`, { title: typed, category: 'process', ownerId: String(sam.user!.id) }).expect(303);
    for (const url of [base, `${base}?view=board`]) {
      for (const viewer of [alex, sam]) {
        const page = (await viewer.get(url).expect(200)).text;
        assert.ok(page.includes(typed), `${url} shows the text as typed`);
        assert.ok(!page.includes(`Gap ${viewer.csrfToken}`), `${url} never puts a token in its place`);
      }
    }
  });

  it('refuses experts by experience', async () => {
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await expert.get(base).expect(403);
    await expert.post(`${base}/contacts`, contact()).expect(403);
  });
});
