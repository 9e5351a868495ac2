import assert from 'node:assert/strict';
import { createSession } from '../../server/accounts/sessions.js';
import { aUser } from '../helpers/accounts.js';
import { assertCleanConsole, assertNoAxeViolations, browserApp, newPage } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { anAction } from '../actions/helpers.js';
import { aContact } from '../contacts/helpers.js';

describe('the Today page in a browser', function () {
  const shared = browserApp({ now: '2026-06-10T08:00:00Z' });

  it('has no axe violations at the shared screen’s size and a laptop’s, and its board link opens the board', async () => {
    const db = shared.t.database.db;
    const site = await aSite(db, { name: 'Northgate Community Team' });
    const person = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Grace Adeyemi' });
    await anAction(db, site, person, { description: 'Ring the equipment service about the hoist', dueDate: '2026-06-08' });
    await anAction(db, site, person, { description: 'Book the community connector', dueDate: '2026-06-10' });
    await aContact(db, site, { personRef: 'HX-2001', contactDate: '2026-06-01', leadWorkerId: person.id, highestConversation: 2 });
    const { token } = await createSession(db, { userId: person.id });
    for (const [width, height] of [
      [1920, 1080],
      [1280, 800],
    ]) {
      const watched = await newPage(shared.browser, shared.server.url, { session: token });
      await watched.page.setViewportSize({ width, height });
      assert.equal((await watched.page.goto('/today'))?.status(), 200);
      await assertNoAxeViolations(watched.page, `the Today page at ${width}×${height}`);
      if (process.env.SCREENSHOTS) await watched.page.screenshot({ path: `${process.env.SCREENSHOTS}/today-${width}.png`, fullPage: true });
      await watched.page.getByRole('button', { name: 'Open the board for Northgate Community Team' }).click();
      await watched.page.waitForURL((url) => url.pathname === `/sites/${site.id}/huddles/2026-06-10`);
      assertCleanConsole(watched);
      await watched.context.close();
    }
  });
});
