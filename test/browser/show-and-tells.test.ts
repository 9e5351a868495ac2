import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage, submitForm } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { aUser } from '../helpers/accounts.js';
import { createSession } from '../../server/accounts/sessions.js';
import type { Db } from '../../server/db/connection.js';
import { showAndTellFeedback, showAndTellPacks, showAndTellSections, type Site, type User } from '../../server/db/schema.js';
import { aPack } from '../show-and-tells/helpers.js';

// Wednesday 10 June 2026. Fortnight 7 (25 May to 7 June) has a pack, ready and shared with the group.
const NOW = '2026-06-10T08:00:00Z';

interface Seeded {
  site: Site;
  lead: User;
  ana: User;
  expert: User;
  packId: number;
  sessions: Map<number, string>;
}

async function seed(db: Db): Promise<Seeded> {
  const site = await aSite(db, { name: 'Northgate Community Team' });
  const lead = await aUser(db, { role: 'programme_lead', siteIds: [site.id], name: 'Priya Shah' });
  const ana = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Ana Costa' });
  const expert = await aUser(db, { role: 'expert_by_experience', siteIds: [site.id], name: 'Ruth Ellis' });
  const sessions = new Map<number, string>();
  for (const user of [lead, ana, expert]) sessions.set(user.id, (await createSession(db, { userId: user.id })).token);
  // The old way before go-live (2 March), waiting weeks; the new way after, waiting days.
  await db.execute(sql`
    insert into contacts (site_id, person_ref, contact_date, first_conversation_date, outcome, way_of_working)
    select ${site.id}, 'BR-' || n || '-' || d, d, d + case when d < date '2026-03-02' then 15 + (n * 3 + extract(day from d)::int) % 12 else (n + extract(day from d)::int) % 5 end,
      case when d < date '2026-03-02' then 'long_term' else 'community' end, case when d < date '2026-03-02' then 'old' else 'new' end
    from generate_series(date '2025-11-03', date '2026-06-05', interval '1 day') as g(day), lateral (select g.day::date as d) dd, generate_series(1, 2) as n
    where extract(isodow from d) < 6`);
  const { pack } = await aPack(db, site, lead, 7, {
    change: (sections) =>
      sections.map((section) =>
        section.kind === 'welcome'
          ? { ...section, vision: 'Everyone gets the right help, close to home, first time' }
          : section.kind === 'what-we-did'
            ? { ...section, body: 'Our goal this sprint was to hold C1 within 3 days.\n\n- We tried a drop-in at the library' }
            : section,
      ),
  });
  await db.update(showAndTellPacks).set({ status: 'ready', sharedWithGroup: true }).where(eq(showAndTellPacks.id, pack.id));
  await db.insert(showAndTellFeedback).values({
    packId: pack.id,
    liked: 'The library drop-in',
    givenBy: expert.id,
    givenOn: '2026-06-09',
    answer: 'did',
    answerText: 'We run it every Tuesday now',
  });
  return { site, lead, ana, expert, packId: pack.id, sessions };
}

describe('show-and-tells and the co-production area in a browser', () => {
  const shared = browserApp({ now: NOW });
  let data: Seeded;
  const opened: Awaited<ReturnType<typeof newPage>>[] = [];

  before(async () => {
    data = await seed(shared.t.database.db);
  });

  afterEach(async () => {
    for (const watched of opened.splice(0)) await watched.context.close();
  });

  async function open(user: User, { javaScript = true } = {}) {
    const watched = await newPage(shared.browser, shared.server.url, { javaScript, session: data.sessions.get(user.id) });
    opened.push(watched);
    return watched;
  }

  async function visit(page: Page, path: string, status = 200) {
    const response = await page.goto(path);
    assert.equal(response?.status(), status, `GET ${path}`);
  }

  /** Waits until every chart on the page with figures has been drawn by Chart.js. */
  async function chartsDrawn(page: Page): Promise<number> {
    const handle = await page.waitForFunction(() => {
      const boxes = [...document.querySelectorAll<HTMLElement>('[data-spc-chart]')].filter((box) =>
        document.getElementById(box.dataset.spcChart!)?.querySelector('tr[data-value]'),
      );
      const chart = (window as unknown as { Chart?: { getChart(canvas: Element | null): unknown } }).Chart;
      return boxes.every((box) => !box.hidden && chart?.getChart(box.querySelector('canvas'))) ? boxes.length : 0;
    });
    return await handle.jsonValue();
  }

  const packPath = () => `/sites/${data.site.id}/show-and-tells/7`;

  it('the lead’s preparation pages are axe clean: the list, the pack with its checks and charts, a section form, removing, answering', async () => {
    const watched = await open(data.lead);
    const { page } = watched;
    await visit(page, `/sites/${data.site.id}/show-and-tells`);
    await assertNoAxeViolations(page, 'the list of show-and-tells');
    await visit(page, `/sites/${data.site.id}/show-and-tells/8`);
    await assertNoAxeViolations(page, 'a fortnight with no pack yet');
    await visit(page, packPath());
    assert.ok((await chartsDrawn(page)) >= 2, 'the charts are drawn');
    assert.match(await page.locator('.app-checks').first().innerText(), /Plain English check/);
    assert.match(await page.locator('body').innerText(), /“sprint”: try “fortnight”/);
    await assertNoAxeViolations(page, 'the pack being prepared');
    const [section] = await shared.t.database.db
      .select()
      .from(showAndTellSections)
      .where(eq(showAndTellSections.packId, data.packId))
      .orderBy(showAndTellSections.position);
    await visit(page, `${packPath()}/sections/${section.id}/edit`);
    await assertNoAxeViolations(page, 'changing a section');
    await page.getByLabel('Heading').fill('');
    assert.equal(await submitForm(page, 'Save section'), 422);
    await assertNoAxeViolations(page, 'a section with an error');
    await visit(page, `${packPath()}/sections/${section.id}/remove`);
    await assertNoAxeViolations(page, 'removing a section');
    const [feedback] = await shared.t.database.db.select().from(showAndTellFeedback).where(eq(showAndTellFeedback.packId, data.packId));
    await visit(page, `${packPath()}/feedback/${feedback.id}`);
    await assertNoAxeViolations(page, 'answering feedback');
    assertCleanConsole(watched);
  });

  it('moves a section down with the keyboard, without JavaScript too', async () => {
    for (const javaScript of [true, false]) {
      const watched = await open(data.lead, { javaScript });
      const { page } = watched;
      await visit(page, packPath());
      const before = await page.locator('.app-pack-section h2').allInnerTexts();
      const button = page.getByRole('button', { name: `Move down “${before[0]}”` });
      await button.focus();
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
      assert.equal(response.status(), 303);
      await page.waitForURL(/#section-\d+$/);
      await page.waitForLoadState('load');
      const after = await page.locator('.app-pack-section h2').allInnerTexts();
      assert.deepEqual(after.slice(0, 2), [before[1], before[0]]);
      assertCleanConsole(watched);
    }
  });

  it('presenter mode: one section a screen, moved by the arrow keys and the buttons, with a 15-minute timer; axe clean', async () => {
    const watched = await open(data.ana);
    const { page } = watched;
    await page.setViewportSize({ width: 1280, height: 800 });
    await visit(page, `${packPath()}/present`);
    await page.locator('.app-presenter--slides').waitFor();
    const visibleHeadings = () => page.locator('[data-slide]:not([hidden]) :is(h1, h2)').first().innerText();
    const slides = await page.locator('[data-slide]').count();
    assert.equal(slides, 6, 'a contents slide and five sections');
    assert.equal(await page.locator('[data-slide]:not([hidden])').count(), 1, 'one section a screen');
    assert.equal(await visibleHeadings(), 'Show-and-tell');
    assert.match(await page.locator('[data-presenter-timer]').innerText(), /^1[45]:\d\d left$/);
    await assertNoAxeViolations(page, 'presenter mode, the contents');

    await page.keyboard.press('ArrowRight');
    assert.equal(await visibleHeadings(), 'Welcome and why we are here');
    assert.match(await page.locator('[data-presenter-position]').innerText(), /^2 of 6: Welcome and why we are here$/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await visibleHeadings(), 'What we learned');
    assert.ok((await chartsDrawn(page)) >= 2, 'the charts draw once their section is on screen');
    await assertNoAxeViolations(page, 'presenter mode, a section with charts');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await visibleHeadings(), 'What we did');
    await page.keyboard.press('End');
    assert.equal(await visibleHeadings(), 'Questions and feedback');
    await page.keyboard.press('ArrowRight');
    assert.equal(await visibleHeadings(), 'Questions and feedback', 'no further than the last');
    await page.keyboard.press('Home');
    assert.equal(await visibleHeadings(), 'Show-and-tell');

    // The buttons, reached with Tab and pressed with Enter and Space.
    const next = page.getByRole('button', { name: 'Next' });
    await next.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    assert.equal(await visibleHeadings(), 'What we did');
    await page.getByRole('button', { name: 'Previous' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await visibleHeadings(), 'Welcome and why we are here');
    assert.equal(
      new URL(page.url()).hash,
      `#${await page.locator('[data-slide]:not([hidden])').getAttribute('id')}`,
      'the address keeps the place',
    );

    // The contents list's links go to their section.
    await page.keyboard.press('Home');
    await page.getByRole('link', { name: 'What we will do next' }).click();
    assert.equal(await visibleHeadings(), 'What we will do next');

    const fullscreen = page.getByRole('button', { name: 'Full screen' });
    if (await fullscreen.isVisible()) {
      await fullscreen.click();
      await page.waitForFunction(() => document.fullscreenElement !== null);
      // The button says so once the browser has announced the change.
      await page.getByRole('button', { name: 'Leave full screen' }).click();
      await page.waitForFunction(() => document.fullscreenElement === null);
    }
    assertCleanConsole(watched);
  });

  it('presenter mode at the shared screen: a section fits 1920×1080, Space, Page Down and a click move on, the timer survives a reload, and presenting keeps the session alive', async () => {
    const watched = await open(data.ana);
    const { page } = watched;
    await page.clock.install();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await visit(page, `${packPath()}/present`);
    await page.locator('.app-presenter--slides').waitFor();
    const visibleHeadings = () => page.locator('[data-slide]:not([hidden]) :is(h1, h2)').first().innerText();
    // A mark on this page's window: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { sameDocument?: boolean }).sameDocument = true));
    await page.keyboard.press('Space');
    assert.equal(await visibleHeadings(), 'Welcome and why we are here');
    await page.keyboard.press('PageDown');
    assert.equal(await visibleHeadings(), 'What we did');
    await page.locator('[data-slide]:not([hidden]) h2').first().click();
    assert.equal(await visibleHeadings(), 'What we learned', 'a click on the section moves on');
    assert.ok((await chartsDrawn(page)) >= 2, 'its charts are drawn');
    // A percentage's axis stays within 0 to 100, and a compact chart leaves the unit to its heading and sentence.
    const axes = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-slide]:not([hidden]) [data-spc-chart]')].map((box) => {
        const table = document.getElementById(box.dataset.spcChart!)!;
        const chart = (
          window as unknown as {
            Chart: {
              getChart(canvas: HTMLCanvasElement): {
                scales: { y: { min: number; max: number; options: { title: { display: boolean } } } };
              };
            };
          }
        ).Chart.getChart(box.querySelector('canvas')!);
        return {
          ceiling: table.dataset.ceiling,
          min: chart.scales.y.min,
          max: chart.scales.y.max,
          title: chart.scales.y.options.title.display,
        };
      }),
    );
    const percentages = axes.filter((axis) => axis.ceiling === '100');
    assert.ok(percentages.length >= 2, JSON.stringify(axes));
    assert.ok(
      percentages.every((axis) => axis.min >= 0 && axis.max <= 100),
      JSON.stringify(percentages),
    );
    assert.ok(
      axes.every((axis) => !axis.title),
      'no unit squeezed beside a compact axis',
    );
    // The whole section on the screen: nothing below the fold, the figures behind "Show the data".
    // Measured by the last thing in the section (the page's footer may sit below the screen).
    const height = await page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll('[data-slide]:not([hidden]) > *')].map(
          (element) => element.getBoundingClientRect().bottom + window.scrollY,
        ),
      ),
    );
    const fits = height <= 1080;
    await page.screenshot({ path: '/tmp/presenter-1920.png' });
    assert.ok(fits, `the section is ${height}px tall at 1920×1080`);
    const data1 = page.locator('[data-slide]:not([hidden]) details.app-spc__data').first();
    assert.equal(await data1.getAttribute('open'), null, 'the figures are folded away');
    await data1.locator('summary').click();
    assert.equal(await visibleHeadings(), 'What we learned', 'opening the figures does not move on');
    assert.ok(await data1.locator('table').isVisible());
    assert.equal(
      await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
      true,
      'moving between sections never loads a page',
    );

    // Five minutes into the talk, then a reload: the timer carries on from where it was.
    await page.clock.fastForward('05:00');
    assert.match(await page.locator('[data-presenter-timer]').innerText(), /^(10:0\d|9:5\d) left$/);
    // Key presses while presenting count as activity: the session is kept alive (at most once a minute).
    const extended = page.waitForRequest((request) => request.url().endsWith('/session/extend') && request.method() === 'POST');
    await page.keyboard.press('ArrowRight');
    assert.equal((await (await extended).response())?.status(), 204);
    await page.reload();
    await page.locator('.app-presenter--slides').waitFor();
    assert.match(await page.locator('[data-presenter-timer]').innerText(), /^(10:0\d|9:5\d) left$/, 'the timer survives a reload');
    assertCleanConsole(watched);
  });

  it('presenter mode without JavaScript is one long page with a contents list', async () => {
    const watched = await open(data.ana, { javaScript: false });
    const { page } = watched;
    await visit(page, `${packPath()}/present`);
    assert.equal(await page.locator('[data-slide]:visible').count(), 6, 'every section on the one page');
    assert.equal(await page.locator('[data-presenter-controls]').isVisible(), false);
    const links = await page.locator('nav[aria-labelledby="contents-heading"] a').allInnerTexts();
    assert.deepEqual(links, [
      'Welcome and why we are here',
      'What we did',
      'What we learned',
      'What we will do next',
      'Questions and feedback',
    ]);
    assert.ok(await page.locator('table.app-spc-table').first().isVisible(), 'charts as their tables');
  });

  it('the handout prints one section a page, the charts drawn with their tables, and nothing of the service around it', async () => {
    const watched = await open(data.ana);
    const { page } = watched;
    await visit(page, `${packPath()}/handout`);
    assert.ok((await chartsDrawn(page)) >= 2);
    await assertNoAxeViolations(page, 'the handout on screen');
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.govuk-service-navigation', '.govuk-footer', '.govuk-back-link', '.govuk-phase-banner']) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
    }
    const breaks = await page
      .locator('.app-handout__section')
      .evaluateAll((sections) => sections.map((section) => getComputedStyle(section).breakBefore));
    assert.deepEqual(breaks, ['page', 'page', 'page', 'page', 'page']);
    const tables = page.locator('table.app-spc-table');
    assert.ok((await tables.count()) >= 2);
    for (const table of await tables.all()) assert.ok(await table.isVisible(), 'each chart’s table is printed');
    assert.ok(await page.locator('.app-chart canvas').first().isVisible(), 'and the chart itself');
    assert.match(await page.locator('body').innerText(), /Everyone gets the right help, close to home, first time/);
    assertCleanConsole(watched);
  });

  it('the co-production area is plain, keyboard friendly and axe clean: home, a pack, feedback with its errors, charts and “You said, we did”', async () => {
    const watched = await open(data.expert);
    const { page } = watched;
    await visit(page, '/co-production');
    await assertNoAxeViolations(page, 'the co-production home');
    for (const link of await page.locator('.app-big-links a').all()) {
      const box = await link.boundingBox();
      assert.ok(box && box.height >= 44 && box.width >= 44, 'large click targets');
    }
    await page.getByRole('link', { name: /Northgate Community Team: / }).click();
    await page.waitForURL(/\/co-production\/show-and-tells\/\d+$/);
    assert.ok((await chartsDrawn(page)) >= 2);
    assert.doesNotMatch(await page.locator('main').innerText(), /Priya Shah|Ana Costa/);
    await assertNoAxeViolations(page, 'a shared pack');

    await page.getByRole('link', { name: /Tell us what you think about this part\s*:\s*What we did/ }).click();
    await page.waitForURL(/feedback\?section=/);
    await assertNoAxeViolations(page, 'the feedback form');
    await page.getByLabel('What did you like?').fill('x'.repeat(2001));
    assert.equal(await submitForm(page, 'Send feedback'), 422);
    assert.match(await page.locator('.govuk-error-summary').innerText(), /can be up to 2,000 characters/);
    await assertNoAxeViolations(page, 'the feedback form with an error');
    await page.getByLabel('What did you like?').fill('The stories, told simply');
    await page.getByLabel('Do not give the team my name').check();
    assert.equal(await submitForm(page, 'Send feedback'), 303);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Thank you/);
    const [anonymous] = await shared.t.database.db
      .select()
      .from(showAndTellFeedback)
      .where(eq(showAndTellFeedback.liked, 'The stories, told simply'));
    assert.equal(anonymous.givenBy, null);

    await visit(page, '/co-production/charts');
    assert.ok((await chartsDrawn(page)) >= 2);
    await assertNoAxeViolations(page, 'the charts');
    await visit(page, '/co-production/you-said-we-did');
    assert.match(await page.locator('main').innerText(), /We run it every Tuesday now/);
    await assertNoAxeViolations(page, 'You said, we did');
    await visit(page, `/co-production/show-and-tells/999999`, 404);
    assertCleanConsole(watched);
  });
});
