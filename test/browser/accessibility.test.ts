import assert from 'node:assert/strict';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';

// 10 June 2026 falls in fortnight 8 (1 to 14 June) of a site whose fortnights start on 2 March.
const NOW = '2026-06-10T08:00:00Z';

describe('accessibility in a browser (axe-core, WCAG 2.2 AA)', () => {
  const shared = browserApp({ now: NOW });
  let watched: Awaited<ReturnType<typeof newPage>> | undefined;
  let administrator: Visitor | undefined;

  afterEach(async () => watched?.context.close());

  /** A page signed in as an administrator, made on first use so the first test still sees an empty database. */
  async function open({ anonymous = false } = {}) {
    if (!anonymous) administrator ??= await signedIn(shared.t.app, shared.t.database.db, 'administrator');
    watched = await newPage(shared.browser, shared.server.url, { session: anonymous ? undefined : administrator!.token });
    return watched;
  }

  async function visit(path: string, status = 200) {
    const response = await watched!.page.goto(path);
    assert.equal(response?.status(), status, `GET ${path}`);
  }

  // Runs first, while the database is still empty: "/" offers to create the first administrator only then.
  it('the first-administrator page, then the start page for that administrator while there are no sites', async () => {
    const anonymous = await open({ anonymous: true });
    await visit('/');
    assert.match(await anonymous.page.title(), /^Set up your innovation site/);
    assert.equal(await anonymous.page.getByRole('button', { name: 'Create administrator' }).count(), 1);
    await assertNoAxeViolations(anonymous.page, 'the first-administrator page');
    assertCleanConsole(anonymous);
    await anonymous.context.close();

    const { page } = await open();
    await visit('/');
    assert.match(await page.title(), /^Set up your innovation site/);
    assert.equal(new URL(page.url()).pathname, '/', 'the administrator stays on the start page');
    await assertNoAxeViolations(page, 'the start page');
    assertCleanConsole(watched!);
  });

  it('the create-site form, and the form again with errors', async () => {
    const { page } = await open();
    await visit('/sites/new');
    await assertNoAxeViolations(page, 'the create-site form');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Create site' }).click(),
    ]);
    assert.equal(response.status(), 422);
    await page.waitForURL((url) => url.pathname === '/sites');
    assert.match(await page.title(), /^Error: Create a site/);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await assertNoAxeViolations(page, 'the create-site form with errors');
    assertCleanConsole(watched!);
  });

  it('the sites, a site page, its fortnights, a fortnight, the plan form and the accessibility statement', async () => {
    await open();
    const site = await aSite(shared.t.database.db, { firstFortnightStart: '2026-03-02' });
    const pages = {
      'the list of sites': '/sites',
      'the site page': `/sites/${site.id}`,
      'the change-site form': `/sites/${site.id}/edit`,
      'the list of fortnights': `/sites/${site.id}/fortnights`,
      'a fortnight page': `/sites/${site.id}/fortnights/8`,
      'the fortnight plan form': `/sites/${site.id}/fortnights/8/edit`,
      'the accessibility statement': '/accessibility',
    };
    for (const [what, path] of Object.entries(pages)) {
      await visit(path);
      await assertNoAxeViolations(watched!.page, what);
    }
    assertCleanConsole(watched!);
  });

  it('the fortnight plan form with errors, swapped in by htmx on the fortnight page and the edit page', async () => {
    const { page } = await open();
    const site = await aSite(shared.t.database.db);
    const fortnightPage = `/sites/${site.id}/fortnights/8`;
    for (const path of [fortnightPage, `${fortnightPage}/edit`]) {
      await visit(path);
      if (path === fortnightPage) await page.getByRole('button', { name: /Change the plan/ }).click();
      const showAndTell = page.getByRole('group', { name: /Show-and-tell date/ });
      await showAndTell.getByLabel('Day').fill('31');
      await showAndTell.getByLabel('Month').fill('2');
      await showAndTell.getByLabel('Year').fill('2026');
      await page.getByRole('button', { name: 'Save plan' }).click();
      await page.locator('#fortnight-plan .govuk-error-summary').waitFor();
      assert.equal(new URL(page.url()).pathname, path, 'htmx swapped the form in place');
      await assertNoAxeViolations(page, `${path} with the plan form's errors swapped in`);
    }
    assertCleanConsole(watched!);
  });

  // The whole 422 page, as a browser gets it when htmx does not load. axe cannot run with
  // JavaScript off, so the script is blocked instead; the page's HTML is the same.
  it('the fortnight plan page with errorsd whole when htmx does not load', async () => {
    const { page } = await open();
    const site = await aSite(shared.t.database.db);
    await page.route('**/static/vendor/htmx-*.js', (route) => route.abort());
    await visit(`/sites/${site.id}/fortnights/8/edit`);
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2026');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Save plan' }).click(),
    ]);
    assert.equal(response.status(), 422);
    await page.waitForURL((url) => url.pathname === `/sites/${site.id}/fortnights/8`);
    assert.match(await page.title(), /^Error: Change the plan for fortnight 8/);
    await assertNoAxeViolations(page, 'the fortnight plan page with errors');
    assertCleanConsole(watched!);
  });
});
