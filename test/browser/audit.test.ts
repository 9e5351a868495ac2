import assert from 'node:assert/strict';
import { aUser, signedIn } from '../helpers/accounts.js';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { recordAudit } from '../../server/audit/record.js';
import { AUDIT_PAGE_SIZE } from '../../server/audit/queries.js';

describe('the audit log in a browser (axe-core, WCAG 2.2 AA)', () => {
  const shared = browserApp();
  let watched: Awaited<ReturnType<typeof newPage>> | undefined;

  afterEach(async () => watched?.context.close());

  async function open(path: string, session: string) {
    watched = await newPage(shared.browser, shared.server.url, { session });
    const response = await watched.page.goto(path);
    assert.equal(response?.status(), 200, `GET ${path}`);
    return watched.page;
  }

  const db = () => shared.t.database.db;
  const results = () => watched!.page.locator('#results').innerText();

  it('the log searched by person, then by record type across two pages, and a search that finds nothing', async () => {
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const practitioner = await aUser(db(), { role: 'practitioner', name: 'Morgan Searched' });
    const site = await aSite(db());
    const asPractitioner = { userId: practitioner.id, ip: '192.0.2.10' };
    await recordAudit(db(), asPractitioner, { action: 'account.signed-in' });
    await recordAudit(db(), asPractitioner, {
      action: 'site.updated',
      recordType: 'site',
      recordId: site.id,
      details: { name: site.name, fields: ['name', 'teamDescription'] },
    });
    await recordAudit(
      db(),
      { userId: null, ip: '198.51.100.7' },
      { action: 'account.sign-in-failed', details: { email: 'nobody@example.org' } },
    );
    for (let n = 0; n < AUDIT_PAGE_SIZE + 5; n += 1) {
      await recordAudit(
        db(),
        { userId: administrator.user!.id, ip: '127.0.0.1' },
        { action: 'account.access-changed', recordType: 'user', recordId: practitioner.id, details: { n } },
      );
    }

    const page = await open('/audit', administrator.token);
    assert.match(await page.title(), /^Audit log/);
    await page.getByLabel('Person').fill('morgan');
    assert.equal(await submitFormGet(), 200);
    assert.match(await page.title(), /^Audit log/);
    assert.equal(await results(), '2 entries');
    const table = await page.locator('table').innerText();
    assert.match(
      table,
      /Morgan Searched[\s\S]*site\.updated[\s\S]*site \d+[\s\S]*192\.0\.2\.10[\s\S]*fields: \["name","teamDescription"\]/,
    );
    assert.ok(!table.includes('sign-in-failed'), 'only that person’s entries');
    assert.equal(await page.getByLabel('Person').inputValue(), 'morgan', 'the search is kept in the form');
    await assertNoAxeViolations(page, 'the audit log, searched by person');

    await page.getByLabel('Person').fill('');
    await page.getByLabel('Record type').fill('user');
    assert.equal(await submitFormGet(), 200);
    assert.equal(await results(), `${AUDIT_PAGE_SIZE + 5} entries`);
    assert.equal(await page.locator('tbody tr').count(), AUDIT_PAGE_SIZE);
    await assertNoAxeViolations(page, 'the audit log, first of two pages');
    await page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: /Next/ }).click();
    await page.waitForURL(/page=2/);
    assert.equal(await page.locator('tbody tr').count(), 5);
    assert.equal(await page.getByRole('link', { name: 'Page 2' }).getAttribute('aria-current'), 'page');
    assert.equal(await page.getByLabel('Record type').inputValue(), 'user', 'the search is kept on the next page');
    await assertNoAxeViolations(page, 'the audit log, second page');

    await page.getByLabel('Record type').fill('no such record type');
    assert.equal(await submitFormGet(), 200);
    assert.equal(await results(), 'No entries match');
    assert.equal(await page.locator('table').count(), 0);
    assert.equal(await page.getByRole('link', { name: /Download/ }).count(), 0, 'nothing to download');
    await assertNoAxeViolations(page, 'the audit log with no results');
    assertCleanConsole(watched!);
  });

  it('the search form again with errors', async () => {
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const page = await open('/audit', administrator.token);
    const from = page.getByRole('group', { name: 'From' });
    await from.getByLabel('Day').fill('31');
    await from.getByLabel('Month').fill('2');
    await from.getByLabel('Year').fill('2026');
    assert.equal(await submitFormGet(), 422);
    assert.match(await page.title(), /^Error: Audit log/);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await assertNoAxeViolations(page, 'the audit search with errors');
    assertCleanConsole(watched!);
  });

  it('keeps a long unbroken value inside the page, at 1024 pixels wide', async () => {
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const longEmail = `${'a'.repeat(64)}@${'long-subdomain-name-without-a-break'.repeat(5)}.example.org`;
    const person = await aUser(db(), { role: 'practitioner', email: longEmail, name: 'Long Address' });
    const word = 'x'.repeat(300);
    await recordAudit(
      db(),
      { userId: person.id, ip: '2001:db8:85a3:0000:0000:8a2e:0370:7334' },
      { action: 'story.updated', recordType: 'story', recordId: 'a'.repeat(80), details: { note: word } },
    );

    watched = await newPage(shared.browser, shared.server.url, { session: administrator.token });
    const { page } = watched;
    await page.setViewportSize({ width: 1024, height: 768 });
    assert.equal((await page.goto('/audit'))?.status(), 200);
    const table = page.locator('table');
    assert.match(await table.innerText(), new RegExp(word));
    const { tableWidth, mainWidth } = await page.evaluate(() => ({
      tableWidth: document.querySelector('table')!.scrollWidth,
      mainWidth: document.querySelector('main')!.clientWidth,
    }));
    assert.ok(tableWidth <= mainWidth, `the table (${tableWidth}px) fits the main content (${mainWidth}px)`);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
      'the page does not scroll sideways',
    );
    const actionLines = await table.getByText('story.updated', { exact: true }).evaluate((cell) => {
      const text = document.createRange();
      text.selectNodeContents(cell);
      return text.getClientRects().length;
    });
    assert.equal(actionLines, 1, 'the action, which the tracker writes itself, is not broken mid-word to make room');
    await assertNoAxeViolations(page, 'the audit log with a long unbroken value');
    assertCleanConsole(watched);
  });

  /** The search is a GET form: presses Search and answers the status of the page it loads. */
  async function submitFormGet(): Promise<number> {
    const { page } = watched!;
    const loaded = page.waitForEvent('load');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === '/audit'),
      page.getByRole('button', { name: 'Search', exact: true }).click(),
    ]);
    await loaded;
    return response.status();
  }
});
