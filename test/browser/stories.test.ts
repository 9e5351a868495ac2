import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage } from '../helpers/browser.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { createSession } from '../../server/accounts/sessions.js';
import { stories, storyReviews, type Site, type User } from '../../server/db/schema.js';
import { aTheme } from '../stories/helpers.js';

// Wednesday 10 June 2026.
const NOW = '2026-06-10T08:00:00Z';

/** Presses Tab until the element matching `selector` has focus: how a keyboard user gets there. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Presses Enter on the focused button and waits for the page it leads to. */
async function pressAndWait(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

describe('stories of difference in a browser', () => {
  const shared = browserApp({ now: NOW });
  let site: Site;
  let writer: User;
  let lead: User;
  let expert: User;
  const sessions = new Map<number, string>();
  const opened: Awaited<ReturnType<typeof newPage>>[] = [];
  let storyUrl = '';

  before(async () => {
    const db = shared.t.database.db;
    site = await aSite(db, { name: 'Northgate Community Team' });
    await aTheme(db, site, 'connected to community');
    writer = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Ana Costa' });
    lead = await aUser(db, { role: 'programme_lead', siteIds: [site.id], name: 'Priya Shah' });
    expert = await aUser(db, { role: 'expert_by_experience', siteIds: [site.id], name: 'Ruth Ellis' });
    for (const user of [writer, lead, expert]) sessions.set(user.id, (await createSession(db, { userId: user.id })).token);
  });

  afterEach(async () => {
    for (const watched of opened.splice(0)) {
      assertCleanConsole(watched);
      await watched.context.close();
    }
  });

  async function open(user: User, path: string, { javaScript = true } = {}) {
    const watched = await newPage(shared.browser, shared.server.url, { javaScript, session: sessions.get(user.id) });
    opened.push(watched);
    await watched.page.goto(path);
    return watched.page;
  }

  it('writes a story by keyboard, with the character count, and shows what the identifier check found', async () => {
    const page = await open(writer, `/sites/${site.id}/stories`);
    await assertNoAxeViolations(page, 'the list of stories');
    await tabTo(page, 'a[href$="/stories/new"]');
    await pressAndWait(page);
    await tabTo(page, '#title');
    await page.keyboard.type('Back to the lunch club');
    await tabTo(page, '#conversations');
    await page.keyboard.press('Space');
    await tabTo(page, '#whatMattered');
    await page.keyboard.type('She wanted to see her friends at the lunch club again. Ŵyres fach 🙂');
    const count = page.locator('.govuk-character-count:has(#whatMattered) .govuk-character-count__status');
    await count.waitFor();
    assert.match(await count.innerText(), /You have 4,9\d\d characters remaining/);
    await tabTo(page, '#whatWeDid');
    await page.keyboard.type('We went with Gwen to the club the day she rang.');
    await tabTo(page, '#differenceItMade');
    await page.keyboard.type('She goes every week again.');
    await tabTo(page, '#oldWay');
    await page.keyboard.type('She would have waited weeks for an assessment.');
    await tabTo(page, '#themeIds');
    await page.keyboard.press('Space');
    await tabTo(page, 'button.govuk-button');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Save draft');
    await pressAndWait(page);
    storyUrl = new URL(page.url()).pathname;
    assert.match(storyUrl, /^\/sites\/\d+\/stories\/\d+$/);
    const mark = page.locator('mark.app-finding').first();
    assert.equal(await mark.innerText(), 'Gwen');
    assert.match(
      await page.locator('.app-finding__number').first().innerText(),
      /\[finding 1\]/,
      'a number beside the mark, not colour alone',
    );
    const underline = await mark.evaluate((element) => getComputedStyle(element).borderBottomWidth);
    assert.equal(underline, '3px');
    assert.match(await page.locator('body').innerText(), /Ŵyres fach 🙂/);
    await assertNoAxeViolations(page, 'a story with a finding');
  });

  it('explains the finding on the form, then sends the story for review', async () => {
    const page = await open(writer, `${storyUrl}/edit`);
    assert.match(await page.locator('#findings').innerText(), /Name in “What we did”/);
    await assertNoAxeViolations(page, 'the form with findings');
    await tabTo(page, '#explanation-1');
    await page.keyboard.type('Gwen is the club’s cat, not a person');
    await tabTo(page, 'button.govuk-button');
    await pressAndWait(page);
    assert.match(await page.locator('#identifier-check ~ p').first().innerText(), /the writer explained why each is fine/);
    await tabTo(page, 'form[action$="/submit"] button');
    await pressAndWait(page);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Story sent for review/);
    const [saved] = await shared.t.database.db
      .select()
      .from(stories)
      .where(eq(stories.id, Number(storyUrl.split('/').pop())));
    assert.equal(saved.status, 'submitted');
  });

  it('records consent, team only keeping to itself, by keyboard', async () => {
    const page = await open(writer, `${storyUrl}/consent`);
    await assertNoAxeViolations(page, 'the consent form');
    await tabTo(page, '#givenBy');
    await page.keyboard.press('Space');
    await tabTo(page, '#consentDate-day');
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('6');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2026');
    await tabTo(page, '#scope');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[value="team_only"]');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#scope').isChecked(), false, 'ticking team only clears the others');
    await tabTo(page, '#scope');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('input[value="team_only"]').isChecked(), false, 'and the others clear team only');
    await tabTo(page, '#sawFinalText');
    await page.keyboard.press('Space');
    await tabTo(page, 'button.govuk-button');
    await pressAndWait(page);
    assert.match(await page.locator('#consent ~ dl').first().innerText(), /Show-and-tells/);
  });

  it('approves the story by keyboard on an accessible review page', async () => {
    const page = await open(lead, `${storyUrl}/review`);
    await assertNoAxeViolations(page, 'the review page');
    await tabTo(page, '#decision');
    await page.keyboard.press('Space');
    await tabTo(page, '#motivatedIntruder');
    await page.keyboard.press('Space');
    await tabTo(page, 'form[action$="/review"] button');
    await pressAndWait(page);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Story approved/);
    const [review] = await shared.t.database.db.select().from(storyReviews);
    assert.deepEqual(
      [review.decision, review.identifierCheck, review.findings, review.motivatedIntruder],
      ['approved', 'explained', 1, true],
    );
  });

  it('prints the story alone, and shows experts by experience only what they may read', async () => {
    const page = await open(writer, `${storyUrl}/print`);
    await assertNoAxeViolations(page, 'the print view');
    assert.ok(await page.locator('[data-print-button]').isVisible(), 'the print button shows with JavaScript');
    await page.emulateMedia({ media: 'print' });
    for (const chrome of [
      '.govuk-generic-header',
      '.govuk-service-navigation',
      '.govuk-footer',
      '.govuk-back-link',
      '[data-print-button]',
    ]) {
      assert.equal(await page.locator(chrome).isVisible(), false, `${chrome} is not printed`);
    }
    assert.ok(await page.locator('h1').isVisible());
    assert.doesNotMatch(await page.locator('main').innerText(), /finding 1|Ana Costa/);

    const list = await open(expert, '/co-production/stories');
    await assertNoAxeViolations(list, 'the expert’s list of stories');
    await tabTo(list, 'a[href^="/co-production/stories/"]');
    await pressAndWait(list);
    const text = await list.locator('main').innerText();
    assert.match(text, /Told by Northgate Community Team/);
    assert.doesNotMatch(text, /Ana Costa|ann@example\.org.*finding/);
    await assertNoAxeViolations(list, 'a story for experts by experience');
  });

  it('works without JavaScript: the form saves and the print button stays hidden', async () => {
    const page = await open(writer, `/sites/${site.id}/stories/new`, { javaScript: false });
    await page.fill('#title', 'Without JavaScript');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save draft' }).click()]);
    assert.match(await page.locator('h1').innerText(), /Without JavaScript/);
    await page.goto(`${storyUrl}/print`);
    assert.equal(await page.locator('[data-print-button]').isVisible(), false);
  });
});
