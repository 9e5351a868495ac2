import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { aUser, disableUser, signedIn } from '../helpers/accounts.js';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage, submitForm } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { findAccountForEmail } from '../../server/users/queries.js';
import { users } from '../../server/db/schema.js';

const LINK = /^http:\/\/127\.0\.0\.1:\d+\/(invite|reset-password)\/[\w-]{43}$/;

describe('the user pages in a browser (axe-core, WCAG 2.2 AA)', () => {
  const shared = browserApp();
  let watched: Awaited<ReturnType<typeof newPage>> | undefined;

  afterEach(async () => watched?.context.close());

  async function open(path: string, { session, javaScript = true }: { session: string; javaScript?: boolean }) {
    watched = await newPage(shared.browser, shared.server.url, { session, javaScript });
    const response = await watched.page.goto(path);
    assert.equal(response?.status(), 200, `GET ${path}`);
    return watched.page;
  }

  const db = () => shared.t.database.db;
  const context = () => watched!.context;
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary').innerText();

  async function fillInvite(page: Page, { name, email, role, site }: { name: string; email: string; role: string; site: string }) {
    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('radio', { name: role, exact: true }).check();
    await page.getByRole('checkbox', { name: site, exact: true }).check();
  }

  /** The link page: the link in a read-only box, to select and copy. */
  async function shownLink(page: Page, label: string): Promise<string> {
    const box = page.getByLabel(label, { exact: true });
    assert.equal(await box.getAttribute('readonly'), '', 'the link box is read-only');
    const link = await box.inputValue();
    assert.match(link, LINK);
    return link;
  }

  it('the users list, for an administrator', async () => {
    const site = await aSite(db(), { name: 'Northgate' });
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    await aUser(db(), { role: 'practitioner', siteIds: [site.id], name: 'Active Practitioner' });
    const disabled = await aUser(db(), { role: 'expert_by_experience', siteIds: [site.id], name: 'Disabled Expert' });
    await disableUser(db(), disabled.id);
    await db().insert(users).values({ name: 'Invited Lead', email: 'invited.lead@example.org', role: 'programme_lead' });

    const page = await open('/users', { session: administrator.token });
    assert.match(await page.title(), /^Users/);
    assert.equal(await page.getByRole('link', { name: 'Users', exact: true }).getAttribute('aria-current'), 'page');
    const table = await page.locator('table').innerText();
    assert.match(table, /Active Practitioner[\s\S]*Active/);
    assert.match(table, /Disabled Expert[\s\S]*Disabled/);
    assert.match(table, /Invited Lead[\s\S]*Invited, not yet set up/);
    assert.ok(table.includes('All (administrator)'), table);
    await assertNoAxeViolations(page, 'the users list, for an administrator');
    assertCleanConsole(watched!);
  });

  it('the users list, for a programme lead', async () => {
    const theirs = await aSite(db(), { name: 'Lead’s own site' });
    const other = await aSite(db(), { name: 'Someone else’s site' });
    const lead = await signedIn(shared.t.app, db(), 'programme_lead', { siteIds: [theirs.id] });
    await aUser(db(), { role: 'practitioner', siteIds: [theirs.id], name: 'In their site' });
    await aUser(db(), { role: 'practitioner', siteIds: [other.id], name: 'Elsewhere' });

    const page = await open('/users', { session: lead.token });
    assert.match(await page.title(), /^Users/);
    assert.match(await page.locator('main').innerText(), /The people in the sites you lead/);
    const table = await page.locator('table').innerText();
    assert.ok(table.includes('In their site'), table);
    assert.ok(!table.includes('Elsewhere'), 'a lead sees only the people in their sites');
    await assertNoAxeViolations(page, 'the users list, for a programme lead');
    assertCleanConsole(watched!);
  });

  it('the invite form, the form again with errors, and the invitation link with a working "Copy link" button', async () => {
    await aSite(db(), { name: 'Eastfield' });
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const page = await open('/users/invite', { session: administrator.token });
    assert.match(await page.title(), /^Invite someone/);
    await assertNoAxeViolations(page, 'the invite form');

    assert.equal(await submitForm(page, 'Create invitation'), 422);
    assert.match(await page.title(), /^Error: Invite someone/);
    assert.match(await errorSummary(page), /Enter their full name[\s\S]*Select a role/);
    await assertNoAxeViolations(page, 'the invite form with errors');

    await fillInvite(page, { name: 'Priya Shah', email: 'priya.shah@example.org', role: 'Practitioner', site: 'Eastfield' });
    await context().grantPermissions(['clipboard-read', 'clipboard-write']);
    assert.equal(await submitForm(page, 'Create invitation'), 200);
    assert.match(await page.title(), /^Invitation created/);
    const link = await shownLink(page, 'Invitation link');
    assert.match(link, /\/invite\//);
    assert.ok(await findAccountForEmail(db(), 'priya.shah@example.org'), 'the account is made');
    await assertNoAxeViolations(page, 'the invitation link page');

    const status = page.getByRole('status');
    assert.equal(await status.innerText(), '', 'nothing is announced before the button is pressed');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'the link is on the clipboard');
    await assertNoAxeViolations(page, 'the invitation link page after copying the link');
    assertCleanConsole(watched!);
  });

  it('inviting someone without JavaScript: the form, then the link in a read-only box', async () => {
    const site = await aSite(db(), { name: 'Westbrook' });
    const lead = await signedIn(shared.t.app, db(), 'programme_lead', { siteIds: [site.id] });
    const page = await open('/users', { session: lead.token, javaScript: false });
    await page.getByRole('button', { name: 'Invite someone' }).click();
    await page.waitForURL('**/users/invite');
    assert.equal(await page.getByRole('radio', { name: 'Administrator' }).count(), 0, 'a lead cannot make administrators');

    await fillInvite(page, { name: 'Sam Okafor', email: 'sam.okafor@example.org', role: 'Expert by experience', site: 'Westbrook' });
    assert.equal(await submitForm(page, 'Create invitation'), 200);
    assert.match(await page.title(), /^Invitation created/);
    assert.match(await page.locator('main').innerText(), /Send this link to Sam Okafor at sam\.okafor@example\.org/);
    assert.match(await shownLink(page, 'Invitation link'), /\/invite\//);
    assert.equal(await page.getByRole('button', { name: 'Copy link' }).count(), 0, 'no button that would need JavaScript');
    // No axe run here: axe-core never finishes in a page whose scripts are off. The same page is checked with them on.
    assertCleanConsole(watched!);
  });

  it('a person’s page, for an administrator, and the page after ending their sessions and disabling them', async () => {
    const site = await aSite(db(), { name: 'Southmoor' });
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const person = await aUser(db(), { role: 'practitioner', siteIds: [site.id], name: 'Jo Bloggs' });
    const page = await open(`/users/${person.id}`, { session: administrator.token });
    assert.match(await page.title(), /^Jo Bloggs/);
    assert.match(
      await page.locator('.govuk-summary-list').innerText(),
      /Role\s+Practitioner[\s\S]*Sites\s+Southmoor[\s\S]*Status\s+Active/,
    );
    for (const name of ['Create a password reset link', 'End all their sessions', 'Disable account']) {
      assert.ok(await page.getByRole('button', { name, exact: true }).isVisible(), name);
    }
    await assertNoAxeViolations(page, 'a person’s page');

    assert.equal(await submitForm(page, 'End all their sessions'), 303);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Their sessions have ended/);
    await assertNoAxeViolations(page, 'a person’s page after ending their sessions');

    assert.equal(await submitForm(page, 'Disable account'), 303);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Account disabled/);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Status\s+Disabled/);
    assert.ok(await page.getByRole('button', { name: 'Re-enable account' }).isVisible());
    await assertNoAxeViolations(page, 'a disabled person’s page');

    assert.equal(await submitForm(page, 'Create a password reset link'), 422);
    assert.match(await page.title(), /^Error: Jo Bloggs/);
    assert.match(await errorSummary(page), /This account is disabled/);
    await assertNoAxeViolations(page, 'a disabled person’s page, refusing a reset link');
    assertCleanConsole(watched!);
  });

  it('an administrator’s own page, refusing to disable their own account', async () => {
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const page = await open(`/users/${administrator.user!.id}`, { session: administrator.token });
    assert.equal(await page.getByRole('button', { name: 'Disable account' }).count(), 0);
    assert.match(await page.locator('main').innerText(), /This is your account/);
    await assertNoAxeViolations(page, 'an administrator’s own page');
    assertCleanConsole(watched!);
  });

  it('the reset-link page, with a working "Copy link" button', async () => {
    const site = await aSite(db());
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const person = await aUser(db(), { role: 'practitioner', siteIds: [site.id], name: 'Alex Reset' });
    const page = await open(`/users/${person.id}`, { session: administrator.token });
    await context().grantPermissions(['clipboard-read', 'clipboard-write']);
    assert.equal(await submitForm(page, 'Create a password reset link'), 200);
    assert.match(await page.title(), /^Password reset link created/);
    const link = await shownLink(page, 'Password reset link');
    assert.match(link, /\/reset-password\//);
    await assertNoAxeViolations(page, 'the reset-link page');

    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    assertCleanConsole(watched!);
  });

  it('the reset-link page offers no "Copy link" button where the page may not use the clipboard', async () => {
    const site = await aSite(db());
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const person = await aUser(db(), { role: 'practitioner', siteIds: [site.id] });
    watched = await newPage(shared.browser, shared.server.url, { session: administrator.token });
    const { page } = watched;
    // As over plain HTTP, where browsers keep the clipboard from pages.
    await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await page.goto(`/users/${person.id}`);
    assert.equal(await submitForm(page, 'Create a password reset link'), 200);
    assert.match(await shownLink(page, 'Password reset link'), /\/reset-password\//);
    assert.equal(
      await page.evaluate(() => document.readyState === 'complete' && navigator.clipboard === undefined),
      true,
      'the page has loaded, without a clipboard',
    );
    assert.equal(await page.getByRole('button', { name: 'Copy link' }).count(), 0, 'no button that could not work');
    assertCleanConsole(watched);
  });

  it('the change role and sites page, the page again with errors, and after someone else changed the account', async () => {
    const north = await aSite(db(), { name: 'North team' });
    await aSite(db(), { name: 'South team' });
    const administrator = await signedIn(shared.t.app, db(), 'administrator');
    const person = await aUser(db(), { role: 'practitioner', siteIds: [north.id], name: 'Kim Access' });
    const page = await open(`/users/${person.id}/access`, { session: administrator.token });
    assert.match(await page.title(), /^Change role and sites for Kim Access/);
    assert.ok(await page.getByRole('radio', { name: 'Practitioner', exact: true }).isChecked(), 'the current role is chosen');
    assert.ok(await page.getByRole('checkbox', { name: 'North team' }).isChecked(), 'the current sites are ticked');
    await assertNoAxeViolations(page, 'the change role and sites page');

    await page.getByRole('checkbox', { name: 'North team' }).uncheck();
    assert.equal(await submitForm(page, 'Save changes'), 422);
    assert.match(await page.title(), /^Error: Change role and sites for Kim Access/);
    assert.match(await errorSummary(page), /Select at least one site/);
    await assertNoAxeViolations(page, 'the change role and sites page with errors');

    await db()
      .update(users)
      .set({ role: 'programme_lead', version: sql`${users.version} + 1` })
      .where(eq(users.id, person.id));
    await page.getByRole('checkbox', { name: 'South team' }).check();
    assert.equal(await submitForm(page, 'Save changes'), 409);
    assert.match(await page.locator('.govuk-error-summary').first().innerText(), /Someone else changed this account/);
    await assertNoAxeViolations(page, 'the change role and sites page after a conflicting change');

    assert.equal(await submitForm(page, 'Save changes'), 303);
    assert.equal(new URL(page.url()).pathname, `/users/${person.id}`);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Role and sites saved/);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Role\s+Practitioner[\s\S]*Sites\s+South team/);
    assertCleanConsole(watched!);
  });
});
