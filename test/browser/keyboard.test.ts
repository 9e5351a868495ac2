import assert from 'node:assert/strict';
import { browserApp, assertCleanConsole, newPage } from '../helpers/browser.js';
import { signedIn } from '../helpers/accounts.js';

describe('using the site form with a keyboard', () => {
  const shared = browserApp();

  it('reaches the skip link first, shows it, and moves focus to the main content', async () => {
    const administrator = await signedIn(shared.t.app, shared.t.database.db, 'administrator');
    const watched = await newPage(shared.browser, shared.server.url, { session: administrator.token });
    try {
      const { page } = watched;
      await page.goto('/sites/new');
      const skipLink = page.getByRole('link', { name: 'Skip to main content' });
      const unfocused = await skipLink.boundingBox();
      assert.ok(unfocused && unfocused.width <= 1 && unfocused.height <= 1, 'the skip link is hidden until focused');

      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return {
          text: element.textContent?.trim(),
          href: element.getAttribute('href'),
          width: box.width,
          height: box.height,
          clip: style.clipPath !== 'none' ? style.clipPath : style.clip,
        };
      });
      assert.deepEqual(
        { text: focused.text, href: focused.href },
        { text: 'Skip to main content', href: '#main-content' },
        'the first Tab stop',
      );
      assert.ok(
        focused.width > 100 && focused.height > 20,
        `the focused skip link is visible, not a 1px hidden box (${focused.width}×${focused.height})`,
      );
      assert.ok(['auto', 'none', ''].includes(focused.clip), `the focused skip link is not clipped (${focused.clip})`);
      assert.ok(await skipLink.isVisible());

      await page.keyboard.press('Enter');
      // Following an in-page link is asynchronous in Chromium: wait for it rather than read the address too soon.
      await page.waitForURL((url) => url.hash === '#main-content', { timeout: 5000 });
      assert.equal(new URL(page.url()).hash, '#main-content');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content', 'focus is on the main content');

      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'name', 'the next Tab reaches the first question');
      assertCleanConsole(watched);
    } finally {
      await watched.context.close();
    }
  });
});
