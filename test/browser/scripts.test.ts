import assert from 'node:assert/strict';
import { browserApp, assertCleanConsole, newPage, scriptsStarted } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { signedIn } from '../helpers/accounts.js';

describe('scripts under the Content Security Policy', () => {
  const shared = browserApp({ now: '2026-06-10T08:00:00Z' });

  it('loads htmx and GOV.UK Frontend on every page, with no policy violation', async () => {
    const administrator = await signedIn(shared.t.app, shared.t.database.db, 'administrator');
    const watched = await newPage(shared.browser, shared.server.url, { session: administrator.token });
    try {
      const { page } = watched;
      const visit = async (path: string, status = 200) => {
        const response = await page.goto(path);
        assert.equal(response?.status(), status, `GET ${path}`);
        assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true }, `scripts on ${path}`);
      };
      await visit('/'); // the start page, while there are no sites
      await visit('/account');
      const site = await aSite(shared.t.database.db, { firstFortnightStart: '2026-03-02' });
      const fortnight = `/sites/${site.id}/fortnights/8`;
      for (const path of [
        '/sites',
        '/sites/new',
        `/sites/${site.id}`,
        `/sites/${site.id}/edit`,
        `/sites/${site.id}/huddles`,
        `/sites/${site.id}/fortnights`,
        fortnight,
        `${fortnight}/edit`,
        '/accessibility',
      ]) {
        await visit(path);
      }
      await visit('/no-such-page', 404);

      // A swap must start GOV.UK Frontend's components in the new content too.
      await visit(fortnight);
      await page.getByRole('button', { name: /Change the plan/ }).click();
      await page.locator('#fortnight-plan form').waitFor();
      await page.getByLabel('Goal for fortnight 8').fill('Try it');
      const count = page.locator('#fortnight-plan .govuk-character-count__status');
      await count.waitFor();
      assert.equal(await count.innerText(), 'You have 494 characters remaining');
      assertCleanConsole(watched);
    } finally {
      await watched.context.close();
    }
  });
});
