import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  assertCleanConsole,
  authenticatorCode,
  launchBrowser,
  newPage,
  scriptsStarted,
  serve,
  submitForm,
  type Served,
} from '../helpers/browser.js';
import { totpCode, totpStep } from '../../server/accounts/totp.js';
import { findUserByEmail } from '../../server/accounts/queries.js';
import { sessions } from '../../server/db/schema.js';

const EMAIL = 'ada.lovelace@example.org';
const PASSWORD = 'copper kettle under the stairs';

describe('setting up the service and signing in, in a browser', () => {
  let browser: Browser | undefined;

  before(async function () {
    browser = await launchBrowser(this);
  });
  after(async () => browser?.close());

  const pathOf = (page: Page) => new URL(page.url()).pathname;

  for (const javaScript of [false, true]) {
    describe(javaScript ? 'with JavaScript' : 'without JavaScript', () => {
      // Each run needs an empty database: only then does "/" offer to create the first administrator.
      let t: TestApp | undefined;
      let server: Served | undefined;
      let watched: Awaited<ReturnType<typeof newPage>> | undefined;

      before(async () => {
        t = await createTestApp();
        server = await serve(t.app);
        t.app.locals.publicUrl = server.url;
      });
      after(async () => {
        await watched?.context.close();
        await server?.close();
        await t?.close();
      });

      it('creates the first administrator, sets up two-step sign-in, signs out, and signs in again with a password and a code', async () => {
        watched = await newPage(browser!, server!.url, { javaScript });
        const { page } = watched;
        await page.goto('/');
        if (javaScript) assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });
        assert.match(await page.title(), /^Set up your innovation site/);
        await page.getByLabel('Full name').fill('Ada Lovelace');
        await page.getByLabel('Email address').fill(EMAIL);
        await page.getByLabel('Create a password').fill(PASSWORD);
        assert.equal(await submitForm(page, 'Create administrator'), 303);

        assert.equal(pathOf(page), '/account/two-step', 'signed in, and sent to set up two-step sign-in');
        const { key, code } = await authenticatorCode(page);
        await page.getByLabel('Code').fill(code);
        assert.equal(await submitForm(page, 'Turn on two-step sign-in'), 200);
        assert.match(await page.title(), /^Save your recovery codes/);
        assert.equal(await page.locator('.govuk-panel__title').innerText(), 'Two-step sign-in is on');
        const codes = await page.locator('.app-recovery-codes li code').allInnerTexts();
        assert.equal(new Set(codes).size, 10, `10 different recovery codes: ${codes.join(', ')}`);

        const navigation = page.getByRole('navigation', { name: 'Menu' });
        assert.equal(await submitForm(page, navigation.getByRole('button', { name: 'Sign out' })), 303);
        assert.equal(pathOf(page), '/sign-in');
        assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /You have signed out/);
        assert.equal(await navigation.getByRole('button', { name: 'Sign out' }).count(), 0, 'the navigation no longer offers to sign out');
        const administrator = (await findUserByEmail(t!.database.db, EMAIL))!;
        const live = await t!.database.db.select().from(sessions).where(eq(sessions.userId, administrator.id));
        assert.equal(live.length, 0, 'signing out ends the session on the server');

        await page.getByLabel('Email address').fill(EMAIL);
        await page.getByLabel('Password').fill(PASSWORD);
        assert.equal(await submitForm(page, 'Sign in'), 303);
        assert.equal(pathOf(page), '/sign-in/second-step');
        // A code works only once, and setting up used the one the app shows now: the app's next code is the one to type.
        await page.getByLabel('Code', { exact: true }).fill(totpCode(key, totpStep(new Date()) + 1));
        assert.equal(await submitForm(page, 'Continue'), 303);

        assert.equal(pathOf(page), '/sites', 'an administrator’s home page');
        assert.equal(await page.locator('h1').innerText(), 'Sites');
        assert.equal(await navigation.getByRole('button', { name: 'Sign out' }).count(), 1, 'signed in');
        if (javaScript) assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });
        assertCleanConsole(watched);
      });
    });
  }
});
