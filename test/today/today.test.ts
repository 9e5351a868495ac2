import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { contacts, showAndTellFeedback, stories, type Site } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, signedIn, TEST_PASSWORD, anonymous, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { anAction } from '../actions/helpers.js';
import { aContact } from '../contacts/helpers.js';
import { aStory } from '../stories/helpers.js';
import { aPack } from '../show-and-tells/helpers.js';

const TODAY = '2026-06-10'; // a Wednesday

/** The page a team member lands on: their day across their sites. */
describe('the Today page', function () {
  let t: TestApp;
  let site: Site;
  let quiet: Site;
  let worker: Visitor;
  let lead: Visitor;

  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    const db = t.database.db;
    site = await aSite(db, { name: 'Northgate' });
    // A site that does not huddle on Wednesdays.
    quiet = await aSite(db, { name: 'Riverside', huddleDays: [1, 2] });
    worker = await signedIn(t.app, db, 'practitioner', { siteIds: [site.id, quiet.id] });
    lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [site.id] });
    const me = worker.user!;
    const colleague = await aUser(db, { role: 'practitioner', siteIds: [site.id] });
    await anAction(db, site, me, { description: 'Overdue: ring the ward', dueDate: '2026-06-08' });
    await anAction(db, site, me, { description: 'Due today: book the connector', dueDate: TODAY });
    await anAction(db, quiet, me, { description: 'This week: visit the library', dueDate: '2026-06-13' });
    await anAction(db, site, me, { description: 'Next month: review the form', dueDate: '2026-07-10' });
    await anAction(db, site, colleague, { description: 'Someone else’s action', dueDate: TODAY });
    await aContact(db, site, { personRef: 'HX-2001', contactDate: '2026-06-01', leadWorkerId: me.id, highestConversation: 2 });
    await aContact(db, site, {
      personRef: 'HX-2002',
      contactDate: '2026-05-01',
      leadWorkerId: me.id,
      highestConversation: 2,
      outcome: 'community',
    });
    await aContact(db, site, { personRef: 'HX-2003', contactDate: '2026-06-02', leadWorkerId: me.id, highestConversation: 1 });
    await aContact(db, site, { personRef: 'HX-2004', contactDate: '2026-06-03', leadWorkerId: colleague.id, highestConversation: 2 });
    const returned = await aStory(db, site, me, { title: 'Back at the lunch club' });
    await db.update(stories).set({ status: 'returned' }).where(eq(stories.id, returned.id));
    await aStory(db, site, me, { title: 'Still a draft' });
    const pack = await aPack(db, site, lead.user!, 7);
    await db.insert(showAndTellFeedback).values([
      { packId: pack.pack.id, liked: 'The charts', givenOn: '2026-06-05' },
      {
        packId: pack.pack.id,
        worried: 'Waiting times',
        givenOn: '2026-06-05',
        answer: 'did' as const,
        answerText: 'We tried it',
        answeredOn: TODAY,
      },
    ]);
  });
  after(async () => t.close());

  it('is where a practitioner or lead lands after signing in, and an administrator still lands on Sites', async () => {
    const person = await aUser(t.database.db, { role: 'practitioner', siteIds: [site.id], email: 'lands@example.org' });
    const visitor = await anonymous(t.app);
    const signIn = await visitor.post('/sign-in', { email: person.email, password: TEST_PASSWORD }).expect(303);
    assert.equal(signIn.headers.location, '/today');
    assert.match((await worker.get('/').expect(302)).headers.location, /^\/today$/);
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    assert.equal((await admin.get('/').expect(302)).headers.location, '/sites');
    assert.match((await worker.get('/today').expect(200)).text, /<a class="govuk-service-navigation__link" href="\/today"[^>]*>/);
  });

  it('shows each site’s huddle for today, the person’s own actions due and overdue, and the people they lead in conversation 2', async () => {
    const page = (await worker.get('/today').expect(200)).text;
    assert.match(page, /<h1 class="govuk-heading-xl">Today, Wednesday 10 June 2026<\/h1>/);
    const board = `/sites/${site.id}/huddles/${TODAY}`;
    assert.match(page, new RegExp(`href="${board}">Open the board`));
    assert.match(page, new RegExp(`href="${board}\\?view=board">Show it on the shared screen`));
    assert.match(page, /Today’s huddle has not started yet/);
    assert.match(page, /Riverside[\s\S]*?is not a huddle day|Riverside[\s\S]*?no huddle/i);

    const order = ['Overdue: ring the ward', 'Due today: book the connector', 'This week: visit the library'].map((text) =>
      page.indexOf(text),
    );
    assert.ok(
      order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])),
      'soonest due first',
    );
    assert.match(page, /Overdue: ring the ward[\s\S]*?govuk-tag--red">Overdue/);
    assert.match(page, /Due today: book the connector[\s\S]*?govuk-tag--yellow">Due today/);
    assert.doesNotMatch(page, /Next month: review the form/, 'not yet due');
    assert.doesNotMatch(page, /Someone else’s action/);

    assert.match(page, /HX-2001/);
    for (const other of ['HX-2002', 'HX-2003', 'HX-2004']) assert.doesNotMatch(page, new RegExp(other), other);
    assert.match(page, /Stories sent back to you[\s\S]*Back at the lunch club/);
    assert.doesNotMatch(page, /Still a draft/);
    assert.doesNotMatch(page, /Next show-and-tell/, 'a practitioner does not prepare show-and-tells');

    await worker.post(`${board}/start`).expect(303);
    assert.match((await worker.get('/today').expect(200)).text, /Today’s huddle started at \d\d:\d\d/);
  });

  it('shows a lead the next show-and-tell and the feedback waiting for an answer', async () => {
    const page = (await lead.get('/today').expect(200)).text;
    assert.match(page, /Next show-and-tell: <a class="govuk-link" href="\/sites\/\d+\/show-and-tells\/\d+">\w+ \d+ \w+ 2026/);
    assert.match(page, /waiting for an answer: 1</);
  });

  it('is for the team only: administrators and experts by experience are refused, visitors sent to sign in', async () => {
    await (await signedIn(t.app, t.database.db, 'administrator')).get('/today').expect(403);
    await (await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] })).get('/today').expect(403);
    const visitor = await anonymous(t.app);
    assert.match((await visitor.get('/today').expect(303)).headers.location, /^\/sign-in/);
  });

  it('treats a person in no team gently', async () => {
    const alone = await signedIn(t.app, t.database.db, 'practitioner');
    const page = (await alone.get('/today').expect(200)).text;
    assert.match(page, /You are not in any site’s team yet/);
    assert.equal((await t.database.db.select().from(contacts).where(eq(contacts.leadWorkerId, alone.user!.id))).length, 0);
  });
});
