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
  /** The written prompts' form as the page shows it to `visitor` now: its texts, and each part's version and fingerprint. */
  async function shownForm(visitor: Visitor, from?: string): Promise<Record<string, string>> {
    const html = from ?? (await visitor.get(path()).expect(200)).text;
    const form: Record<string, string> = {};
    for (const [, name, value] of html.matchAll(
      /<input type="hidden" name="(\w+-(?:version|read))" value="([^"]*)" form="reflection-text">/g,
    ))
      form[name] = value;
    for (const [, name, value] of html.matchAll(
      /name="(wentWell|thanks|learned|storyIdeas)" rows="\d" form="reflection-text"[^>]*>([^<]*)<\/textarea>/g,
    )) {
      form[name] = value.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    }
    assert.equal(Object.keys(form).length, 12, 'four prompts, each with its version and fingerprint');
    return form;
  }

  it('shows the prompts in the order the team takes them, with a link to the data', async () => {
    const res = await member.get(path()).expect(200);
    assert.match(res.text, /<title>Weekly reflection, week of Monday 1 June 2026 – Writing site/);
    const order = [
      '1. What went well',
      '2. Thanks',
      '3. What got in the way',
      '4. What we learned',
      '5. What we will try differently',
      '6. Stories of difference worth capturing',
      '7. A look at the data',
      'Wellbeing check',
    ];
    const positions = order.map((heading) => res.text.indexOf(heading));
    assert.ok(
      positions.every((position) => position > 0),
      JSON.stringify(positions),
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
    assert.match(res.text, new RegExp(`href="/sites/${site.id}/measures"`));
    for (const name of ['wentWell', 'thanks', 'learned', 'storyIdeas']) {
      assert.match(res.text, new RegExp(`name="${name}" rows="\\d" form="reflection-text"`), name);
    }
    assert.match(res.text, /data-maxlength="5000"/);
    assert.match(res.text, /<form id="reflection-text" method="post" action="[^"]+" novalidate>/);
    for (const name of ['wentWell', 'thanks', 'learned', 'storyIdeas']) {
      assert.match(res.text, new RegExp(`name="${name}-version" value="1" form="reflection-text"`), name);
    }
  });

  it('saves the prompts together, audited, and shows the story ideas as a list', async () => {
    const fields = {
      ...(await shownForm(member)),
      wentWell: 'Three people helped at the first conversation',
      thanks: 'The library',
      learned: 'Ask earlier',
      storyIdeas: 'C-1043 home with a key safe\n\n  R-77 back at the lunch club  \n',
    };
    const res = await member.post(path(), fields).expect(303);
    assert.equal(res.headers.location, path());
    const page = await follow(member, res).expect(200);
    assert.match(page.text, /Reflection saved/);
    assert.match(page.text, /<li>C-1043 home with a key safe<\/li><li>R-77 back at the lunch club<\/li>/);
    const after = await saved();
    assert.equal(after.wentWell, 'Three people helped at the first conversation');
    assert.equal(after.version, 2);
    const audit = await auditActions(t.database.db, 'reflection.saved');
    assert.deepEqual(audit.at(-1), {
      userId: member.user!.id,
      recordId: String(reflection.id),
      details: { version: 2, parts: ['wentWell', 'thanks', 'learned', 'storyIdeas'] },
    });
    assert.deepEqual([after.wentWellVersion, after.thanksVersion, after.learnedVersion, after.storyIdeasVersion], [2, 2, 2, 2]);
  });

  it('allows empty prompts: a reflection is a draft until the team is done', async () => {
    await member.post(path(), { ...(await shownForm(member)), ...TEXT }).expect(303);
    const after = await saved();
    assert.deepEqual([after.wentWell, after.thanks, after.learned, after.storyIdeas], ['', '', '', '']);
  });

  it('refuses text over 5,000 characters, keeps what was typed and saves nothing', async () => {
    const before = await saved();
    const long = 'é'.repeat(5001);
    const form = await shownForm(member);
    const res = await member.post(path(), { ...form, wentWell: 'Kept words', learned: long }).expect(422);
    assert.match(res.text, /<title>Error: Weekly reflection/);
    assert.match(res.text, /What we learned must be 5,000 characters or fewer/);
    assert.match(res.text, /href="#learned"/);
    assert.ok(res.text.includes(`>${long}</textarea>`));
    assert.match(res.text, />Kept words<\/textarea>/);
    assert.deepEqual(
      await shownForm(member, res.text),
      { ...form, wentWell: 'Kept words', learned: long },
      'the versions and fingerprints as first shown, so saving again behaves the same',
    );
    assert.deepEqual(await saved(), before);
    // 5,000 characters, counted as people count them (emoji are one each), is fine.
    await member.post(path(), { ...form, learned: '🙂'.repeat(5000) }).expect(303);
  });

  it('keeps emoji and Welsh exactly and shows HTML as text', async () => {
    const welsh = 'Diolch yn fawr i’r tîm ŵyr a ŷd 🏴󠁧󠁢󠁷󠁬󠁳󠁿 🎉';
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    await member.post(path(), { ...(await shownForm(member)), thanks: welsh, wentWell: hostile, storyIdeas: hostile }).expect(303);
    const after = await saved();
    assert.equal(after.thanks, welsh);
    assert.equal(after.wentWell, hostile);
    const page = await member.get(path()).expect(200);
    assert.ok(page.text.includes(welsh));
    assert.ok(!page.text.includes('<script>alert'));
    assert.ok(!page.text.includes('<img src=x'));
    assert.ok(page.text.includes('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;'));
  });

  it('saves only the parts a person changed, so two people writing different parts never clash', async () => {
    await member.post(path(), { ...(await shownForm(member)), ...TEXT }).expect(303);
    const other = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    // Both open the page; the lead writes the thanks, the member what went well, and the lead saves first.
    const mine = await shownForm(member);
    const theirs = await shownForm(other);
    await other.post(path(), { ...theirs, thanks: 'The lead’s thanks' }).expect(303);
    const res = await member.post(path(), { ...mine, wentWell: 'Mine' }).expect(303);
    assert.match((await follow(member, res)).text, /Reflection saved/);
    let after = await saved();
    assert.deepEqual([after.wentWell, after.thanks], ['Mine', 'The lead’s thanks'], 'the old thanks on the member’s page was not put back');

    // At the same moment, from pages shown before either save, each writing a different part.
    const forms = await Promise.all([member, other].map((visitor) => shownForm(visitor)));
    const results = await Promise.all([
      member.post(path(), { ...forms[0], learned: 'Learned at once' }),
      other.post(path(), { ...forms[1], storyIdeas: 'R-12 at the lunch club again' }),
      member.post(path(), { ...forms[0], learned: 'Learned at once' }), // the same form sent twice
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      [303, 303, 303],
    );
    after = await saved();
    assert.deepEqual(
      [after.wentWell, after.thanks, after.learned, after.storyIdeas],
      ['Mine', 'The lead’s thanks', 'Learned at once', 'R-12 at the lunch club again'],
    );
    assert.equal(after.learnedVersion, Number(forms[0]['learned-version']) + 1, 'the repeated form wrote once');

    // Sending the page back untouched writes nothing and says so.
    const untouched = await member.post(path(), await shownForm(member)).expect(303);
    assert.match((await follow(member, untouched)).text, /Nothing had changed/);
    assert.equal((await saved()).version, after.version);
  });

  it('never overwrites someone else’s words in the same part: 409 with both, and saving again keeps both', async () => {
    const other = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    const mine = await shownForm(member);
    await other.post(path(), { ...(await shownForm(other)), wentWell: 'The lead’s version' }).expect(303);
    const res = await member.post(path(), { ...mine, wentWell: 'My version, typed at the same time', thanks: 'Mine too' }).expect(409);
    assert.match(res.text, /<title>Error: Weekly reflection/);
    assert.match(res.text, /Someone else changed what went well while you were writing/);
    assert.match(res.text, /Your changes to thanks did not clash and are saved/);
    assert.match(
      res.text,
      /<td class="govuk-table__cell">The lead’s version<\/td>\s*<td class="govuk-table__cell">My version, typed at the same time<\/td>/,
    );
    const latest = await saved();
    assert.equal(latest.wentWell, 'The lead’s version', 'their words are kept');
    assert.equal(latest.thanks, 'Mine too', 'the part that did not clash is saved');
    const shown = await shownForm(member, res.text);
    assert.equal(shown.wentWell, 'The lead’s version\n\nMy version, typed at the same time', 'both are in the box, theirs first');
    assert.equal(shown.thanks, 'Mine too');
    // The page's only button is Save: sent as shown it keeps both people's words.
    await member.post(path(), shown).expect(303);
    assert.equal((await saved()).wentWell, 'The lead’s version\n\nMy version, typed at the same time');
    // A form without versions or fingerprints (not one the page made) cannot overwrite either.
    await member.post(path(), { ...TEXT, wentWell: 'no version' }).expect(409);
    await member.post(path(), { ...TEXT, wentWell: 'bad version', 'wentWell-version': 'abc', 'wentWell-read': 'x' }).expect(409);
    assert.equal((await saved()).wentWell, 'The lead’s version\n\nMy version, typed at the same time');
  });

  it('lets only one of two people writing the same part at the same moment save; the other gets both', async () => {
    const people = [member, await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] })];
    const forms = await Promise.all(people.map((visitor) => shownForm(visitor)));
    const results = await Promise.all(
      people.map((visitor, i) => visitor.post(path(), { ...forms[i], learned: `Written by person ${i + 1}` })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
    const lost = results.findIndex((r) => r.status === 409);
    const kept = (await saved()).learned;
    assert.equal(kept, `Written by person ${2 - lost}`);
    assert.equal((await shownForm(people[lost], results[lost].text)).learned, `${kept}\n\nWritten by person ${lost + 1}`);
  });

  it('answers 404 for a reflection of another site and for ids that are not ids', async () => {
    const otherSite = await aSite(t.database.db, { name: 'Other writing site' });
    const theirs = await aReflection(t.database.db, otherSite.id, '2026-06-01');
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    await member.get(`/sites/${site.id}/reflections/${theirs.id}`).expect(404);
    await admin.get(`/sites/${site.id}/reflections/${theirs.id}`).expect(404);
    await member.post(`/sites/${site.id}/reflections/${theirs.id}`, { ...TEXT, wentWell: 'sneaky', 'wentWell-version': '1' }).expect(404);
    for (const id of ['abc', '0', '-1', '1.5', '99999999999', '999999']) {
      await member.get(`/sites/${site.id}/reflections/${id}`).expect(404);
      await member.post(`/sites/${site.id}/reflections/${id}/actions`, {}).expect(404);
    }
    assert.equal((await findReflection(t.database.db, otherSite.id, theirs.id))?.wentWell, '');
    await member.get(`/sites/${otherSite.id}/reflections/${theirs.id}`).expect(403);
  });
});
