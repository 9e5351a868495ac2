import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { signedIn } from '../helpers/accounts.js';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage, scriptsStarted } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { hashToken } from '../../server/accounts/sessions.js';
import { sessions } from '../../server/db/schema.js';

// The warning shows 5 minutes (300 s) before the idle timeout: a page that says 302 s are left shows it after 2 s.
const IDLE_SECONDS_LEFT = 302;

describe('the idle warning in a browser', () => {
  const shared = browserApp();

  it('warns before the session ends, takes focus, and keeps the session going on "Stay signed in"', async () => {
    const site = await aSite(shared.t.database.db);
    const practitioner = await signedIn(shared.t.app, shared.t.database.db, 'practitioner', { siteIds: [site.id] });
    const watched = await newPage(shared.browser, shared.server.url, { session: practitioner.token });
    try {
      const { page } = watched;
      const lastSeen = async () =>
        (
          await shared.t.database.db
            .select()
            .from(sessions)
            .where(eq(sessions.idHash, hashToken(practitioner.token)))
        )[0].lastSeenAt;

      // Waiting 25 minutes is not a test: the page is rewritten on its way in, before the script reads it.
      const path = `/sites/${site.id}`;
      await page.route(
        (url) => url.pathname === path,
        async (route) => {
          const response = await route.fetch();
          const html = await response.text();
          assert.match(html, /data-idle-seconds="\d+"/, 'the page tells the script how long is left');
          await route.fulfill({ response, body: html.replace(/data-idle-seconds="\d+"/, `data-idle-seconds="${IDLE_SECONDS_LEFT}"`) });
        },
      );
      const opened = await page.goto(path);
      assert.equal(opened?.status(), 200);
      assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });
      const yourAccount = page.getByRole('link', { name: 'Your account' });
      await yourAccount.focus();
      const seenBefore = await lastSeen();

      const warning = page.getByRole('alertdialog', { name: 'You will be signed out soon' });
      await warning.waitFor({ timeout: 10_000 });
      assert.match(await warning.innerText(), /you will be signed out in 5 minutes/);
      assert.ok(
        await warning.evaluate((dialog) => dialog.contains(document.activeElement)),
        'the warning takes focus, so a screen reader reads it and a keyboard user is in it',
      );
      await assertNoAxeViolations(page, 'a page with the idle warning showing');

      const [extended] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/session/extend' && r.request().method() === 'POST'),
        warning.getByRole('button', { name: 'Stay signed in' }).click(),
      ]);
      assert.equal(extended.status(), 204);
      await warning.waitFor({ state: 'detached' });
      assert.ok(await yourAccount.evaluate((link) => link === document.activeElement), 'focus goes back to where it was');
      assert.ok((await lastSeen()) > seenBefore, 'the server counts the session as active from now');
      assert.equal(new URL(page.url()).pathname, path, 'still on the same page');
      assertCleanConsole(watched);
    } finally {
      await watched.context.close();
    }
  });
});
