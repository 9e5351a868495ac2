import { openSecret } from '../../server/accounts/secret-box.js';
import { secretKeyOf } from '../../server/secret.js';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { aUser, currentTotp, signedIn, TEST_PASSWORD, TEST_TOTP_SECRET } from '../helpers/accounts.js';
import { browserApp, assertCleanConsole, assertNoAxeViolations, authenticatorCode, newPage, submitForm } from '../helpers/browser.js';
import { totpCode, totpStep } from '../../server/accounts/totp.js';
import { countUsers, findUser } from '../../server/accounts/queries.js';

describe('the account pages in a browser (axe-core, WCAG 2.2 AA)', () => {
  const shared = browserApp();
  let watched: Awaited<ReturnType<typeof newPage>> | undefined;

  afterEach(async () => watched?.context.close());

  async function open(path: string, { session, status = 200 }: { session?: string; status?: number } = {}) {
    watched = await newPage(shared.browser, shared.server.url, { session });
    const response = await watched.page.goto(path);
    assert.equal(response?.status(), status, `GET ${path}`);
    return watched.page;
  }

  /** A 6-digit code the server will refuse: not the code for now, nor for a step either side. */
  function aWrongCode(key: string) {
    const step = totpStep(new Date());
    const valid = [step - 1, step, step + 1, step + 2].map((s) => totpCode(key, s));
    return ['111111', '222222', '333333', '444444', '555555'].find((code) => !valid.includes(code))!;
  }

  const autocompleteOf = (page: Page, label: string) => page.getByLabel(label, { exact: true }).getAttribute('autocomplete');

  async function assertErrorPage(page: Page, title: RegExp, what: string) {
    assert.match(await page.title(), title);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await assertNoAxeViolations(page, what);
  }

  // Runs first, while the database is still empty: "/" offers to create the first administrator only then.
  it('the first-administrator page, and the page again with errors', async () => {
    const page = await open('/');
    assert.match(await page.title(), /^Set up your innovation site/);
    assert.equal(
      await autocompleteOf(page, 'Create a password'),
      'new-password',
      'a password manager can offer to make and save a password',
    );
    assert.equal(await autocompleteOf(page, 'Full name'), 'name');
    assert.ok(
      ['email', 'username'].includes((await autocompleteOf(page, 'Email address')) ?? ''),
      'the email address field says what it is for (WCAG 1.3.5)',
    );
    await assertNoAxeViolations(page, 'the first-administrator page');

    assert.equal(await submitForm(page, 'Create administrator'), 422);
    await assertErrorPage(page, /^Error: Set up your innovation site/, 'the first-administrator page with errors');
    assert.match(
      await page.locator('.govuk-error-summary').innerText(),
      /Enter your full name[\s\S]*Enter an email address[\s\S]*Enter a password/,
    );
    assert.equal(await countUsers(shared.t.database.db), 0, 'no account is made');
    assertCleanConsole(watched!);
  });

  it('the sign-in page, and the page again with errors after a wrong password', async () => {
    const user = await aUser(shared.t.database.db, { role: 'practitioner' });
    const page = await open('/sign-in');
    assert.match(await page.title(), /^Sign in/);
    assert.deepEqual(
      [await autocompleteOf(page, 'Email address'), await autocompleteOf(page, 'Password')],
      ['username', 'current-password'],
    );
    await assertNoAxeViolations(page, 'the sign-in page');

    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(`${TEST_PASSWORD} but wrong`);
    assert.equal(await submitForm(page, 'Sign in'), 422);
    await assertErrorPage(page, /^Error: Sign in/, 'the sign-in page with errors');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct email address and password/);
    assert.equal(await page.getByLabel('Email address').inputValue(), user.email, 'the email address is kept');
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not sent back');
    assertCleanConsole(watched!);
  });

  it('the second-step page, with the recovery code opened, and the page again after a wrong code', async () => {
    const administrator = await aUser(shared.t.database.db, { role: 'administrator' });
    const page = await open('/sign-in');
    await page.getByLabel('Email address').fill(administrator.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    assert.equal(await submitForm(page, 'Sign in'), 303);
    assert.equal(new URL(page.url()).pathname, '/sign-in/second-step');
    assert.match(await page.title(), /^Enter the code from your authenticator app/);
    assert.equal(await autocompleteOf(page, 'Code'), 'one-time-code');
    assert.equal(await page.getByLabel('Code', { exact: true }).getAttribute('inputmode'), 'numeric');
    await assertNoAxeViolations(page, 'the second-step page');
    await page.getByText('I cannot use my authenticator app').click();
    await page.getByLabel('Recovery code').waitFor();
    await assertNoAxeViolations(page, 'the second-step page with the recovery code opened');

    await page.getByLabel('Code', { exact: true }).fill(aWrongCode(TEST_TOTP_SECRET));
    assert.equal(await submitForm(page, 'Continue'), 422);
    await assertErrorPage(page, /^Error: Enter the code from your authenticator app/, 'the second-step page with errors');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /The code is wrong/);

    await page.getByText('I cannot use my authenticator app').click();
    await page.getByLabel('Recovery code').fill('not-a-recovery-code');
    assert.equal(await submitForm(page, 'Continue'), 422);
    await assertErrorPage(page, /^Error: Enter the code from your authenticator app/, 'the second-step page with a wrong recovery code');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /That recovery code is wrong/);
    assert.ok(await page.getByLabel('Recovery code').isVisible(), 'the recovery code in error is shown, not folded away in the details');

    await page.getByLabel('Recovery code').fill('');
    await page.getByLabel('Code', { exact: true }).fill(currentTotp());
    assert.equal(await submitForm(page, 'Continue'), 303);
    assert.equal(new URL(page.url()).pathname, '/sites', 'signed in, on the home page');
    assertCleanConsole(watched!);
  });

  it('the two-step set-up page, the page again with a wrong code, and the recovery codes page', async () => {
    const practitioner = await signedIn(shared.t.app, shared.t.database.db, 'practitioner');
    const page = await open('/account/two-step', { session: practitioner.token });
    assert.match(await page.title(), /^Set up two-step sign-in/);
    const qr = page.locator('img.app-qr');
    assert.match((await qr.getAttribute('alt')) ?? '', /^QR code .*\S/, 'the QR code says what it is');
    const { key } = await authenticatorCode(page);
    const sealed = (await findUser(shared.t.database.db, practitioner.user!.id))!.totpSecret!;
    assert.match(sealed, /^v1\./, 'stored encrypted');
    assert.equal(
      openSecret(secretKeyOf({ env: 'test', appSecret: undefined, dataDir: '' }), sealed),
      key,
      'the key shown is the account’s secret',
    );
    assert.equal(await autocompleteOf(page, 'Code'), 'one-time-code');
    await assertNoAxeViolations(page, 'the two-step set-up page');

    await page.getByLabel('Code').fill(aWrongCode(key));
    assert.equal(await submitForm(page, 'Turn on two-step sign-in'), 422);
    await assertErrorPage(page, /^Error: Set up two-step sign-in/, 'the two-step set-up page with errors');
    assert.equal((await authenticatorCode(page)).key, key, 'the same key, so the app need not be set up again');

    await page.getByLabel('Code').fill((await authenticatorCode(page)).code);
    assert.equal(await submitForm(page, 'Turn on two-step sign-in'), 200);
    assert.match(await page.title(), /^Save your recovery codes/);
    assert.equal(await page.locator('.app-recovery-codes li code').count(), 10);
    await assertNoAxeViolations(page, 'the recovery codes page');
    assertCleanConsole(watched!);
  });

  it('the account page', async () => {
    const administrator = await signedIn(shared.t.app, shared.t.database.db, 'administrator');
    const page = await open('/account', { session: administrator.token });
    assert.match(await page.title(), /^Your account/);
    const details = await page.locator('.govuk-summary-list').innerText();
    assert.ok(details.includes(administrator.user!.email), details);
    assert.match(details, /Role\s+Administrator[\s\S]*Two-step sign-in\s+On \(\d+ recovery codes left\)/);
    await assertNoAxeViolations(page, 'the account page');
    assertCleanConsole(watched!);
  });

  it('the page that says a role may not see a page (403)', async () => {
    const practitioner = await signedIn(shared.t.app, shared.t.database.db, 'practitioner');
    const page = await open('/sites/new', { session: practitioner.token, status: 403 });
    assert.equal(await page.locator('h1').innerText(), 'You do not have access to this page');
    await assertNoAxeViolations(page, 'the 403 page');
    assertCleanConsole(watched!);
  });

  it('the co-production page, for an expert by experience', async () => {
    const expert = await signedIn(shared.t.app, shared.t.database.db, 'expert_by_experience');
    const page = await open('/co-production', { session: expert.token });
    assert.match(await page.title(), /^Your co-production group/);
    assert.equal(await page.getByRole('link', { name: 'Your group' }).getAttribute('aria-current'), 'page');
    await assertNoAxeViolations(page, 'the co-production page');
    assertCleanConsole(watched!);
  });
});
