import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage, scriptsStarted, submitForm } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { aUser } from '../helpers/accounts.js';
import { createSession } from '../../server/accounts/sessions.js';
import type { Db } from '../../server/db/connection.js';
import {
  wellbeingRespondents,
  type Action,
  type GettingInTheWayItem,
  type Reflection,
  type Site,
  type User,
} from '../../server/db/schema.js';
import { createReflection, findReflection } from '../../server/reflections/queries.js';
import { answerWellbeing } from '../../server/reflections/wellbeing.js';
import { createAction, findAction, reviewAction } from '../../server/actions/queries.js';
import { createItem, findItem, mentionItem } from '../../server/getting-in-the-way/queries.js';
import type { ItemFields } from '../../server/getting-in-the-way/form.js';

// Wednesday 10 June 2026. The sites hold their weekly reflection on Fridays.
const NOW = '2026-06-10T08:00:00Z';
const YELLOW = 'rgb(255, 221, 0)';

interface Seeded {
  site: Site;
  otherSite: Site;
  lead: User;
  ana: User;
  ben: User;
  sessions: Map<number, string>;
  /** Week of 4 May: 3 answers, so the totals show. */
  withResults: Reflection;
  /** Week of 25 May: 2 answers, so nothing but the count shows. */
  fewAnswers: Reflection;
  actions: Record<'open' | 'overdue' | 'done' | 'dropped' | 'leads', Action>;
  items: Record<'open' | 'inHand' | 'escalated' | 'resolved' | 'cannotChange' | 'elsewhere', GettingInTheWayItem>;
}

/**
 * Two sites led by one programme lead, with two practitioners at the first: reflections over six
 * weeks with the wellbeing check (three answers most weeks, two in one, none in another), actions
 * of each status from huddle-free places (reflections and the list), and log items of each status.
 * Made with the app's own query functions, as the routes would make them.
 */
async function seed(db: Db): Promise<Seeded> {
  const site = await aSite(db, { name: 'Northgate Community Team' });
  const otherSite = await aSite(db, { name: 'Riverside Neighbourhood Team' });
  const lead = await aUser(db, { role: 'programme_lead', siteIds: [site.id, otherSite.id], name: 'Priya Shah' });
  const ana = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Ana Costa' });
  const ben = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Ben Okafor' });
  const sessions = new Map<number, string>();
  for (const user of [lead, ana, ben]) sessions.set(user.id, (await createSession(db, { userId: user.id })).token);

  // Monday of each week, its Friday, and the scores of whoever answered (lead, Ana, Ben).
  const weeks: [string, string, [number, string][]][] = [
    [
      '2026-04-27',
      '2026-05-01',
      [
        [4, 'busy'],
        [3, ''],
        [4, 'hopeful'],
      ],
    ],
    [
      '2026-05-04',
      '2026-05-08',
      [
        [5, 'proud'],
        [4, 'settled'],
        [3, 'tired'],
      ],
    ],
    [
      '2026-05-11',
      '2026-05-15',
      [
        [2, 'stretched'],
        [3, ''],
        [3, 'okay'],
      ],
    ],
    ['2026-05-18', '2026-05-22', []],
    [
      '2026-05-25',
      '2026-05-29',
      [
        [4, 'calm'],
        [5, ''],
      ],
    ],
    [
      '2026-06-01',
      '2026-06-05',
      [
        [4, 'steady'],
        [4, 'good'],
        [5, 'bright'],
      ],
    ],
  ];
  const made: Reflection[] = [];
  for (const [weekStart, heldOn, answers] of weeks) {
    const reflection = await db.transaction(async (tx) => {
      const { reflection } = await createReflection(tx, site.id, { weekStart, heldOn }, lead.id);
      for (const [index, [score, word]] of answers.entries())
        await answerWellbeing(tx, reflection.id, [lead, ana, ben][index].id, { score, word }, heldOn);
      return reflection;
    });
    made.push(reflection);
  }
  const [withResults, fewAnswers] = [made[1], made[4]];

  const action = (description: string, owner: User, dueDate: string, raisedOn: string, reflectionId?: number) =>
    createAction(db, site.id, { description, ownerId: owner.id, dueDate }, { raisedOn, reflectionId }, lead.id);
  const actions = {
    open: await action('Ask the library about a Tuesday drop-in room', ana, '2026-06-24', '2026-06-05', made[5].id),
    overdue: await action('Ring the equipment store about C-1043’s key safe', ben, '2026-06-01', '2026-05-15', made[2].id),
    done: await action('Share the new first-conversation script with the GP practice', ana, '2026-05-29', '2026-05-08', withResults.id),
    dropped: await action('Book a room at the leisure centre', ben, '2026-05-20', '2026-05-01'),
    leads: await action('Take the panel question to the head of service', lead, '2026-06-30', '2026-06-01'),
  };
  await reviewAction(
    db,
    { siteId: site.id, id: actions.done.id, version: actions.done.version },
    { status: 'done', note: 'Sent on 27 May', reviewedBy: ana.id, today: '2026-05-27' },
  );
  await reviewAction(
    db,
    { siteId: site.id, id: actions.dropped.id, version: actions.dropped.version },
    { status: 'dropped', note: 'The library room does the same job', reviewedBy: ben.id, today: '2026-05-22' },
  );

  const item = async (
    siteId: number,
    fields: Partial<ItemFields> & { title: string },
    raisedOn: string,
    owner: User,
    reflectionId?: number,
  ) =>
    createItem(
      db,
      siteId,
      { category: 'process', description: '', ownerId: owner.id, escalatedTo: '', status: 'open', whatChanged: '', ...fields },
      { raisedOn, reflectionId },
      lead.id,
    );
  const items = {
    open: await item(
      site.id,
      { title: 'Equipment requests need a panel', description: 'A grab rail waits three weeks for the panel to meet.' },
      '2026-04-20',
      ben,
      made[0].id,
    ),
    inHand: await item(
      site.id,
      { title: 'The referral form asks for a diagnosis', category: 'it_system', status: 'in_hand' },
      '2026-05-06',
      ana,
    ),
    escalated: await item(
      site.id,
      {
        title: 'Direct payments take eight weeks to set up',
        category: 'policy',
        status: 'escalated',
        escalatedTo: 'Head of adult social care',
      },
      '2026-05-13',
      lead,
    ),
    resolved: await item(
      site.id,
      {
        title: 'No room for drop-in conversations',
        category: 'resources',
        status: 'resolved',
        whatChanged: 'The library lends a room on Tuesdays',
      },
      '2026-05-01',
      ana,
    ),
    cannotChange: await item(
      site.id,
      { title: 'Bus routes do not reach the estate', category: 'community', status: 'cannot_change' },
      '2026-05-20',
      ben,
    ),
    elsewhere: await item(otherSite.id, { title: 'Hospital discharge letters arrive late', category: 'other' }, '2026-05-27', lead),
  };
  await mentionItem(db, items.open, { reflectionId: made[2].id });
  return { site, otherSite, lead, ana, ben, sessions, withResults, fewAnswers, actions, items };
}

describe('weekly reflections, actions and the getting-in-the-way log in a browser', () => {
  const shared = browserApp({ now: NOW });
  let data: Seeded;
  const opened: Awaited<ReturnType<typeof newPage>>[] = [];
  let weekCounter = 0;

  before(async () => {
    data = await seed(shared.t.database.db);
  });

  afterEach(async () => {
    for (const watched of opened.splice(0)) await watched.context.close();
  });

  /** A page signed in as one of the seeded people. */
  async function open(user: User, { javaScript = true } = {}) {
    const watched = await newPage(shared.browser, shared.server.url, { javaScript, session: data.sessions.get(user.id) });
    opened.push(watched);
    return watched;
  }

  async function visit(page: Page, path: string, status = 200) {
    const response = await page.goto(path);
    assert.equal(response?.status(), status, `GET ${path}`);
  }

  /** A reflection of its own for a test that changes one, in a week of March nobody else uses. */
  async function aFreshReflection(): Promise<Reflection> {
    weekCounter += 1;
    // Weeks after today's, so that their wellbeing checks are still open.
    const monday = new Date(Date.UTC(2026, 5, 8 + 7 * weekCounter)).toISOString().slice(0, 10);
    const friday = new Date(Date.UTC(2026, 5, 12 + 7 * weekCounter)).toISOString().slice(0, 10);
    const { reflection } = await createReflection(shared.t.database.db, data.site.id, { weekStart: monday, heldOn: friday }, data.lead.id);
    return reflection;
  }

  const reflectionPath = (reflection: Reflection) => `/sites/${data.site.id}/reflections/${reflection.id}`;

  describe('weekly reflections', () => {
    it('the list, a reflection with its wellbeing totals, one with too few answers and the morale page are axe clean', async () => {
      const watched = await open(data.ana);
      const { page } = watched;

      await visit(page, `/sites/${data.site.id}/reflections`);
      assert.match(await page.locator('table').innerText(), /4\.0 out of 5 \(3 answered\)|4 out of 5 \(3 answered\)/);
      assert.match(await page.locator('table').innerText(), /2 answered: shown from 3/);
      await assertNoAxeViolations(page, 'the list of reflections');

      await visit(page, reflectionPath(data.withResults));
      const wellbeing = page.locator('#wellbeing');
      assert.match(await wellbeing.innerText(), /Average score\s+4 out of 5/);
      assert.match(await wellbeing.innerText(), /proud, settled, tired/);
      assert.equal(await wellbeing.locator('table').count(), 1, 'the counts by score are shown');
      await assertNoAxeViolations(page, 'a reflection with its wellbeing totals');

      await visit(page, reflectionPath(data.fewAnswers));
      assert.match(await wellbeing.innerText(), /The check has closed\. 2 people answered\. Results show only when 3 or more have/);
      assert.equal(await wellbeing.locator('table').count(), 0, 'no totals below 3 answers');
      assert.doesNotMatch(await wellbeing.innerText(), /calm/, 'no words below 3 answers');
      await assertNoAxeViolations(page, 'a reflection with fewer than 3 answers');

      await visit(page, `/sites/${data.site.id}/reflections/morale`);
      await page.locator('[data-morale-chart]:not([hidden]) canvas').waitFor();
      await assertNoAxeViolations(page, 'the morale page with its chart');
      assertCleanConsole(watched);
    });

    it('draws the morale chart from its table with JavaScript, and leaves the table alone without', async () => {
      const watched = await open(data.lead);
      const { page } = watched;
      await visit(page, `/sites/${data.site.id}/reflections/morale`);
      const canvas = page.locator('canvas#morale-chart');
      await canvas.waitFor({ state: 'visible' });
      const drawn = await page.waitForFunction(() => {
        const element = document.querySelector('canvas#morale-chart') as HTMLCanvasElement;
        const chart = (
          window as unknown as {
            Chart?: { getChart(canvas: HTMLCanvasElement): { data: { labels: string[]; datasets: { data: number[] }[] } } | undefined };
          }
        ).Chart?.getChart(element);
        if (!chart || element.width === 0 || element.height === 0) return undefined;
        return { width: element.width, height: element.height, labels: chart.data.labels, points: chart.data.datasets[0].data };
      });
      const chart = (await drawn.jsonValue())!;
      assert.ok(chart.width > 0 && chart.height > 0, `the canvas has a size (${chart.width}×${chart.height})`);

      const table = page.locator('table#morale-table');
      assert.ok(await table.isVisible(), 'the data table stays beside the chart');
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => ({ week: (tr as HTMLElement).dataset.week, average: (tr as HTMLElement).dataset.average })));
      assert.equal(rows.length, 6, 'a row for each week, including those with too few answers');
      const charted = rows.filter((row) => row.average !== undefined);
      assert.equal(charted.length, 4, 'two weeks (none and 2 answers) are left out of the chart');
      assert.deepEqual(
        chart.labels,
        charted.map((row) => row.week),
      );
      assert.deepEqual(
        chart.points,
        charted.map((row) => Number(row.average)),
      );
      assert.match(
        await page.locator('#morale-left-out').innerText(),
        /2 weeks are left out of the chart because fewer than 3 people answered/,
      );
      assertCleanConsole(watched);

      const plain = await open(data.lead, { javaScript: false });
      await visit(plain.page, `/sites/${data.site.id}/reflections/morale`);
      assert.equal(await plain.page.locator('table#morale-table tbody tr').count(), 6);
      assert.ok(await plain.page.locator('table#morale-table').isVisible());
      assert.equal(await plain.page.locator('canvas#morale-chart').isVisible(), false, 'no empty chart box without JavaScript');
      assert.match(await plain.page.locator('table#morale-table').innerText(), /Not shown: fewer than 3 answered/);
      assertCleanConsole(plain);
    });

    it('keeps the notes and shows the error after a note over 5,000 characters (422)', async () => {
      const reflection = await aFreshReflection();
      const watched = await open(data.ben);
      const { page } = watched;
      await visit(page, reflectionPath(reflection));
      const tooLong = `Good conversations at the library. ${'x'.repeat(5_000)}`;
      await page.getByLabel('What went well this week').fill(tooLong);
      await page.getByLabel('Who the team wants to thank, and for what').fill('The library staff <script>alert(1)</script>');
      assert.equal(await submitForm(page, page.getByRole('button', { name: 'Save reflection' }).first()), 422);
      assert.match(await page.title(), /^Error: Weekly reflection/);
      const summary = page.locator('.govuk-error-summary');
      assert.match(await summary.innerText(), /What went well must be 5,000 characters or fewer/);
      assert.equal(await page.getByLabel('What went well this week').inputValue(), tooLong, 'what was typed is kept');
      assert.equal(
        await page.getByLabel('Who the team wants to thank, and for what').inputValue(),
        'The library staff <script>alert(1)</script>',
      );
      assert.equal(
        await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
        true,
        'focus moves to the error summary',
      );
      assert.equal((await findReflection(shared.t.database.db, data.site.id, reflection.id))?.wentWell, '', 'nothing saved');
      await assertNoAxeViolations(page, 'a reflection after a 422');
      assertCleanConsole(watched);
    });

    it('saves two people’s different parts without a clash, and keeps both people’s words when they write the same part (409)', async () => {
      const reflection = await aFreshReflection();
      const first = await open(data.ana);
      const second = await open(data.ben);
      await visit(first.page, reflectionPath(reflection));
      await visit(second.page, reflectionPath(reflection));

      // Different parts, each from a page opened before the other saved: both are kept.
      await first.page.getByLabel('What went well this week').fill('Three first conversations at the library');
      assert.equal(await submitForm(first.page, first.page.getByRole('button', { name: 'Save reflection' }).first()), 303);
      await second.page.getByLabel('Who the team wants to thank, and for what').fill('The library staff');
      assert.equal(
        await submitForm(second.page, second.page.getByRole('button', { name: 'Save reflection' }).first()),
        303,
        'a different part never clashes',
      );
      let saved = await findReflection(shared.t.database.db, data.site.id, reflection.id);
      assert.deepEqual(
        [saved?.wentWell, saved?.thanks],
        ['Three first conversations at the library', 'The library staff'],
        'neither save put back the other’s old text',
      );

      // The same part.
      await visit(first.page, reflectionPath(reflection));
      await visit(second.page, reflectionPath(reflection));
      await first.page.getByLabel('What the team learned this week').fill('People want to talk on their own doorstep');
      assert.equal(await submitForm(first.page, first.page.getByRole('button', { name: 'Save reflection' }).first()), 303);
      assert.match(await first.page.locator('.govuk-notification-banner--success').innerText(), /Reflection saved/);

      const mine = 'Drop-ins at the library cut the wait for a first conversation';
      await second.page.getByLabel('What the team learned this week').fill(mine);
      assert.equal(await submitForm(second.page, second.page.getByRole('button', { name: 'Save reflection' }).first()), 409);
      const { page } = second;
      assert.match(
        await page.locator('.govuk-error-summary').first().innerText(),
        /Someone else changed what we learned while you were writing/,
      );
      const conflict = page.locator('table.app-conflict-table');
      assert.match(await conflict.innerText(), /What we learned\s+People want to talk on their own doorstep\s+Drop-ins at the library/);
      assert.equal(
        await page.getByLabel('What the team learned this week').inputValue(),
        `People want to talk on their own doorstep\n\n${mine}`,
        'both people’s words are in the box, theirs first',
      );
      assert.equal(
        (await findReflection(shared.t.database.db, data.site.id, reflection.id))?.learned,
        'People want to talk on their own doorstep',
        'nothing overwritten',
      );
      await assertNoAxeViolations(page, 'a reflection after a 409');

      assert.equal(
        await submitForm(page, page.getByRole('button', { name: 'Save reflection' }).first()),
        303,
        'saving from the conflict page keeps both',
      );
      saved = await findReflection(shared.t.database.db, data.site.id, reflection.id);
      assert.equal(saved?.learned, `People want to talk on their own doorstep\n\n${mine}`);
      assert.equal(saved?.thanks, 'The library staff');
      assertCleanConsole(first);
      assertCleanConsole(second);
    });

    it('takes a wellbeing answer from the keyboard alone, with the focus visible, and refuses a second answer', async () => {
      const reflection = await aFreshReflection();
      const watched = await open(data.ana);
      const { page } = watched;
      // A second tab opened before answering, still showing the form.
      const later = await watched.page.context().newPage();
      const laterErrors: string[] = [];
      later.on('pageerror', (error) => laterErrors.push(error.message));
      later.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) laterErrors.push(message.text());
      });
      await visit(page, reflectionPath(reflection));
      await visit(later, reflectionPath(reflection));
      assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });

      // Tab from the top of the page until focus reaches the wellbeing radios.
      const focused = () =>
        page.evaluate(() => {
          const element = document.activeElement as HTMLInputElement | null;
          return {
            tag: element?.tagName,
            name: element?.getAttribute('name'),
            value: element?.value,
            type: element?.getAttribute('type'),
            text: element?.textContent?.trim(),
          };
        });
      let presses = 0;
      while ((await focused()).name !== 'score') {
        presses += 1;
        assert.ok(presses < 120, 'Tab reaches the wellbeing check');
        await page.keyboard.press('Tab');
      }
      assert.deepEqual(
        await focused(),
        { tag: 'INPUT', name: 'score', value: '1', type: 'radio', text: '' },
        'Tab lands on the first score',
      );
      const ringOf = (value: string) =>
        page.evaluate(
          (v) => getComputedStyle(document.querySelector(`input[name=score][value="${v}"] + label`)!, '::before').boxShadow,
          value,
        );
      assert.match(await ringOf('1'), /rgb\(255, 221, 0\)/, 'the focused radio has the GOV.UK yellow focus ring');

      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(
        await focused(),
        { tag: 'INPUT', name: 'score', value: '4', type: 'radio', text: '' },
        'the arrow keys move through the scores',
      );
      assert.equal(await page.locator('input[name=score]:checked').getAttribute('value'), '4', 'and choose one');
      assert.match(await ringOf('4'), /rgb\(255, 221, 0\)/);
      assert.doesNotMatch(await ringOf('1'), /rgb\(255, 221, 0\)/, 'the ring moves with the focus');

      await page.keyboard.press('Tab');
      assert.equal((await focused()).name, 'word', 'Tab goes on to the word, not through the other scores');
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.activeElement!).outlineColor),
        YELLOW,
        'the word box has the yellow focus outline',
      );
      await page.keyboard.type('hopeful');
      await page.keyboard.press('Tab');
      assert.deepEqual((await focused()).text, 'Send my answer');
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.activeElement!).backgroundColor),
        YELLOW,
        'the focused button turns yellow',
      );

      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/wellbeing'));
      await page.keyboard.press('Enter');
      assert.equal((await answered).status(), 200, 'htmx sends the answer and gets the part back');
      const wellbeing = page.locator('#wellbeing');
      await wellbeing.getByRole('status').filter({ hasText: 'Thank you. Your answer is recorded without your name' }).waitFor();
      assert.equal(new URL(page.url()).pathname, reflectionPath(reflection), 'no navigation');
      assert.equal(
        await page.evaluate(() => Boolean(document.activeElement?.closest('#wellbeing'))),
        true,
        'focus stays in the wellbeing check',
      );
      assert.equal(await wellbeing.locator('input[name=score]').count(), 0, 'the form is gone once answered');
      const db = shared.t.database.db;
      const respondents = () =>
        db
          .select()
          .from(wellbeingRespondents)
          .where(and(eq(wellbeingRespondents.reflectionId, reflection.id), eq(wellbeingRespondents.userId, data.ana.id)));
      assert.equal((await respondents()).length, 1);
      const [{ scores }] = await db.execute<{ scores: string[] }>(
        sql`select array_agg(score || ':' || word) as scores from wellbeing_responses where reflection_id = ${reflection.id}`,
      );
      assert.deepEqual(scores, ['4:hopeful']);
      await assertNoAxeViolations(page, 'the reflection after answering the wellbeing check');

      // The stale tab answers again, also from the keyboard: refused with a clear message.
      await later.locator('input[name=score][value="2"]').focus();
      await later.keyboard.press('Space');
      assert.equal(await later.locator('input[name=score]:checked').getAttribute('value'), '2');
      const refused = later.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/wellbeing'));
      await later.getByRole('button', { name: 'Send my answer' }).focus();
      await later.keyboard.press('Space');
      assert.equal((await refused).status(), 422);
      const summary = later.locator('#wellbeing .govuk-error-summary');
      await summary.waitFor();
      assert.match(await summary.innerText(), /There is a problem\s+You have already answered this week’s wellbeing check/);
      assert.match(await later.locator('#score-error').innerText(), /You have already answered this week’s wellbeing check/);
      assert.equal(
        await later.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
        true,
        'focus moves to the message',
      );
      assert.match(await later.title(), /^Error: /);
      await assertNoAxeViolations(later, 'the reflection after a second wellbeing answer');
      assert.equal((await respondents()).length, 1, 'still one answer');
      const [{ count }] = await db.execute<{ count: number }>(
        sql`select count(*)::int as count from wellbeing_responses where reflection_id = ${reflection.id}`,
      );
      assert.equal(count, 1, 'the second score is not kept');
      assertCleanConsole(watched);
      assert.deepEqual(laterErrors, []);
    });
  });

  describe('the actions list', () => {
    const actionsPath = () => `/sites/${data.site.id}/actions`;
    const resultsHeading = (page: Page) => page.locator('#action-results h2').innerText();
    const listedActions = (page: Page) =>
      page.locator('#action-results tbody tr td:first-child, #action-results tbody tr th:first-child').allInnerTexts();

    it('the list (unfiltered, filtered and empty), an action and its edit page are axe clean', async () => {
      const watched = await open(data.lead);
      const { page } = watched;
      await visit(page, actionsPath());
      assert.equal(await resultsHeading(page), '3 actions', 'open actions by default');
      await assertNoAxeViolations(page, 'the actions list');

      await visit(page, `${actionsPath()}?owner=${data.ben.id}&overdue=yes`);
      assert.equal(await resultsHeading(page), '1 action');
      assert.match(await page.locator('#action-results').innerText(), /Ring the equipment store[\s\S]*Overdue/);
      await assertNoAxeViolations(page, 'the actions list, filtered');

      await visit(page, `${actionsPath()}?owner=${data.lead.id}&status=dropped`);
      assert.equal(await resultsHeading(page), 'No actions match');
      await assertNoAxeViolations(page, 'the actions list with nothing matching');

      await visit(page, `${actionsPath()}/${data.actions.done.id}`);
      assert.match(await page.locator('main').innerText(), /Sent on 27 May/);
      await assertNoAxeViolations(page, 'an action');
      await visit(page, `${actionsPath()}/${data.actions.open.id}/edit`);
      await assertNoAxeViolations(page, 'an action’s edit page');
      assertCleanConsole(watched);
    });

    it('shows both versions and keeps the changes when two people save the same action (409)', async () => {
      const db = shared.t.database.db;
      const action = await createAction(
        db,
        data.site.id,
        { description: 'Write to the housing team about adaptations', ownerId: data.ana.id, dueDate: '2026-06-26' },
        { raisedOn: '2026-06-08' },
        data.ana.id,
      );
      const path = `${actionsPath()}/${action.id}`;
      const first = await open(data.ana);
      const second = await open(data.ben);
      await visit(first.page, `${path}/edit`);
      await visit(second.page, `${path}/edit`);

      await first.page.getByRole('radio', { name: 'Done' }).check();
      assert.equal(await submitForm(first.page, 'Save action'), 303);
      assert.match(await first.page.locator('.govuk-notification-banner--success').innerText(), /Action saved/);

      const { page } = second;
      await page.getByLabel('Note').fill('Waiting for the housing officer to ring back');
      await page.getByRole('radio', { name: 'Ben Okafor' }).check();
      assert.equal(await submitForm(page, 'Save action'), 409);
      assert.match(await page.title(), /^Error: Change action/);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Someone else changed this action while you were editing it/);
      const conflict = page.locator('table.app-conflict-table');
      assert.match(await conflict.innerText(), /Owner\s+Ana Costa\s+Ben Okafor/);
      assert.match(await conflict.innerText(), /Status\s+Done\s+Open/);
      assert.equal(await page.getByLabel('Note').inputValue(), 'Waiting for the housing officer to ring back', 'the note is kept');
      assert.equal(await page.getByRole('radio', { name: 'Ben Okafor' }).isChecked(), true, 'the chosen owner is kept');
      const saved = await findAction(db, data.site.id, action.id);
      assert.deepEqual({ status: saved?.status, ownerId: saved?.ownerId }, { status: 'done', ownerId: data.ana.id }, 'nothing overwritten');
      await assertNoAxeViolations(page, 'an action’s edit page after a 409');
      assertCleanConsole(first);
      assertCleanConsole(second);
    });

    it('filters with htmx, swapping only the results and pushing the address', async () => {
      const watched = await open(data.lead);
      const { page } = watched;
      await visit(page, actionsPath());
      assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });
      await page.evaluate(() => ((window as unknown as { stillHere: string }).stillHere = 'the same page'));
      const fullLoads: string[] = [];
      page.on('load', () => fullLoads.push(page.url()));

      await page.getByRole('checkbox', { name: 'Only overdue actions' }).check();
      const overdue = page.waitForResponse((r) => r.url().includes('overdue=yes') && r.request().headers()['hx-request'] === 'true');
      await page.getByRole('button', { name: 'Show actions' }).click();
      assert.equal((await overdue).status(), 200);
      await page.waitForURL((url) => url.searchParams.get('overdue') === 'yes');
      await page.waitForFunction(() => document.querySelector('#action-results h2')?.textContent === '1 action');
      assert.deepEqual(await listedActions(page), ['Ring the equipment store about C-1043’s key safe']);
      // As after a page load, the keyboard and a screen reader start from the new results: their count is read out.
      await page.waitForFunction(() => document.activeElement?.matches('#action-results h2'));
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), '1 action');

      await page.getByRole('checkbox', { name: 'Only overdue actions' }).uncheck();
      await page.getByLabel('Owner').selectOption({ label: 'Ben Okafor' });
      await page.getByLabel('Status').selectOption({ label: 'Any status' });
      await page.getByRole('button', { name: 'Show actions' }).click();
      await page.waitForURL(
        (url) =>
          url.searchParams.get('owner') === String(data.ben.id) &&
          url.searchParams.get('status') === 'all' &&
          !url.searchParams.has('overdue'),
      );
      await page.waitForFunction(() => document.querySelector('#action-results h2')?.textContent === '2 actions');
      assert.deepEqual((await listedActions(page)).sort(), [
        'Book a room at the leisure centre',
        'Ring the equipment store about C-1043’s key safe',
      ]);
      await page.waitForFunction(() => document.activeElement?.textContent === '2 actions');

      assert.equal(
        await page.evaluate(() => (window as unknown as { stillHere?: string }).stillHere),
        'the same page',
        'no full page load: the marker on window survives',
      );
      assert.deepEqual(fullLoads, []);
      assert.equal(await page.locator('h1').count(), 1, 'the results are swapped in alone, not a page inside the page');
      assert.equal(await page.locator('#action-results').count(), 1);
      await assertNoAxeViolations(page, 'the actions list after an htmx filter');
      assertCleanConsole(watched);
    });

    it('filters with a plain GET without JavaScript', async () => {
      const watched = await open(data.lead, { javaScript: false });
      const { page } = watched;
      await visit(page, actionsPath());
      await page.getByLabel('Owner').selectOption({ label: 'Ben Okafor' });
      await page.getByRole('checkbox', { name: 'Only overdue actions' }).check();
      const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show actions' }).click()]);
      assert.equal(response?.status(), 200);
      const url = new URL(page.url());
      assert.deepEqual(
        { owner: url.searchParams.get('owner'), overdue: url.searchParams.get('overdue') },
        { owner: String(data.ben.id), overdue: 'yes' },
      );
      assert.equal(await resultsHeading(page), '1 action');
      assert.deepEqual(await listedActions(page), ['Ring the equipment store about C-1043’s key safe']);
      assert.equal(await page.getByLabel('Owner').inputValue(), String(data.ben.id), 'the form shows the filter chosen');
      assert.equal(await page.getByRole('checkbox', { name: 'Only overdue actions' }).isChecked(), true);
      assertCleanConsole(watched);
    });
  });

  describe('the getting-in-the-way log', () => {
    const logPath = () => `/sites/${data.site.id}/getting-in-the-way`;

    it('the site log, the cross-site log, an item and its CSV links are axe clean', async () => {
      const watched = await open(data.lead);
      const { page } = watched;
      await visit(page, logPath());
      const results = page.locator('#log-results');
      assert.match(await results.locator('h2').innerText(), /^5 items$/);
      const titles = await results.locator('tbody tr td:first-child a, tbody tr th:first-child a').allInnerTexts();
      assert.equal(titles[0], 'Equipment requests need a panel', 'oldest open first');
      for (const status of ['Open', 'In hand', 'Escalated', 'Resolved', 'Can’t change'])
        assert.match(await results.innerText(), new RegExp(status));
      const csv = results.getByRole('link', { name: /as CSV/ });
      assert.equal(await csv.getAttribute('href'), `${logPath()}.csv`);
      const download = await page.request.get(`${logPath()}.csv`);
      assert.equal(download.status(), 200);
      assert.match(download.headers()['content-type'], /^text\/csv/);
      await assertNoAxeViolations(page, 'the site log');

      await visit(page, '/getting-in-the-way');
      const across = await page.locator('#log-results').innerText();
      assert.match(across, /6 items/);
      assert.match(across, /Northgate Community Team/);
      const elsewhere = page.locator('#log-results tbody tr', { hasText: 'Hospital discharge letters arrive late' });
      assert.match(await elsewhere.innerText(), /Riverside Neighbourhood Team/, 'the other site’s item, with its site');
      assert.equal(
        await page
          .locator('#log-results')
          .getByRole('link', { name: /as CSV/ })
          .getAttribute('href'),
        '/getting-in-the-way.csv',
      );
      await assertNoAxeViolations(page, 'the log across the lead’s sites');

      await visit(page, `${logPath()}/${data.items.resolved.id}`);
      assert.match(await page.locator('main').innerText(), /The library lends a room on Tuesdays/);
      await assertNoAxeViolations(page, 'a resolved log item');
      await visit(page, `${logPath()}/${data.items.open.id}`);
      assert.match(await page.locator('main').innerText(), /Weekly reflection/);
      await assertNoAxeViolations(page, 'an open log item brought back to a reflection');
      await visit(page, `${logPath()}/${data.items.escalated.id}/edit`);
      await assertNoAxeViolations(page, 'a log item’s edit page');
      assertCleanConsole(watched);
    });

    it('filters with htmx in place, and with a plain GET without JavaScript', async () => {
      const watched = await open(data.lead);
      const { page } = watched;
      await visit(page, logPath());
      assert.deepEqual(await scriptsStarted(page), { govukFrontend: true, htmx: true });
      await page.evaluate(() => ((window as unknown as { stillHere: string }).stillHere = 'the same page'));
      await page.getByLabel('Status').selectOption({ label: 'Escalated' });
      await page.getByRole('button', { name: 'Show items' }).click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'escalated');
      await page.waitForFunction(
        () => document.activeElement?.matches('#log-results h2') && document.activeElement.textContent === '1 item',
      );
      const results = page.locator('#log-results');
      assert.match(await results.innerText(), /Direct payments take eight weeks to set up[\s\S]*Head of adult social care/);
      assert.equal(
        await results.getByRole('link', { name: /as CSV/ }).getAttribute('href'),
        `${logPath()}.csv?status=escalated`,
        'the CSV link follows the filter',
      );
      assert.equal(
        await page.evaluate(() => (window as unknown as { stillHere?: string }).stillHere),
        'the same page',
        'no full page load',
      );
      await assertNoAxeViolations(page, 'the site log after an htmx filter');
      assertCleanConsole(watched);

      const plain = await open(data.lead, { javaScript: false });
      await visit(plain.page, '/getting-in-the-way');
      await plain.page.getByLabel('Category').selectOption({ label: 'Community' });
      const [response] = await Promise.all([
        plain.page.waitForNavigation(),
        plain.page.getByRole('button', { name: 'Show items' }).click(),
      ]);
      assert.equal(response?.status(), 200);
      assert.equal(new URL(plain.page.url()).searchParams.get('category'), 'community');
      assert.equal(await plain.page.locator('#log-results h2').innerText(), '1 item');
      assert.match(await plain.page.locator('#log-results').innerText(), /Bus routes do not reach the estate/);
    });

    it('keeps what was typed and shows the errors after a bad change (422)', async () => {
      const db = shared.t.database.db;
      const item = await createItem(
        db,
        data.site.id,
        {
          title: 'Care packages start on Mondays only',
          category: 'process',
          description: '',
          ownerId: data.ben.id,
          escalatedTo: '',
          status: 'open',
          whatChanged: '',
        },
        { raisedOn: '2026-06-02' },
        data.ben.id,
      );
      const watched = await open(data.ben);
      const { page } = watched;
      await visit(page, `${logPath()}/${item.id}/edit`);
      await page.getByLabel('What is getting in the way').fill('');
      const description = 'Zoë’s team 🌱 waits for Monday <b>every</b> time';
      await page.getByLabel('Description (optional)').fill(description);
      await page.getByRole('radio', { name: 'Resolved' }).check();
      assert.equal(await submitForm(page, 'Save item'), 422);
      assert.match(await page.title(), /^Error: Change a log item/);
      const summary = await page.locator('.govuk-error-summary').innerText();
      assert.match(summary, /Enter what is getting in the way/);
      assert.match(summary, /Say what changed to resolve it/);
      assert.equal(await page.getByLabel('Description (optional)').inputValue(), description, 'the description is kept');
      assert.equal(await page.getByRole('radio', { name: 'Resolved' }).isChecked(), true, 'the status is kept');
      assert.equal((await findItem(db, data.site.id, item.id))?.title, 'Care packages start on Mondays only', 'nothing saved');
      await assertNoAxeViolations(page, 'a log item’s edit page after a 422');

      // Following the summary's link takes the keyboard to the field.
      await page.locator('.govuk-error-summary a', { hasText: 'Enter what is getting in the way' }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'title');
      assertCleanConsole(watched);
    });
  });
});
