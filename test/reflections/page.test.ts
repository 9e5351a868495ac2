import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import type { Reflection, Site } from '../../server/db/schema.js';
import { findReflection } from '../../server/reflections/queries.js';
import { aReflection, auditActions, follow } from './helpers.js';

const TEXT = { wentWell: '', thanks: '', learned: '', storyIdeas: '' };

describe('a weekly reflection’s written prompts', () => {
  let t: TestApp;
  let site: Site;
  let reflection: Reflection;
  let member: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    site = await aSite(t.database.db, { name: 'Writing site' });
    reflection = await aReflection(t.database.db, site.id, '2026-06-01', '2026-06-05');
    member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
  });
  after(async () => t.close());

  const path = () => `/sites/${site.id}/reflections/${reflection.id}`;
  const saved = async () => (await findReflection(t.database.db, site.id, reflection.id))!;

  it('shows the prompts in the order the team takes them, with a link to the data', async () => {
    const res = await member.get(path()).expect(200);
    assert.match(res.text, /<title>Weekly reflection, week of Monday 1 June 2026 – Writing site/);
    const order = ['1. What went well', '2. Thanks', '3. What got in the way', '4. What we learned', '5. What we will try differently', '6. Stories of difference worth capturing', '7. A look at the data', 'Wellbeing check'];
    const positions = order.map((heading) => res.text.indexOf(heading));
    assert.ok(positions.every((position) => position > 0), JSON.stringify(positions));
    assert.deepEqual([...positions].sort((a, b) => a - b), positions);
    assert.match(res.text, new RegExp(`href="/sites/${site.id}/measures"`));
    for (const name of ['wentWell', 'thanks', 'learned', 'storyIdeas']) {
      assert.match(res.text, new RegExp(`name="${name}" rows="\\d" form="reflection-text"`), name);
    }
    assert.match(res.text, /data-maxlength="5000"/);
    assert.match(res.text, /<form id="reflection-text" method="post" action="[^"]+" novalidate>/);
    assert.match(res.text, /name="version" value="1"/);
  });

  it('saves the prompts together, audited, and shows the story ideas as a list', async () => {
    const fields = { ...TEXT, wentWell: 'Three people helped at the first conversation', thanks: 'The library', learned: 'Ask earlier', storyIdeas: 'C-1043 home with a key safe\n\n  R-77 back at the lunch club  \n', version: '1' };
    const res = await member.post(path(), fields).expect(303);
    assert.equal(res.headers.location, path());
    const page = await follow(member, res).expect(200);
    assert.match(page.text, /Reflection saved/);
    assert.match(page.text, /<li>C-1043 home with a key safe<\/li><li>R-77 back at the lunch club<\/li>/);
    const after = await saved();
    assert.equal(after.wentWell, 'Three people helped at the first conversation');
    assert.equal(after.version, 2);
    const audit = await auditActions(t.database.db, 'reflection.saved');
    assert.deepEqual(audit.at(-1), { userId: member.user!.id, recordId: String(reflection.id), details: { version: 2 } });
  });

  it('allows empty prompts: a reflection is a draft until the team is done', async () => {
    const version = String((await saved()).version);
    await member.post(path(), { ...TEXT, version }).expect(303);
    const after = await saved();
    assert.deepEqual([after.wentWell, after.thanks, after.learned, after.storyIdeas], ['', '', '', '']);
  });

  it('refuses text over 5,000 characters, keeps what was typed and saves nothing', async () => {
    const before = await saved();
    const long = 'é'.repeat(5001);
    const res = await member.post(path(), { ...TEXT, wentWell: 'Kept words', learned: long, version: String(before.version) }).expect(422);
    assert.match(res.text, /<title>Error: Weekly reflection/);
    assert.match(res.text, /What we learned must be 5,000 characters or fewer/);
    assert.match(res.text, /href="#learned"/);
    assert.ok(res.text.includes(`>${long}</textarea>`));
    assert.match(res.text, />Kept words<\/textarea>/);
    assert.match(res.text, new RegExp(`name="version" value="${before.version}"`));
    assert.deepEqual(await saved(), before);
    // 5,000 characters, counted as people count them (emoji are one each), is fine.
    await member.post(path(), { ...TEXT, learned: '🙂'.repeat(5000), version: String(before.version) }).expect(303);
  });

  it('keeps emoji and Welsh exactly and shows HTML as text', async () => {
    const version = String((await saved()).version);
    const welsh = 'Diolch yn fawr i’r tîm ŵyr a ŷd 🏴󠁧󠁢󠁷󠁬󠁳󠁿 🎉';
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    await member.post(path(), { ...TEXT, thanks: welsh, wentWell: hostile, storyIdeas: hostile, version }).expect(303);
    const after = await saved();
    assert.equal(after.thanks, welsh);
    assert.equal(after.wentWell, hostile);
    const page = await member.get(path()).expect(200);
    assert.ok(page.text.includes(welsh));
    assert.ok(!page.text.includes('<script>alert'));
    assert.ok(!page.text.includes('<img src=x'));
    assert.ok(page.text.includes('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;'));
  });

  it('never overwrites someone else’s save: 409 with both versions and the typed text kept', async () => {
    const version = String((await saved()).version);
    const other = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    await other.post(path(), { ...TEXT, wentWell: 'The lead’s version', version }).expect(303);
    const res = await member.post(path(), { ...TEXT, wentWell: 'My version, typed at the same time', thanks: 'Mine too', version }).expect(409);
    assert.match(res.text, /<title>Error: Weekly reflection/);
    assert.match(res.text, /Someone else changed this reflection while you were writing/);
    assert.match(res.text, /The lead’s version/);
    assert.match(res.text, />My version, typed at the same time<\/textarea>/);
    assert.match(res.text, />Mine too<\/textarea>/);
    const latest = await saved();
    assert.equal(latest.wentWell, 'The lead’s version');
    assert.match(res.text, new RegExp(`name="version" value="${latest.version}"`));
    // Having seen both, saving again replaces it.
    await member.post(path(), { ...TEXT, wentWell: 'My version, typed at the same time', version: String(latest.version) }).expect(303);
    assert.equal((await saved()).wentWell, 'My version, typed at the same time');
    // A missing or made-up version is stale too.
    await member.post(path(), { ...TEXT, wentWell: 'no version' }).expect(409);
    await member.post(path(), { ...TEXT, wentWell: 'bad version', version: 'abc' }).expect(409);
    assert.equal((await saved()).wentWell, 'My version, typed at the same time');
  });

  it('answers 404 for a reflection of another site and for ids that are not ids', async () => {
    const otherSite = await aSite(t.database.db, { name: 'Other writing site' });
    const theirs = await aReflection(t.database.db, otherSite.id, '2026-06-01');
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    await member.get(`/sites/${site.id}/reflections/${theirs.id}`).expect(404);
    await admin.get(`/sites/${site.id}/reflections/${theirs.id}`).expect(404);
    await member.post(`/sites/${site.id}/reflections/${theirs.id}`, { ...TEXT, wentWell: 'sneaky', version: '1' }).expect(404);
    for (const id of ['abc', '0', '-1', '1.5', '99999999999', '999999']) {
      await member.get(`/sites/${site.id}/reflections/${id}`).expect(404);
      await member.post(`/sites/${site.id}/reflections/${id}/actions`, {}).expect(404);
    }
    assert.equal((await findReflection(t.database.db, otherSite.id, theirs.id))?.wentWell, '');
    await member.get(`/sites/${otherSite.id}/reflections/${theirs.id}`).expect(403);
  });
});
