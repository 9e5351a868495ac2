import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Express } from 'express';
import { createTestApp, type TestApp } from './app.js';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { base32Decode, totpCode, totpStep } from '../../server/accounts/totp.js';

export const CHROMIUM = '/usr/bin/chromium';
const SKIPPED = `Browser tests skipped: Chromium not found at ${CHROMIUM} (install it with apt-get install chromium)`;

// The machine has no network: these flags stop Chromium trying to reach one.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let toldSkipped = false;

/**
 * Launches Debian's Chromium, for a `before` hook. Without it the file's tests are skipped,
 * except on CI, where a missing browser must fail the run rather than pass it quietly.
 */
export async function launchBrowser(context: Mocha.Context): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI)
      throw new Error(`Browser tests cannot run on CI: Chromium not found at ${CHROMIUM}. Install it with apt-get install chromium`);
    if (!toldSkipped) console.log(`  ${SKIPPED}`);
    toldSkipped = true;
    context.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port. */
export async function serve(app: Express): Promise<Served> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface WatchedPage {
  page: Page;
  /** Console errors that report a Content Security Policy violation, as the browser wrote them. */
  cspErrors: string[];
  /** Uncaught exceptions from the page's own scripts. */
  scriptErrors: string[];
}

/**
 * A fresh browser context and page. `session` is a session token (a Visitor's `.token`, from
 * test/helpers/accounts.ts): the page starts signed in, without going through the sign-in pages.
 */
export async function newPage(
  browser: Browser,
  baseURL: string,
  { javaScript = true, session }: { javaScript?: boolean; session?: string } = {},
): Promise<WatchedPage & { context: BrowserContext }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: javaScript });
  if (session) await context.addCookies([{ name: 'session', value: session, url: baseURL }]);
  const page = await context.newPage();
  const cspErrors: string[] = [];
  const scriptErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => scriptErrors.push(`${page.url()}: ${error.message}`));
  return { context, page, cspErrors, scriptErrors };
}

/**
 * Presses a form's button (a Locator, or the name of the page's only button of that name) and,
 * once the next page has loaded, answers the status of the POST itself: 303 for a redirect,
 * not the status of the page it led to.
 */
export async function submitForm(page: Page, button: string | Locator): Promise<number> {
  const loaded = page.waitForEvent('load');
  const pressed = typeof button === 'string' ? page.getByRole('button', { name: button, exact: true }) : button;
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), pressed.click()]);
  await loaded;
  return response.status();
}

/** Fails when the browser reported a Content Security Policy violation or a script error. */
export function assertCleanConsole({ cspErrors, scriptErrors }: Pick<WatchedPage, 'cspErrors' | 'scriptErrors'>): void {
  assert.deepEqual(cspErrors, [], `Content Security Policy violations:\n${cspErrors.join('\n')}`);
  assert.deepEqual(scriptErrors, [], `Script errors:\n${scriptErrors.join('\n')}`);
}

/** True once htmx and GOV.UK Frontend have both loaded and started. */
export async function scriptsStarted(page: Page): Promise<{ govukFrontend: boolean; htmx: boolean }> {
  await page.waitForFunction(() => document.readyState === 'complete');
  return page.evaluate(() => ({
    govukFrontend: document.body.classList.contains('govuk-frontend-supported'),
    htmx: typeof (window as unknown as { htmx?: unknown }).htmx === 'object',
  }));
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeResults {
  testEngine: { name: string };
  passes: unknown[];
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}

/**
 * Runs axe-core on the page as it is now and fails on any WCAG 2.2 AA violation. The script
 * goes in through the DevTools protocol, which the page's Content Security Policy does not
 * govern, so the policy stays on for the page being checked.
 */
export async function assertNoAxeViolations(page: Page, what: string): Promise<void> {
  await page.evaluate(axeSource);
  const results = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    WCAG_TAGS,
  )) as AxeResults;
  assert.equal(results.testEngine.name, 'axe-core', `axe did not run on ${what}`);
  assert.ok(results.passes.length > 0, `axe checked nothing on ${what}`);
  const report = results.violations
    .map(
      (violation) =>
        `- ${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes.map((node) => `    ${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`.replace(/\n/g, ' ')).join('\n')}`,
    )
    .join('\n');
  assert.equal(results.violations.length, 0, `axe found accessibility problems on ${what} (${page.url()}):\n${report}`);
}

/**
 * Reads the key off the two-step set-up page as a person would copy it into an authenticator
 * app, and answers the code the app would show. `stepsAhead: 1` is the app's next code: a code
 * works only once, and the server accepts one step either side of now for clock drift.
 */
export async function authenticatorCode(page: Page, { stepsAhead = 0 } = {}): Promise<{ key: string; code: string }> {
  const shown = (await page.locator('.app-key').innerText()).trim();
  assert.match(shown, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'the key is shown as text, grouped in fours');
  const key = shown.replace(/ /g, '');
  assert.equal(base32Decode(key).length, 20, 'the key holds 160 bits, as RFC 4226 recommends');
  return { key, code: totpCode(key, totpStep(new Date()) + stepsAhead) };
}

export interface BrowserApp {
  browser: Browser;
  t: TestApp;
  server: Served;
}

/**
 * One browser and one app (on a database of its own) for a whole describe block: started before
 * its tests and closed after them. Call it at the top of the block; read the fields in the tests.
 */
export function browserApp(options: { now?: string } = {}): BrowserApp {
  const shared = {} as BrowserApp;
  before(async function () {
    shared.browser = await launchBrowser(this);
    shared.t = await createTestApp(options);
    shared.server = await serve(shared.t.app);
    // PUBLIC_URL, as a deployment sets it: the links the app gives out open on the server under test.
    shared.t.app.locals.publicUrl = shared.server.url;
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
    await shared.t?.close();
  });
  return shared;
}
