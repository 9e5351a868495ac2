import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserApp, assertCleanConsole, newPage, scriptsStarted } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { signedIn } from '../helpers/accounts.js';
import { findPlan } from '../../server/fortnights/queries.js';

// 10 June 2026 falls in fortnight 8 (1 to 14 June) of a site whose fortnights start on 2 March.
const NOW = '2026-06-10T08:00:00Z';

describe('changing a fortnight’s plan in a browser', () => {
  const shared = browserApp({ now: NOW });
  let watched: Awaited<ReturnType<typeof newPage>> | undefined;

  afterEach(async () => watched?.context.close());

  /** A fortnight page, opened by a practitioner on the site's team: the people who plan a fortnight. */
  async function aFortnightPage(javaScript: boolean) {
    const site = await aSite(shared.t.database.db, { firstFortnightStart: '2026-03-02' });
    const practitioner = await signedIn(shared.t.app, shared.t.database.db, 'practitioner', { siteIds: [site.id] });
    watched = await newPage(shared.browser, shared.server.url, { javaScript, session: practitioner.token });
    const path = `/sites/${site.id}/fortnights/8`;
    const response = await watched.page.goto(path);
    assert.equal(response?.status(), 200);
    return { site, path, page: watched.page };
  }

  const plan = (page: Page) => page.locator('#fortnight-plan');
  const focusIsInPlan = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('#fortnight-plan')));
  const pathOf = (page: Page) => new URL(page.url()).pathname;

  async function typeShowAndTell(page: Page, day: string, month: string, year: string) {
    const showAndTell = page.getByRole('group', { name: /Show-and-tell date/ });
    await showAndTell.getByLabel('Day').fill(day);
    await showAndTell.getByLabel('Month').fill(month);
    await showAndTell.getByLabel('Year').fill(year);
  }

  describe('with JavaScript', () => {
    it('swaps the form into the page, saves in place and keeps the goal', async () => {
      const { site, path, page } = await aFortnightPage(true);
      assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });
      const goal = 'Try a drop-in conversation at the library on Tuesdays';

      await page.getByRole('button', { name: /Change the plan/ }).click();
      const goalBox = plan(page).getByLabel('Goal for fortnight 8');
      await goalBox.waitFor();
      assert.equal(pathOf(page), path, 'the form is swapped in without navigating');
      assert.match(await page.locator('h1').innerText(), /^Fortnight 8\b/, 'still on the fortnight page');
      assert.ok(await focusIsInPlan(page), 'focus moves into the swapped-in form');

      await goalBox.fill(goal);
      await plan(page).getByRole('button', { name: 'Save plan' }).click();
      await plan(page).getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      assert.equal(await plan(page).locator('#fortnight-goal').innerText(), goal);
      assert.equal(pathOf(page), path, 'saving does not navigate');
      assert.ok(await focusIsInPlan(page), 'focus stays in the plan section after saving');

      assert.equal((await findPlan(shared.t.database.db, site.id, 8))?.goal, goal, 'the goal is stored');
      await page.reload();
      assert.equal(await plan(page).locator('#fortnight-goal').innerText(), goal);
      assertCleanConsole(watched!);
    });

    it('swaps the form back with the error summary and the typed goal on an impossible date', async () => {
      const { site, path, page } = await aFortnightPage(true);
      const goal = 'Halve the wait for a first conversation';
      await page.getByRole('button', { name: /Change the plan/ }).click();
      await plan(page).getByLabel('Goal for fortnight 8').fill(goal);
      await typeShowAndTell(page, '31', '2', '2026');
      await plan(page).getByRole('button', { name: 'Save plan' }).click();

      const summary = plan(page).locator('.govuk-error-summary');
      await summary.waitFor();
      assert.match(await summary.innerText(), /There is a problem[\s\S]*Show-and-tell date must be a real date/);
      assert.equal(await plan(page).getByLabel('Goal for fortnight 8').inputValue(), goal, 'the typed goal is kept');
      assert.equal(
        await page
          .getByRole('group', { name: /Show-and-tell date/ })
          .getByLabel('Day')
          .inputValue(),
        '31',
      );
      assert.equal(pathOf(page), path);
      assert.ok(await focusIsInPlan(page), 'focus moves into the form with its errors');
      assert.equal(
        await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
        true,
        'focus is on the error summary',
      );
      assert.equal(await findPlan(shared.t.database.db, site.id, 8), undefined, 'nothing is saved');
      assert.match(await page.title(), /^Error: Fortnight 8 – /, 'the title says there is an error, as a whole page would');
      await plan(page).getByRole('link', { name: 'Cancel' }).click();
      await plan(page)
        .getByRole('button', { name: /Change the plan/ })
        .waitFor();
      assert.match(await page.title(), /^Fortnight 8 – /, 'and stops saying so once the form is gone');
      assertCleanConsole(watched!);
    });

    it('puts the plan back on Cancel, keeping focus there and the button working from the keyboard', async () => {
      const { path, page } = await aFortnightPage(true);
      const changeThePlan = plan(page).getByRole('button', { name: /Change the plan/ });
      await changeThePlan.focus();
      await page.keyboard.press('Space');
      await plan(page).locator('form').waitFor();

      await plan(page).getByLabel('Goal for fortnight 8').fill('Not this one');
      await plan(page).getByRole('link', { name: 'Cancel' }).click();
      await plan(page).locator('#fortnight-goal').waitFor();
      assert.equal(await plan(page).locator('#fortnight-goal').innerText(), 'No goal set yet');
      assert.equal(pathOf(page), path);
      assert.ok(await focusIsInPlan(page), 'focus stays in the plan section, not back at the top of the page');

      // The swapped-in link has role="button", so the space bar must work on it as on a button.
      await changeThePlan.focus();
      await page.keyboard.press('Space');
      await plan(page).locator('form').waitFor();
      assert.equal(pathOf(page), path);
      assertCleanConsole(watched!);
    });
  });

  describe('without JavaScript', () => {
    it('follows the link to the edit page, saves and comes back with a banner', async () => {
      const { site, path, page } = await aFortnightPage(false);
      const goal = 'Run every first contact as a conversation, not an assessment';

      await page.getByRole('button', { name: /Change the plan/ }).click();
      await page.waitForURL(`**${path}/edit`);
      assert.match(await page.title(), /^Change the plan for fortnight 8/);

      await page.getByLabel('Goal for fortnight 8').fill(goal);
      await typeShowAndTell(page, '11', '6', '2026');
      await page.getByRole('button', { name: 'Save plan' }).click();
      await page.waitForURL((url) => url.pathname === path);

      const banner = page.locator('.govuk-notification-banner--success');
      assert.match(await banner.innerText(), /Fortnight goal and show-and-tell date saved/);
      assert.equal(await plan(page).locator('#fortnight-goal').innerText(), goal);
      assert.match(await plan(page).innerText(), /Thursday 11 June 2026/);
      const saved = await findPlan(shared.t.database.db, site.id, 8);
      assert.deepEqual({ goal: saved?.goal, showAndTellDate: saved?.showAndTellDate }, { goal, showAndTellDate: '2026-06-11' });
    });

    it('shows the edit page again with errors and the answers kept', async () => {
      const { path, page } = await aFortnightPage(false);
      await page.goto(`${path}/edit`);
      await page.getByLabel('Goal for fortnight 8').fill('Keep this');
      await typeShowAndTell(page, '31', '2', '2026');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Save plan' }).click(),
      ]);
      assert.equal(response.status(), 422);
      await page.waitForURL((url) => url.pathname === path);
      assert.match(await page.title(), /^Error: Change the plan for fortnight 8/);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Show-and-tell date must be a real date/);
      assert.equal(await page.getByLabel('Goal for fortnight 8').inputValue(), 'Keep this');
    });
  });
});
