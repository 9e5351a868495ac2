import assert from 'node:assert/strict';
import request from 'supertest';
import { and, eq, sql } from 'drizzle-orm';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { createSession } from '../../server/accounts/sessions.js';
import { actions, contacts, huddlePeople, huddles, type Site, type User } from '../../server/db/schema.js';
import {
  assertCleanConsole,
  assertNoAxeViolations,
  browserApp,
  newPage,
  scriptsStarted,
  submitForm,
  type WatchedPage,
} from '../helpers/browser.js';
import { aUser } from '../helpers/accounts.js';
import { aSite, formBody } from '../helpers/sites.js';

// A Wednesday. The pinned clock decides which day is "today" on the server; times the board shows
// (the huddle's start) are the database's real now(), and the browser's clock is real too.
const TODAY = '2026-06-10';
const YESTERDAY = '2026-06-09';
const NOW = `${TODAY}T08:00:00Z`;
/** GOV.UK Frontend's focus colour, #ffdd00, as computed styles give it. */
const FOCUS_YELLOW = 'rgb(255, 221, 0)';

describe('the daily huddle board in a browser', function () {
  const shared = browserApp({ now: NOW });
  let opened: BrowserContext[] = [];

  afterEach(async () => {
    await Promise.all(opened.map((context) => context.close()));
    opened = [];
  });

  interface Member {
    user: User;
    token: string;
    post(path: string, fields?: Record<string, string>): request.Test;
  }

  /** A practitioner on the site's team with a name of their own, signed in, able to post forms as a browser would. */
  async function member(site: Site, name: string): Promise<Member> {
    const { db } = shared.t.database;
    const user = await aUser(db, { role: 'practitioner', siteIds: [site.id], name });
    const { token, csrfToken } = await createSession(db, { userId: user.id });
    return {
      user,
      token,
      post: (path, fields = {}) =>
        request(shared.t.app)
          .post(path)
          .set({ Cookie: `session=${token}` })
          .type('form')
          .send(formBody({ _csrf: csrfToken, ...fields })),
    };
  }

  let sites = 0;
  async function aTeam() {
    sites += 1;
    const site = await aSite(shared.t.database.db, { name: `Northgate ${sites}` });
    const alex = await member(site, 'Alex Morgan');
    const sam = await member(site, 'Sam Okafor');
    return { site, alex, sam, base: `/sites/${site.id}/huddles/${TODAY}` };
  }

  async function open(session: string, path: string, { javaScript = true } = {}): Promise<WatchedPage & { context: BrowserContext }> {
    const watched = await newPage(shared.browser, shared.server.url, { javaScript, session });
    opened.push(watched.context);
    const response = await watched.page.goto(path);
    assert.equal(response?.status(), 200, `${path} opens`);
    if (javaScript) assert.deepEqual(await scriptsStarted(watched.page), { govukFrontend: true, htmx: true });
    return watched;
  }

  const contactFields = (leadWorker: Member, personRef: string) => ({
    personRef,
    'contact-day': '9',
    'contact-month': '6',
    'contact-year': '2026',
    leadWorkerId: String(leadWorker.user.id),
  });

  // ---- Keyboard helpers: nothing here clicks, and nothing types into an element focus has not reached.

  const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

  /** What has focus now, and whether it shows GOV.UK's yellow focus style. */
  function focusState(page: Page) {
    return page.evaluate((yellow) => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return { description: 'body', yellow: false, programmatic: false };
      const style = getComputedStyle(element);
      const looks = [style.outlineStyle !== 'none' ? style.outlineColor : '', style.backgroundColor, style.boxShadow, style.borderColor];
      // A radio or checkbox input is hidden under its label's drawn circle, which takes the focus ring.
      const label = (element as HTMLInputElement).labels?.[0];
      if (label && element.matches('input[type=radio], input[type=checkbox]')) {
        const before = getComputedStyle(label, '::before');
        looks.push(before.boxShadow, before.outlineColor);
      }
      const name = (element.getAttribute('aria-label') || element.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
      return {
        description: `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''} "${name}"`,
        yellow: looks.some((look) => look.includes(yellow)),
        // Focus put there by a script (a swapped-in section), which Tab itself never reaches.
        programmatic: element.getAttribute('tabindex') === '-1',
      };
    }, FOCUS_YELLOW);
  }

  /**
   * Presses Tab (or Shift+Tab) until `target` has focus, failing after `max` presses. Every stop on
   * the way must show the yellow focus style: a keyboard user has to see where they are.
   */
  async function tabTo(page: Page, target: Locator, { max = 150, backwards = false } = {}): Promise<void> {
    const unseen = new Set<string>();
    for (let presses = 0; presses <= max; presses += 1) {
      if (presses > 0) {
        const state = await focusState(page);
        if (!state.yellow && !state.programmatic && state.description !== 'body') unseen.add(state.description);
      }
      if (await isFocused(target)) {
        assert.deepEqual([...unseen], [], 'every element reached by Tab shows where focus is');
        await assertFocusVisible(page);
        return;
      }
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    assert.fail(
      `${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'} did not reach ${String(target)}; focus is on ${(await focusState(page)).description}`,
    );
  }

  async function assertFocusVisible(page: Page): Promise<void> {
    const state = await focusState(page);
    assert.ok(state.yellow, `the focused element shows the yellow focus style: ${state.description}`);
  }

  /** Types into the focused text field, replacing what it held. */
  async function typeHere(page: Page, text: string): Promise<void> {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }

  /** Chooses an option of the focused select with the arrow keys, as a keyboard user does. */
  async function chooseHere(page: Page, optionText: string): Promise<void> {
    for (let presses = 0; presses < 20; presses += 1) {
      const chosen = await page.evaluate(() => {
        const select = document.activeElement as HTMLSelectElement;
        return select.tagName === 'SELECT' ? select.selectedOptions[0]?.text : undefined;
      });
      assert.ok(chosen !== undefined, 'a select has focus');
      if (chosen === optionText) return;
      await page.keyboard.press('ArrowDown');
    }
    assert.fail(`ArrowDown did not reach "${optionText}"`);
  }

  /** Presses a key that sends a form with htmx, and answers the status of that request. */
  async function pressAndSwap(page: Page, key: string, path: RegExp): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && path.test(new URL(r.url()).pathname)),
      page.keyboard.press(key),
    ]);
    await response.finished();
    return response.status();
  }

  /** After a swap, focus is somewhere in the section that changed: not lost to <body>, not thrown to the top of the page. */
  async function assertFocusIn(page: Page, section: string): Promise<void> {
    await page
      .waitForFunction((id) => document.getElementById(id)?.contains(document.activeElement) ?? false, section, { timeout: 2000 })
      .catch(async () => {
        assert.fail(`focus should be in #${section} after the swap, but it is on ${(await focusState(page)).description}`);
      });
  }

  async function pressAndLoad(page: Page, key: string): Promise<void> {
    await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
  }

  describe('running a huddle with a keyboard only', () => {
    it('opens today’s board, starts, works through the agenda and closes, focus always visible and kept', async () => {
      const { site, alex, sam, base } = await aTeam();
      await sam
        .post(`/sites/${site.id}/huddles/${YESTERDAY}/actions`, {
          description: 'Ask housing about the Tuesday drop-in',
          ownerId: String(alex.user.id),
          'due-day': '12',
          'due-month': '6',
          'due-year': '2026',
        })
        .expect(303);
      const watched = await open(alex.token, `/sites/${site.id}/huddles`);
      const { page } = watched;
      const board = page.locator('#board');

      await tabTo(page, page.getByRole('link', { name: 'Open the huddle for Wednesday 10 June 2026' }));
      await pressAndLoad(page, 'Enter');
      assert.equal(new URL(page.url()).pathname, base);
      assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });

      // Start: a plain form, so the page reloads at the board.
      await tabTo(page, page.getByRole('button', { name: 'Start the huddle' }));
      await pressAndLoad(page, 'Enter');
      assert.match(await board.locator('.app-board__times').innerText(), /^Started at \d\d:\d\d by Alex Morgan$/);
      await page.waitForFunction(() => / left$/.test(document.querySelector('[data-huddle-timer]')?.textContent ?? ''));

      // 1. The open action from yesterday: Done.
      const done = page.getByRole('button', { name: /^Done ?: Ask housing about the Tuesday drop-in$/ });
      await tabTo(page, done);
      assert.equal(await pressAndSwap(page, 'Space', /\/review$/), 200);
      await page.locator('#section-open-actions .govuk-tag--green', { hasText: 'Done' }).waitFor();
      await assertFocusIn(page, 'section-open-actions');

      // 2. Who's here: Alex is here, and a guest by role.
      await tabTo(page, page.getByRole('button', { name: /^Mark here ?: Alex Morgan$/ }));
      assert.equal(await pressAndSwap(page, 'Enter', /\/attendance$/), 200);
      await page.locator('#section-attendance', { hasText: '1 of 2 in the team' }).waitFor();
      await assertFocusIn(page, 'section-attendance');
      await tabTo(page, page.locator('#guest-role'));
      await typeHere(page, 'Hospital discharge nurse');
      assert.equal(await pressAndSwap(page, 'Enter', /\/guests$/), 200, 'Enter in the field sends its form');
      await page.locator('#section-attendance', { hasText: '1 of 2 in the team, and 1 guest' }).waitFor();
      assert.match(await page.locator('#section-attendance').innerText(), /Hospital discharge nurse/);
      await assertFocusIn(page, 'section-attendance');

      // 3. A new contact: reference, contact date, lead worker.
      await tabTo(page, page.locator('#contact-personRef'));
      await typeHere(page, 'HX-0417');
      await page.keyboard.press('Tab');
      assert.ok(await isFocused(page.locator('#contact-contact-day')), 'Tab goes on to the contact date');
      await assertFocusVisible(page);
      await typeHere(page, '9');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.ok(await isFocused(page.locator('#contact-leadWorkerId')), 'then to the lead worker');
      await assertFocusVisible(page);
      await chooseHere(page, 'Sam Okafor');
      await tabTo(page, page.getByRole('button', { name: 'Add contact' }));
      assert.equal(await pressAndSwap(page, 'Enter', /\/contacts$/), 200);
      const contactRow = page.locator('#section-contacts .app-board__item', { hasText: 'HX-0417' });
      await contactRow.waitFor();
      assert.match(await contactRow.innerText(), /Contacted 9 Jun 2026 · first conversation with Sam Okafor/);
      await assertFocusIn(page, 'section-contacts');

      // 4. Someone to talk about: conversation 2, safeguarding.
      await tabTo(page, page.locator('#person-personRef'));
      await typeHere(page, 'HX-0417');
      await page.keyboard.press('Tab');
      // No radio is chosen beforehand: Tab reaches the first conversation, and the arrow key chooses 2.
      assert.ok(await isFocused(page.locator('#person-conversation')), 'Tab reaches the conversation radios, none chosen');
      assert.equal(await page.locator('input[name="conversation"]:checked').count(), 0, 'no conversation is chosen for the person');
      await page.keyboard.press('ArrowRight');
      assert.ok(await isFocused(page.locator('#person-conversation-2')));
      await assertFocusVisible(page);
      assert.ok(await page.locator('#person-conversation-2').isChecked(), 'the arrow key chooses conversation 2');
      await page.keyboard.press('Tab');
      assert.ok(await isFocused(page.locator('#person-leadWorkerId')));
      await chooseHere(page, 'Alex Morgan');
      await tabTo(page, page.locator('#person-note'));
      await typeHere(page, 'Carer in hospital since Monday; needs a plan for tonight');
      await page.keyboard.press('Tab');
      assert.ok(await isFocused(page.locator('#person-flag')), 'then the flag radios, none chosen');
      assert.equal(await page.locator('input[name="flag"]:checked').count(), 0);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.ok(await isFocused(page.locator('#person-flag-3')));
      assert.ok(await page.locator('#person-flag-3').isChecked(), 'the arrow keys choose Safeguarding');
      await assertFocusVisible(page);
      await tabTo(page, page.getByRole('button', { name: 'Add person' }));
      assert.equal(await pressAndSwap(page, 'Enter', /\/people$/), 200);
      const personRow = page.locator('#section-people .app-board__item', { hasText: 'HX-0417' });
      await personRow.waitFor();
      assert.match(
        await personRow.innerText(),
        /Conversation 2[\s\S]*Safeguarding[\s\S]*Lead worker Alex Morgan · 1 day since contact[\s\S]*Carer in hospital since Monday/,
      );
      await assertFocusIn(page, 'section-people');

      // 5. What is getting in the way.
      await tabTo(page, page.locator('#item-title'));
      await typeHere(page, 'Panel wants a full assessment first');
      await page.keyboard.press('Tab');
      await chooseHere(page, 'Process');
      await page.keyboard.press('Tab');
      await chooseHere(page, 'Sam Okafor');
      await tabTo(page, page.getByRole('button', { name: 'Raise it' }));
      assert.equal(await pressAndSwap(page, 'Enter', /\/getting-in-the-way$/), 200);
      const itemRow = page.locator('#section-getting-in-the-way .app-board__item', { hasText: 'Panel wants a full assessment first' });
      await itemRow.waitFor();
      assert.match(await itemRow.innerText(), /Process · owner Sam Okafor/);
      await assertFocusIn(page, 'section-getting-in-the-way');

      // 6. An action agreed (the due date is already a week ahead).
      await tabTo(page, page.locator('#action-description'));
      await typeHere(page, 'Ask the panel chair about a shorter form');
      await page.keyboard.press('Tab');
      await chooseHere(page, 'Alex Morgan');
      await tabTo(page, page.getByRole('button', { name: 'Add action' }));
      assert.equal(await pressAndSwap(page, 'Space', /\/actions$/), 200);
      const actionRow = page.locator('#section-agreed-actions .app-board__item', { hasText: 'Ask the panel chair about a shorter form' });
      await actionRow.waitFor();
      assert.match(await actionRow.innerText(), /Alex Morgan · due 17 Jun 2026/);
      await assertFocusIn(page, 'section-agreed-actions');

      // Close: back up the page to the button by the timer.
      await tabTo(page, page.getByRole('button', { name: 'Close the huddle' }), { backwards: true, max: 250 });
      await pressAndLoad(page, 'Enter');
      // Closing asks first, on a page of its own; its button is the first thing after the heading's text.
      assert.match(await page.locator('h1').innerText(), /^Close the huddle for \w+ \d+ \w+ \d{4}\?$/);
      await tabTo(page, page.getByRole('button', { name: 'Close the huddle' }));
      await pressAndLoad(page, 'Enter');
      assert.match(await board.locator('.app-board__times').innerText(), /^Started at \d\d:\d\d, closed at \d\d:\d\d: \d+ minutes?$/);
      assert.match(await page.locator('.govuk-inset-text').innerText(), /This huddle has closed/);
      assert.equal(await page.locator('[data-huddle-timer]').count(), 0, 'the timer stops with the huddle');

      // Everything is on the board after a reload, and stored.
      await page.reload();
      const text = await board.innerText();
      for (const expected of [
        'Done',
        'Hospital discharge nurse',
        'HX-0417',
        'Safeguarding',
        'Panel wants a full assessment first',
        'Ask the panel chair about a shorter form',
      ])
        assert.ok(text.includes(expected), `the board shows ${expected}`);
      const { db } = shared.t.database;
      const [huddle] = await db
        .select()
        .from(huddles)
        .where(and(eq(huddles.siteId, site.id), eq(huddles.date, TODAY)));
      assert.ok(huddle.startedAt && huddle.closedAt, 'the start and close are recorded');
      const [reviewed] = await db.select().from(actions).where(eq(actions.description, 'Ask housing about the Tuesday drop-in'));
      assert.equal(reviewed.status, 'done');
      const [contact] = await db.select().from(contacts).where(eq(contacts.siteId, site.id));
      assert.deepEqual(
        { ref: contact.personRef, date: contact.contactDate, lead: contact.leadWorkerId },
        { ref: 'HX-0417', date: YESTERDAY, lead: sam.user.id },
      );
      const [person] = await db.select().from(huddlePeople).where(eq(huddlePeople.siteId, site.id));
      assert.deepEqual({ conversation: person.conversation, flag: person.flag }, { conversation: 2, flag: 'safeguarding' });
      assertCleanConsole(watched);
    });

    it('adds a contact with a plain form post without JavaScript', async () => {
      const { site, alex, base } = await aTeam();
      const { page } = await open(alex.token, base, { javaScript: false });
      await page.locator('#contact-personRef').fill('MOS 99812');
      await page.locator('#contact-leadWorkerId').selectOption({ label: 'Sam Okafor' });
      assert.equal(await submitForm(page, 'Add contact'), 303);
      assert.equal(new URL(page.url()).pathname, base);
      assert.equal(new URL(page.url()).hash, '#section-contacts');
      assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /New contact added/);
      assert.match(
        await page.locator('#section-contacts').innerText(),
        /MOS 99812\s+Contacted 10 Jun 2026 · first conversation with Sam Okafor/,
      );
      const [contact] = await shared.t.database.db.select().from(contacts).where(eq(contacts.siteId, site.id));
      assert.equal(contact.personRef, 'MOS 99812');
    });
  });

  describe('a refused contact with htmx', () => {
    it('shows the error summary in the section with focus on it, says Error in the title and keeps what was typed', async () => {
      const { site, alex, base } = await aTeam();
      const watched = await open(alex.token, base);
      const { page } = watched;
      await page.locator('#contact-personRef').fill('Mrs Jones');
      await page.locator('#contact-leadWorkerId').selectOption({ label: 'Alex Morgan' });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Add contact' }).click(),
      ]);
      assert.equal(response.status(), 422);
      const summary = page.locator('#section-contacts .govuk-error-summary');
      await summary.waitFor();
      assert.match(await summary.innerText(), /There is a problem[\s\S]*looks like a name/);
      await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary') ?? false);
      assert.equal(
        await page.evaluate(() => document.activeElement?.closest('section')?.id),
        'section-contacts',
        'focus is on the section’s error summary',
      );
      assert.match(await page.title(), /^Error: Huddle, Wednesday 10 June 2026 – Northgate/);
      assert.equal(await page.locator('#contact-personRef').inputValue(), 'Mrs Jones', 'what was typed is kept');
      assert.equal(await page.locator('#contact-leadWorkerId option:checked').innerText(), 'Alex Morgan');
      assert.equal(new URL(page.url()).pathname, base, 'still on the board, not a new page');
      assert.equal((await shared.t.database.db.select().from(contacts).where(eq(contacts.siteId, site.id))).length, 0, 'nothing is saved');

      // The error summary's link takes focus to the field.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'contact-personRef');
      await assertNoAxeViolations(page, 'the board with a refused contact');
      assertCleanConsole(watched);
    });
  });

  describe('live updates between two people’s boards', () => {
    it('shows a change within 5 seconds without a reload, and holds changes back while someone is typing', async () => {
      const { alex, sam, base } = await aTeam();
      const a = await open(alex.token, base);
      const b = await open(sam.token, base);
      const display = await open(alex.token, `${base}?view=board`);
      for (const { page } of [a, display]) await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
      const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

      // B adds a contact; A's board and the shared screen show it.
      await b.page.locator('#contact-personRef').fill('LIVE-1');
      await b.page.locator('#contact-leadWorkerId').selectOption({ label: 'Sam Okafor' });
      await b.page.getByRole('button', { name: 'Add contact' }).click();
      await b.page.locator('#section-contacts .app-board__item', { hasText: 'LIVE-1' }).waitFor();
      await Promise.all(
        [a.page, display.page].map((page) =>
          page.waitForSelector('#section-contacts .app-board__item:has-text("LIVE-1")', { timeout: 5000 }),
        ),
      );
      assert.ok(await notReloaded(a.page), 'A’s page was not reloaded');
      assert.ok(await notReloaded(display.page), 'the shared screen was not reloaded');
      assert.equal(await a.page.locator('#board-live-status').innerText(), 'The board has been updated.');

      // A starts typing a note; B adds another contact. A's typing is kept and the change waits.
      const note = 'Daughter is worried about the stairs';
      const aNote = a.page.locator('#person-note');
      await aNote.focus();
      await a.page.keyboard.type(note);
      await b.page.locator('#contact-personRef').fill('LIVE-2');
      await b.page.locator('#contact-leadWorkerId').selectOption({ label: 'Sam Okafor' });
      await b.page.getByRole('button', { name: 'Add contact' }).click();
      await b.page.locator('#section-contacts .app-board__item', { hasText: 'LIVE-2' }).waitFor();
      const changedAt = Date.now();
      await display.page.waitForSelector('#section-contacts .app-board__item:has-text("LIVE-2")', { timeout: 5000 });
      await a.page.waitForSelector('#board.app-board--changes-waiting', { timeout: 5000 });
      assert.match(
        await a.page.locator('#board-live-status').innerText(),
        /The board has changed\. The changes will appear when you finish what you are doing\./,
      );
      // Nothing arrives to wait for here: the point is that nothing happens, so wait out the 5 seconds.
      await a.page.waitForTimeout(Math.max(0, 5000 - (Date.now() - changedAt)));
      assert.equal(await aNote.inputValue(), note, 'what A typed is still there');
      assert.ok(await isFocused(aNote), 'and A is still in the field');
      assert.equal(await a.page.locator('#section-contacts .app-board__item', { hasText: 'LIVE-2' }).count(), 0, 'B’s change waits');

      // A clears the note and moves on to a button: the change arrives, focus stays where A is.
      await a.page.keyboard.press('Control+A');
      await a.page.keyboard.press('Delete');
      const addPerson = a.page.getByRole('button', { name: 'Add person' });
      await addPerson.focus();
      await a.page.waitForSelector('#section-contacts .app-board__item:has-text("LIVE-2")', { timeout: 5000 });
      assert.equal(await a.page.locator('#board.app-board--changes-waiting').count(), 0);
      assert.ok(await notReloaded(a.page));
      assert.ok(await isFocused(addPerson), 'focus stays on the button A was on when the board was brought up to date');
      for (const watched of [a, b, display]) assertCleanConsole(watched);
    });

    it('keeps a form shown again with its errors while others’ changes wait', async () => {
      const { alex, sam, base } = await aTeam();
      const a = await open(alex.token, base);
      await a.page.locator('#person-personRef').fill('John Smith');
      await a.page.locator('#person-note').fill('Needs a key safe fitted');
      const [response] = await Promise.all([
        a.page.waitForResponse((r) => r.request().method() === 'POST'),
        a.page.getByRole('button', { name: 'Add person' }).click(),
      ]);
      assert.equal(response.status(), 422);
      await a.page.locator('#section-people .govuk-error-summary').waitFor();

      await sam.post(`${base}/contacts`, contactFields(sam, 'LIVE-3')).expect(303);
      const changedAt = Date.now();
      await a.page.waitForSelector('#board.app-board--changes-waiting', { timeout: 5000 });
      await a.page.waitForTimeout(Math.max(0, 5000 - (Date.now() - changedAt)));
      assert.equal(await a.page.locator('#person-personRef').inputValue(), 'John Smith', 'the refused answers are still there to correct');
      assert.equal(await a.page.locator('#person-note').inputValue(), 'Needs a key safe fitted');
      assert.equal(await a.page.locator('#section-people .govuk-error-summary').count(), 1);

      // Corrected and saved: the waiting change comes in with it.
      await a.page.locator('#person-personRef').fill('HX-0999');
      await a.page.locator('#person-leadWorkerId').selectOption({ label: 'Sam Okafor' });
      await a.page.locator('#person-conversation-2').check();
      await a.page.locator('#person-flag').check();
      await a.page.getByRole('button', { name: 'Add person' }).click();
      await a.page.locator('#section-people .app-board__item', { hasText: 'HX-0999' }).waitFor();
      await a.page.waitForSelector('#section-contacts .app-board__item:has-text("LIVE-3")', { timeout: 5000 });
      assertCleanConsole(a);
    });
  });

  describe('the 15-minute timer', () => {
    it('counts down from the recorded start, on the board and the shared screen, and shows time over', async () => {
      const { site, alex, base } = await aTeam();
      await alex.post(`${base}/start`).expect(303);
      for (const path of [base, `${base}?view=board`]) {
        const watched = await open(alex.token, path);
        const timer = watched.page.locator('[data-huddle-timer]');
        // The start is the database's real time and the browser's clock is real: the pinned
        // server clock only chooses the day, so a just-started huddle has just under 15 minutes.
        await watched.page.waitForFunction(() =>
          /^1[45]:\d\d left$/.test(document.querySelector('[data-huddle-timer]')?.textContent ?? ''),
        );
        const first = await timer.innerText();
        assert.match(first, /^(14:[45]\d|15:00) left$/);
        assert.match((await timer.getAttribute('aria-label')) ?? '', /^15 minutes left$/);
        await watched.page.waitForFunction((was) => document.querySelector('[data-huddle-timer]')?.textContent !== was, first, {
          timeout: 3000,
        });
        assert.match(await timer.innerText(), /^14:[45]\d left$/, 'it counts down');
        assertCleanConsole(watched);
      }

      // Moved back directly in the database: its triggers move the board's revision, so no rendered copy is kept.
      await shared.t.database.db.transaction(async (tx) => {
        await tx
          .update(huddles)
          .set({ startedAt: sql`now() - interval '16 minutes'` })
          .where(eq(huddles.siteId, site.id));
      });
      const late = await open(alex.token, base);
      const timer = late.page.locator('[data-huddle-timer]');
      await late.page.waitForFunction(() => / over time$/.test(document.querySelector('[data-huddle-timer]')?.textContent ?? ''));
      assert.match(await timer.innerText(), /^1:0\d over time$/);
      assert.match((await timer.getAttribute('class')) ?? '', /app-timer--over/);
      assert.match((await timer.getAttribute('aria-label')) ?? '', /^[12] minutes? over time$/);
      assertCleanConsole(late);
    });
  });

  describe('the idle warning', () => {
    it('is readable on the board and on the shared screen: dark text on white, or white on black', async () => {
      const { alex, base } = await aTeam();
      for (const path of [base, `${base}?view=board`]) {
        const watched = await newPage(shared.browser, shared.server.url, { session: alex.token });
        opened.push(watched.context);
        // The browser's clock runs on 26 minutes: the warning comes 5 minutes before the 30.
        await watched.page.clock.install();
        assert.equal((await watched.page.goto(path))?.status(), 200);
        await watched.page.clock.fastForward('26:00');
        const dialog = watched.page.locator('dialog.app-timeout-warning');
        await dialog.waitFor({ state: 'visible', timeout: 5000 });
        const colours = await dialog.evaluate((element) => ({
          box: getComputedStyle(element).backgroundColor,
          heading: getComputedStyle(element.querySelector('h2')!).color,
          text: getComputedStyle(element.querySelector('p')!).color,
        }));
        assert.notEqual(colours.heading, colours.box, `${path}: the heading shows against the box`);
        assert.notEqual(colours.text, colours.box, `${path}: the text shows against the box`);
        await watched.page.screenshot({ path: `/tmp/idle-warning-${path.includes('view=board') ? 'shared-screen' : 'board'}.png` });
        await assertNoAxeViolations(watched.page, `the idle warning on ${path}`);
        assertCleanConsole(watched);
      }
    });
  });

  describe('accessibility', () => {
    it('has no axe violations, CSP violations or script errors on the board, the shared screen, the contact edit page and the list', async () => {
      const { site, alex, sam, base } = await aTeam();
      await sam
        .post(`/sites/${site.id}/huddles/${YESTERDAY}/actions`, {
          description: 'Ring the equipment service about the hoist',
          ownerId: String(alex.user.id),
          'due-day': '12',
          'due-month': '6',
          'due-year': '2026',
        })
        .expect(303);
      await sam.post(`/sites/${site.id}/huddles/${YESTERDAY}/start`).expect(303);
      await sam.post(`/sites/${site.id}/huddles/${YESTERDAY}/close`).expect(303);
      await alex.post(`${base}/start`).expect(303);
      await alex.post(`${base}/attendance`, { userId: String(alex.user.id), present: 'yes' }).expect(303);
      await alex.post(`${base}/guests`, { role: 'Housing officer' }).expect(303);
      await alex.post(`${base}/contacts`, contactFields(sam, 'HX-0417')).expect(303);
      await alex
        .post(`${base}/people`, {
          personRef: 'HX-0417',
          conversation: '2',
          leadWorkerId: String(sam.user.id),
          note: 'Carer in hospital',
          flag: 'safeguarding',
        })
        .expect(303);
      await alex
        .post(`${base}/people`, { personRef: 'HX-0420', conversation: '3', leadWorkerId: String(alex.user.id), note: '', flag: 'risk' })
        .expect(303);
      await alex
        .post(`${base}/getting-in-the-way`, {
          title: 'Panel wants a full assessment first',
          category: 'process',
          ownerId: String(sam.user.id),
        })
        .expect(303);
      await alex
        .post(`${base}/actions`, {
          description: 'Ask the panel chair about a shorter form',
          ownerId: String(sam.user.id),
          'due-day': '17',
          'due-month': '6',
          'due-year': '2026',
        })
        .expect(303);
      const [contact] = await shared.t.database.db.select().from(contacts).where(eq(contacts.siteId, site.id));

      const pages: [string, string][] = [
        ['the board', base],
        ['the board on the shared screen', `${base}?view=board`],
        ['the contact edit page', `${base}/contacts/${contact.id}/edit`],
        ['the list of huddles', `/sites/${site.id}/huddles`],
        ['the page that asks before closing', `${base}/close`],
      ];
      for (const [what, path] of pages) {
        const watched = await open(alex.token, path);
        await assertNoAxeViolations(watched.page, what);
        assertCleanConsole(watched);
      }
      // A lead opening yesterday's closed huddle again.
      const lead = await aUser(shared.t.database.db, { role: 'programme_lead', siteIds: [site.id] });
      const { token: leadToken } = await createSession(shared.t.database.db, { userId: lead.id });
      const reopen = await open(leadToken, `/sites/${site.id}/huddles/${YESTERDAY}/reopen`);
      await assertNoAxeViolations(reopen.page, 'the page for opening a huddle again');
      assertCleanConsole(reopen);

      // The board with a contact being changed in place, and the shared screen after a live update.
      const watched = await open(alex.token, base);
      await watched.page.getByRole('link', { name: /^Change ?contact HX-0417$/ }).click();
      await watched.page.locator(`#contact-${contact.id} form`).waitFor();
      await assertNoAxeViolations(watched.page, 'the board with a contact open to change');
      const display = await open(alex.token, `${base}?view=board`);
      await sam.post(`${base}/contacts`, contactFields(sam, 'HX-0421')).expect(303);
      await display.page.waitForSelector('#section-contacts .app-board__item:has-text("HX-0421")', { timeout: 5000 });
      await assertNoAxeViolations(display.page, 'the shared screen after a live update');
      assertCleanConsole(watched);
      assertCleanConsole(display);
    });
  });
});
