import assert from 'node:assert/strict';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { aUser } from '../helpers/accounts.js';
import { createSession } from '../../server/accounts/sessions.js';
import type { Site } from '../../server/db/schema.js';
import { csv } from '../imports/helpers.js';

/** Importing contacts in a browser: the upload with its progress script, the preview, the problems, the list. */
describe('importing contacts in a browser', function () {
  this.timeout(60_000);
  const shared = browserApp({ now: '2026-11-23T10:00:00Z' });
  let site: Site;
  let session: string;
  before(async () => {
    site = await aSite(shared.t.database.db, { name: 'Import site' });
    const lead = await aUser(shared.t.database.db, { role: 'programme_lead', siteIds: [site.id] });
    session = (await createSession(shared.t.database.db, { userId: lead.id })).token;
  });

  const GOOD = csv(
    { person_ref: 'BR-1', contact_date: '2026-04-01', first_conversation_date: '2026-04-03' },
    { person_ref: 'BR-2', contact_date: '02/04/2026', first_conversation_date: '2026-04-20', way_of_working: 'old' },
  );
  const BAD = csv({ person_ref: 'Mrs Jones', contact_date: '2026-04-01' }, { person_ref: 'BR-4', contact_date: '31/02/2026' });

  async function uploadIn(javaScript: boolean, content: string, name: string) {
    const watched = await newPage(shared.browser, shared.server.url, { javaScript, session });
    const { page } = watched;
    await page.goto(`/sites/${site.id}/imports/new`);
    if (javaScript) await assertNoAxeViolations(page, 'the upload form');
    await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(content) });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForURL(/\/imports\/\d+$/);
    return watched;
  }

  it('uploads with the progress script, previews, confirms and lists the import, axe clean throughout', async () => {
    const watched = await uploadIn(true, GOOD, 'good.csv');
    const { page } = watched;
    await page.getByRole('heading', { name: 'Check your answers before importing' }).waitFor();
    await assertNoAxeViolations(page, 'the preview');
    await page.getByRole('button', { name: 'Confirm and import' }).click();
    await page.getByRole('heading', { name: 'Contacts imported' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Added\s+2/);
    await assertNoAxeViolations(page, 'the imported page');
    await page.goto(`/sites/${site.id}/imports`);
    assert.match(await page.locator('main').innerText(), /good\.csv/);
    await assertNoAxeViolations(page, 'the list of imports');
    assertCleanConsole(watched);
    await watched.context.close();
  });

  it('shows the problems of a bad file in plain English, axe clean, and imports nothing', async () => {
    const watched = await uploadIn(true, BAD, 'bad.csv');
    const { page } = watched;
    await page.getByRole('heading', { name: 'Nothing was imported: the file has problems' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /looks like a name/);
    assert.match(text, /real date/);
    await assertNoAxeViolations(page, 'the problems page');
    assertCleanConsole(watched);
    await watched.context.close();
  });

  it('works without JavaScript: the plain form posts and opens the preview', async () => {
    const watched = await uploadIn(
      false,
      csv({ person_ref: 'BR-9', contact_date: '2026-04-09', first_conversation_date: '2026-04-10' }),
      'plain.csv',
    );
    await watched.page.getByRole('heading', { name: 'Check your answers before importing' }).waitFor();
    assertCleanConsole(watched);
    await watched.context.close();
  });
});
