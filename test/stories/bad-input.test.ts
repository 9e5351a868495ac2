import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { contacts, stories, storyConsents, storyReviews, type Site } from '../../server/db/schema.js';
import { consentForm, storyForm } from './helpers.js';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';
const WELSH = 'Aeth hi i’r caffi yn Llanfair 🙂 ŵ ŷ â ê î ô û';
const SQL = "'; drop table stories; --";

// Wednesday 10 June 2026.
describe('bad input to stories', () => {
  let t: TestApp;
  let site: Site;
  let writer: Visitor;
  let lead: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db);
    writer = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const base = () => `/sites/${site.id}/stories`;
  const stored = async (id: number) => (await t.database.db.select().from(stories).where(eq(stories.id, id)))[0];
  const idOf = (location: string) => Number(location.split('/').pop());

  it('shows HTML and script typed into any field as text, everywhere the story appears', async () => {
    const res = await writer
      .post(
        base(),
        storyForm({
          title: HOSTILE,
          whatMattered: HOSTILE,
          whatWeDid: `${HOSTILE} We went with Gwen.`,
          differenceItMade: HOSTILE,
          oldWay: SQL,
        }),
      )
      .expect(303);
    const id = idOf(res.headers.location);
    assert.equal((await stored(id)).title, HOSTILE);
    assert.equal((await stored(id)).oldWay, SQL);
    await writer.post(`${base()}/${id}/consent`, consentForm({ givenBy: 'best_interests', decidedBy: HOSTILE })).expect(303);
    await writer
      .post(`/sites/${site.id}/stories/${id}`, {
        ...storyForm({
          title: HOSTILE,
          whatMattered: HOSTILE,
          whatWeDid: `${HOSTILE} We went with Gwen.`,
          differenceItMade: HOSTILE,
          oldWay: SQL,
        }),
        version: '1',
        explanationKey: 'whatWeDid|name|Gwen',
        explanation: HOSTILE,
      })
      .expect(303);
    await writer.post(`${base()}/${id}/submit`, { version: '2' }).expect(303);
    await lead.post(`${base()}/${id}/review`, { version: '2', decision: 'return', comments: HOSTILE }).expect(303);
    for (const path of [
      `${base()}/${id}`,
      `${base()}/${id}/edit`,
      `${base()}/${id}/print`,
      `${base()}/${id}/versions`,
      `${base()}/${id}/versions/2`,
      `${base()}/${id}/review`,
      base(),
    ]) {
      const page = await lead.get(path).expect(200);
      assert.doesNotMatch(page.text, /<script>alert|<img src=x/, path);
      assert.match(page.text, /&lt;script&gt;alert\((&quot;|&#34;)x(&quot;|&#34;)\)&lt;\/script&gt;/, path);
    }
    assert.equal((await t.database.db.select().from(storyConsents).where(eq(storyConsents.storyId, id)))[0].decidedBy, HOSTILE);
    assert.equal((await t.database.db.select().from(storyReviews).where(eq(storyReviews.storyId, id)))[0].comments, HOSTILE);
  });

  it('keeps emoji and Welsh letters exactly, and strips control characters', async () => {
    const res = await writer.post(base(), storyForm({ title: `${WELSH}\u0007`, whatMattered: `${WELSH}\r\nAil linell` })).expect(303);
    const saved = await stored(idOf(res.headers.location));
    assert.equal(saved.title, WELSH);
    assert.equal(saved.whatMattered, `${WELSH}\nAil linell`);
    const page = await writer.get(res.headers.location).expect(200);
    assert.match(page.text, new RegExp(`<h1 class="govuk-heading-l">${WELSH}</h1>`));
    await writer.post(res.headers.location.replace(/\/stories\/\d+$/, '/stories/themes'), { name: 'x' }).expect(403);
    await lead.post(`${base()}/themes`, { name: `Cysylltu â’r gymuned ${WELSH}` }).expect(303);
    assert.match((await lead.get(`${base()}/themes`)).text, new RegExp(`Cysylltu â’r gymuned ${WELSH}`));
  });

  it('refuses text over its limit with the limit in the message, keeping everything typed', async () => {
    const long = 'a'.repeat(5001);
    const res = await writer.post(base(), storyForm({ title: 't'.repeat(201), whatWeDid: long, differenceItMade: WELSH })).expect(422);
    assert.match(res.text, /<title>Error: Write a story of difference/);
    assert.match(res.text, /What we did must be 5,000 characters or fewer/);
    assert.match(res.text, /Title must be 200 characters or fewer/);
    assert.match(res.text, new RegExp(`>${long}</textarea>`));
    assert.match(res.text, new RegExp(`>${WELSH}</textarea>`));
    await writer.post(base(), storyForm({ whatWeDid: '🙂'.repeat(5000) })).expect(303);
  });

  it('refuses a name, NHS number or date of birth as a person reference, and links a good one to its contact record', async () => {
    for (const [reference, message] of [
      ['Mrs Jones', /looks like a name/],
      ['401 023 2137', /looks like an NHS number/],
      ['DOB 12/04/1931', /date of birth/],
      [HOSTILE, /./],
    ] as const) {
      const res = await writer.post(base(), storyForm({ personRef: reference })).expect(422);
      assert.match(res.text, message);
      assert.doesNotMatch(res.text, /<script>alert/);
    }
    const [contact] = await t.database.db
      .insert(contacts)
      .values({ siteId: site.id, personRef: 'HX-0417', contactDate: '2026-05-01' })
      .returning();
    const res = await writer.post(base(), storyForm({ personRef: 'HX-0417' })).expect(303);
    assert.match(
      (await writer.get(res.headers.location)).text,
      new RegExp(
        `<a class="govuk-link" href="/sites/${site.id}/contacts/${contact.id}">HX-0417</a> <span class="govuk-hint">\\(team only\\)</span>`,
      ),
    );
    const unknown = await writer.post(base(), storyForm({ personRef: 'NG-000001' })).expect(303);
    assert.match(
      (await writer.get(unknown.headers.location)).text,
      /NG-000001 <span class="govuk-hint">\(team only; no contact record at this site has it\)<\/span>/,
    );
  });

  it('refuses a fortnight to come, conversations and themes that do not exist, and treats a garbled version as stale', async () => {
    const res = await writer.post(base(), storyForm({ fortnight: '9', conversations: ['4'], themeIds: ['99'] })).expect(422);
    assert.match(res.text, /Select the fortnight the story happened in, from 1 to 8/);
    assert.match(res.text, /Select conversations 1, 2 or 3/);
    assert.match(res.text, /Select themes from the site’s list/);
    const made = await writer.post(base(), storyForm()).expect(303);
    const stale = await writer.post(made.headers.location, { ...storyForm({ title: 'Changed' }), version: '1; drop table' }).expect(409);
    assert.match(stale.text, /Someone else changed this story/);
    assert.match(stale.text, /value="Changed"/);
    await writer.get(`${base()}/12abc`).expect(404);
    await writer.get(`${base()}/99999999999`).expect(404);
    await writer.get(`${base()}/1/versions/0`).expect(404);
  });

  it('refuses an over-long explanation or review comment, saying which and keeping it', async () => {
    const made = await writer.post(base(), storyForm({ whatWeDid: 'We went with Gwen today.' })).expect(303);
    const res = await writer
      .post(made.headers.location, {
        ...storyForm({ whatWeDid: 'We went with Gwen today.' }),
        version: '1',
        explanationKey: 'whatWeDid|name|Gwen',
        explanation: 'e'.repeat(501),
      })
      .expect(422);
    assert.match(res.text, /Each explanation must be 500 characters or fewer/);
    assert.match(res.text, new RegExp(`>${'e'.repeat(501)}</textarea>`));
  });
});
