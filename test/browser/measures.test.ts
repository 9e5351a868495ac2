import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserApp, assertCleanConsole, assertNoAxeViolations, newPage, submitForm } from '../helpers/browser.js';
import { aSite } from '../helpers/sites.js';
import { aUser } from '../helpers/accounts.js';
import { createSession } from '../../server/accounts/sessions.js';
import { addDays, type IsoDate } from '../../server/calendar/fortnights.js';
import type { Db } from '../../server/db/connection.js';
import { contacts, type Site, type User } from '../../server/db/schema.js';
import { createRecord, findRecord, updateRecord, type ContactRecord } from '../../server/contacts/queries.js';
import { MEASURES } from '../../server/measures/definitions.js';
import { contactFields } from '../contacts/helpers.js';

// Wednesday 10 June 2026. The site went live on Monday 2 March 2026.
const NOW = '2026-06-10T08:00:00Z';
const YELLOW = 'rgb(255, 221, 0)';
/** 16 weeks of the old way before go-live, from Monday 10 November 2025. */
const OLD_WEEKS = 16;
const OLD_START = '2025-11-10';
/** 14 weeks of the new way from go-live, to Friday 5 June 2026. */
const NEW_WEEKS = 14;
const GO_LIVE = '2026-03-02';
/** 1 November 2025 to today, so every chart covers the same periods whatever the default range. */
const RANGE = 'from-day=1&from-month=11&from-year=2025&to-day=10&to-month=6&to-year=2026';

interface Seeded {
  site: Site;
  otherSite: Site;
  lead: User;
  ana: User;
  sessions: Map<number, string>;
  /** A record typed in through the form's own query, for the record page and the edit forms. */
  record: ContactRecord;
}

const OLD_OUTCOMES = ['long_term', 'resolved_c1', 'signposted'] as const;
const NEW_OUTCOMES = ['resolved_c1', 'community', 'long_term'] as const;

/**
 * Three contacts a week (Monday, Wednesday, Friday): the old way for 16 weeks before go-live, waiting
 * three weeks or so for a first conversation; the new way for 14 weeks after, waiting a few days.
 * Every week has a long-term outcome with a weekly cost, so each measure has a value every week.
 */
function weeklyContacts(siteId: number, leadWorkerId: number): (typeof contacts.$inferInsert)[] {
  const rows: (typeof contacts.$inferInsert)[] = [];
  const add = (way: 'old' | 'new', monday: IsoDate, week: number) => {
    for (const [index, offset] of [0, 2, 4].entries()) {
      const contactDate = addDays(monday, offset);
      const waited = way === 'old' ? 18 + ((week * 3 + index * 5) % 11) : 1 + ((week + index) % 5);
      const outcome = (way === 'old' ? OLD_OUTCOMES : NEW_OUTCOMES)[(week + index) % 3];
      rows.push({
        siteId,
        // Every fourth person comes back the next week, for the repeat-contact measure.
        personRef: `HX-${way === 'old' ? 'O' : 'N'}${String(week * 3 + index - (index === 0 && week % 4 === 1 ? 3 : 0)).padStart(3, '0')}`,
        contactDate,
        firstConversationDate: addDays(contactDate, waited),
        c1Date: addDays(contactDate, waited),
        outcome,
        handoffs: way === 'old' ? 2 + (index % 3) : index % 2,
        fundingPanel: outcome === 'long_term' && way === 'old',
        weeklyCostGbp: outcome === 'long_term' ? (way === 'old' ? 310 + week * 4 : 240 + week * 3).toFixed(2) : null,
        wayOfWorking: way,
        team: way === 'old' ? 'Duty team' : 'Northgate innovation site',
        leadWorkerId: way === 'new' ? leadWorkerId : null,
      });
    }
  };
  for (let week = 0; week < OLD_WEEKS; week += 1) add('old', addDays(OLD_START, 7 * week), week);
  for (let week = 0; week < NEW_WEEKS; week += 1) add('new', addDays(GO_LIVE, 7 * week), week);
  return rows;
}

async function seed(db: Db): Promise<Seeded> {
  // Three contacts a week: this site has chosen 3 as the fewest contacts behind a figure (the default, 5,
  // would leave every week marked and no chart with an icon; the SPC unit tests cover that).
  const site = await aSite(db, { name: 'Northgate Community Team', goLiveDate: GO_LIVE, minContacts: 3 });
  const otherSite = await aSite(db, { name: 'Riverside Neighbourhood Team', goLiveDate: '2026-04-06' });
  const lead = await aUser(db, { role: 'programme_lead', siteIds: [site.id, otherSite.id], name: 'Priya Shah' });
  const ana = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Ana Costa' });
  const sessions = new Map<number, string>();
  for (const user of [lead, ana]) sessions.set(user.id, (await createSession(db, { userId: user.id })).token);

  await db.insert(contacts).values(weeklyContacts(site.id, ana.id));
  await db.insert(contacts).values(weeklyContacts(otherSite.id, lead.id).filter((_, index) => index % 4 === 0));

  const fields = contactFields({ contactDate: '2026-06-03', team: 'Northgate innovation site', leadWorkerId: ana.id });
  const created = await db.transaction((tx) => createRecord(tx, site.id, fields, ana.id));
  const record = (await findRecord(db, site.id, created.id))!;
  return { site, otherSite, lead, ana, sessions, record };
}

type ChartWindow = {
  Chart?: { getChart(canvas: HTMLCanvasElement): { data: { labels: string[]; datasets: { data: (number | null)[] }[] } } | undefined };
};

describe('measures and contact records in a browser', () => {
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
    // A step that never comes fails in 15 s with the step named, not at the test's time limit.
    watched.page.setDefaultTimeout(15_000);
    opened.push(watched);
    return watched;
  }

  async function visit(page: Page, path: string, status = 200) {
    const response = await page.goto(path);
    assert.equal(response?.status(), status, `GET ${path}`);
  }

  const chartPath = (measure: string, options = '') => `/sites/${data.site.id}/measures/${measure}?${RANGE}${options}`;

  /** The export's point count for each way of working: the table must have a row for each. */
  async function exportedPoints(page: Page, measure: string, options = ''): Promise<Record<string, number>> {
    const response = await page.request.get(`/sites/${data.site.id}/measures/${measure}.json?${RANGE}${options}`);
    assert.equal(response.status(), 200);
    const json = (await response.json()) as { points: { wayOfWorking: string }[] };
    const counts: Record<string, number> = {};
    for (const point of json.points) counts[point.wayOfWorking] = (counts[point.wayOfWorking] ?? 0) + 1;
    return counts;
  }

  /** Waits for both ways' charts, and answers what each canvas shows beside its table. */
  async function drawnCharts(page: Page) {
    const handle = await page.waitForFunction(() => {
      const boxes = [...document.querySelectorAll<HTMLElement>('[data-spc-chart]')];
      if (boxes.length === 0) return undefined;
      const drawn = boxes.map((box) => {
        const canvas = box.querySelector('canvas')!;
        const chart = (window as unknown as ChartWindow).Chart?.getChart(canvas);
        const table = document.getElementById(box.dataset.spcChart!)!;
        return {
          id: box.dataset.spcChart!,
          hidden: box.hidden,
          width: canvas.width,
          height: canvas.height,
          labels: chart?.data.labels.length ?? -1,
          values: chart?.data.datasets[0].data.length ?? -1,
          rows: table.querySelectorAll('tbody tr').length,
        };
      });
      return drawn.every((chart) => !chart.hidden && chart.labels >= 0 && chart.width > 0 && chart.height > 0) ? drawn : undefined;
    });
    return (await handle.jsonValue())!;
  }

  describe('SPC chart pages', () => {
    it('draws both ways’ charts from their tables for every measure, with the variation label', async function () {
      this.timeout(60_000);
      const watched = await open(data.ana);
      const { page } = watched;
      for (const measure of MEASURES) {
        await visit(page, chartPath(measure.name));
        const charts = await drawnCharts(page);
        assert.deepEqual(
          charts.map((chart) => chart.id),
          ['spc-old', 'spc-new'],
          `${measure.name}: a chart for each way of working`,
        );
        const expected = await exportedPoints(page, measure.name);
        for (const chart of charts) {
          const way = chart.id.replace('spc-', '');
          assert.equal(chart.rows, expected[way], `${measure.name}, ${way}: a table row for each point of the export`);
          assert.equal(chart.labels, chart.rows, `${measure.name}, ${way}: the chart has a point for each row`);
          assert.equal(chart.values, chart.rows);
        }
        if (measure.name !== 'waiting') {
          assert.deepEqual(
            charts.map((chart) => chart.rows),
            [OLD_WEEKS, NEW_WEEKS],
            `${measure.name}: one row a week that had contacts`,
          );
        }
        const labels = await page.locator('.app-spc .app-variation').allInnerTexts();
        if (measure.name === 'weekly-cost') {
          // One long-term outcome with a cost a week: every week is from fewer than the site's 3 contacts,
          // so no point may give the chart an icon, and the summary says why.
          assert.equal(labels.length, 0, 'weekly-cost: no variation label from points of few contacts');
          const summaries = await page.locator('.app-spc .govuk-body-l').allInnerTexts();
          assert.equal(summaries.length, 2, 'weekly-cost: a summary in words for each chart');
          for (const summary of summaries) assert.match(summary, /fewer than 3 contacts/);
          continue;
        }
        assert.equal(labels.length, 2, `${measure.name}: a variation label for each way`);
        for (const label of labels)
          assert.match(
            label,
            /^(Common cause variation|Special cause variation: (improving|concerning|neither improving nor concerning))$/,
          );
        assert.equal(await page.locator('.app-spc .govuk-body-l').count(), 2, `${measure.name}: a summary in words for each chart`);
      }
      assertCleanConsole(watched);
    });

    it('draws a run chart, and a chart by month', async () => {
      const watched = await open(data.ana);
      const { page } = watched;

      await visit(page, chartPath('days-waited', '&kind=run'));
      let charts = await drawnCharts(page);
      assert.deepEqual(
        charts.map((chart) => [chart.id, chart.rows, chart.labels]),
        [
          ['spc-old', OLD_WEEKS, OLD_WEEKS],
          ['spc-new', NEW_WEEKS, NEW_WEEKS],
        ],
      );
      assert.equal(
        await page
          .locator('table[data-spc-table] thead th')
          .filter({ hasText: /^Median$/ })
          .count(),
        2,
        'the run chart’s table has a median',
      );
      assert.equal(
        await page
          .locator('table[data-spc-table] thead th')
          .filter({ hasText: /^Upper limit$/ })
          .count(),
        0,
        'and no process limits',
      );
      assert.match((await page.locator('canvas').first().getAttribute('aria-label')) ?? '', /^Run chart of /);
      assert.equal(await page.locator('.app-spc .app-variation').count(), 2);

      await visit(page, chartPath('resolved-c1', '&period=month'));
      charts = await drawnCharts(page);
      // November to February the old way; March to June (to the 5th) the new.
      assert.deepEqual(
        charts.map((chart) => [chart.id, chart.rows, chart.labels]),
        [
          ['spc-old', 4, 4],
          ['spc-new', 4, 4],
        ],
      );
      assert.deepEqual(await page.locator('#spc-new tbody th').allInnerTexts(), ['Mar 2026', 'Apr 2026', 'May 2026', 'Jun 2026 (so far)']);
      assert.equal(await page.locator('.app-spc .app-variation').count(), 2);
      assert.match(
        await page.locator('.app-spc .govuk-body-s').first().innerText(),
        /trial limits: fewer than 12 points/,
        'four months make trial limits',
      );

      await visit(page, chartPath('handoffs', '&period=month&kind=run'));
      charts = await drawnCharts(page);
      assert.deepEqual(
        charts.map((chart) => chart.rows),
        [4, 4],
      );
      assertCleanConsole(watched);
    });

    it('keeps the tables and hides the empty chart boxes without JavaScript', async () => {
      const plain = await open(data.ana, { javaScript: false });
      const { page } = plain;
      for (const options of ['', '&kind=run', '&period=month']) {
        await visit(page, chartPath('days-waited', options));
        const months = options.includes('month');
        assert.equal(await page.locator('#spc-old tbody tr').count(), months ? 4 : OLD_WEEKS);
        assert.equal(await page.locator('#spc-new tbody tr').count(), months ? 4 : NEW_WEEKS);
        assert.ok(await page.locator('#spc-old').isVisible(), 'the old way’s table shows');
        assert.ok(await page.locator('#spc-new').isVisible(), 'the new way’s table shows');
        assert.equal(await page.locator('[data-spc-chart]').count(), 2);
        for (const box of await page.locator('[data-spc-chart]').all())
          assert.equal(await box.isVisible(), false, 'no empty chart box without JavaScript');
        assert.equal(await page.locator('.app-spc .app-variation').count(), 2, 'the variation label does not need JavaScript');
      }
      assertCleanConsole(plain);
    });

    it('lets the keyboard reach each table’s scrolling region and shows where focus is', async () => {
      const watched = await open(data.ana);
      const { page } = watched;
      await visit(page, chartPath('days-waited'));
      await drawnCharts(page);
      const regions = page.locator('.app-table-scroll');
      assert.equal(await regions.count(), 2);
      for (const region of await regions.all()) {
        assert.equal(await region.getAttribute('tabindex'), '0');
        assert.equal(await region.getAttribute('role'), 'region');
      }
      assert.equal(await page.getByRole('region', { name: /days/i }).count(), 2, 'each region is named by its table’s caption');

      // The JSON download is the last link before the charts: one Tab on is the old way's table.
      await page.getByRole('link', { name: 'JSON', exact: true }).focus();
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        return {
          className: element.className,
          table: element.querySelector('table')?.id,
          outlineStyle: style.outlineStyle,
          outlineWidth: style.outlineWidth,
          outlineColor: style.outlineColor,
        };
      });
      assert.equal(focused.className, 'app-table-scroll', 'Tab reaches the scrolling region');
      assert.equal(focused.table, 'spc-old');
      assert.deepEqual(
        [focused.outlineStyle, focused.outlineWidth, focused.outlineColor],
        ['solid', '3px', YELLOW],
        'the focus style shows on the region',
      );

      // Where the table is taller than its region, the keyboard scrolls it.
      const scrollable = await page.evaluate(() => {
        const region = document.activeElement as HTMLElement;
        return region.scrollHeight > region.clientHeight;
      });
      if (scrollable) {
        await page.keyboard.press('PageDown');
        await page.waitForFunction(() => (document.activeElement as HTMLElement).scrollTop > 0);
      }
      assertCleanConsole(watched);
    });
  });

  describe('axe and a clean console', () => {
    it('the comparison page, with a 422, and across the lead’s sites', async () => {
      const watched = await open(data.lead);
      const { page } = watched;

      await visit(page, `/sites/${data.site.id}/measures?${RANGE}`);
      assert.equal(await page.locator('.app-headline').count(), MEASURES.length);
      assert.match(await page.locator('.app-headline').first().innerText(), /New way[\s\S]*Old way[\s\S]*Difference/);
      await assertNoAxeViolations(page, 'the comparison page');

      await visit(page, `/sites/${data.site.id}/measures`);
      await page.getByRole('group', { name: 'From' }).getByLabel('Day').fill('31');
      await page.getByRole('group', { name: 'From' }).getByLabel('Month').fill('2');
      await page.getByRole('group', { name: 'From' }).getByLabel('Year').fill('2026');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/measures?')),
        page.getByRole('button', { name: 'Show these dates' }).click(),
      ]);
      await page.waitForLoadState('load');
      assert.equal(response.status(), 422);
      assert.match(await page.title(), /^Error: /);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Start date/);
      assert.equal(await page.getByRole('group', { name: 'From' }).getByLabel('Day').inputValue(), '31', 'what was typed is kept');
      assert.equal(await page.locator('.app-headline').count(), 0);
      await assertNoAxeViolations(page, 'the comparison page after a 422');

      await visit(page, `/measures?${RANGE}`);
      assert.match(await page.locator('main').innerText(), /2 sites: .*Northgate Community Team.*Riverside Neighbourhood Team/);
      assert.equal(await page.locator('.app-headline').count(), MEASURES.length);
      await assertNoAxeViolations(page, 'the comparison across a lead’s sites');
      assertCleanConsole(watched);
    });

    it('an XmR chart page, a run chart page, and the chart page after a 422 from the change-date form', async () => {
      const watched = await open(data.lead);
      const { page } = watched;

      await visit(page, chartPath('days-waited'));
      await drawnCharts(page);
      await assertNoAxeViolations(page, 'an XmR chart page');

      await visit(page, chartPath('repeat-contact', '&kind=run&period=month'));
      await drawnCharts(page);
      await assertNoAxeViolations(page, 'a run chart page by month');

      await visit(page, chartPath('weekly-cost'));
      await drawnCharts(page);
      const changeDate = page.getByRole('group', { name: /Date of a change/ });
      await changeDate.getByLabel('Day').fill('1');
      await changeDate.getByLabel('Month').fill('7');
      await changeDate.getByLabel('Year').fill('2026');
      await page.getByLabel('What changed').fill('<script>alert(1)</script> Connector at huddles');
      assert.equal(await submitForm(page, 'Add the change'), 422);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Date of the change must be today or earlier/);
      assert.equal(
        await page.getByLabel('What changed').inputValue(),
        '<script>alert(1)</script> Connector at huddles',
        'what was typed is kept',
      );
      await drawnCharts(page);
      await assertNoAxeViolations(page, 'the chart page after a 422 from the change-date form');

      await page.getByLabel('What changed').fill('');
      await changeDate.getByLabel('Month').fill('5');
      assert.equal(await submitForm(page, 'Add the change'), 422);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter what changed/);
      await assertNoAxeViolations(page, 'the chart page after a 422 for a missing label');
      assertCleanConsole(watched);
    });

    it('the records list filtered with htmx and with a plain GET, a record, and the new and edit forms', async () => {
      const watched = await open(data.ana);
      const { page } = watched;
      const list = `/sites/${data.site.id}/contacts`;

      await visit(page, list);
      const total = OLD_WEEKS * 3 + NEW_WEEKS * 3 + 1;
      assert.equal(await page.locator('#record-results h2').innerText(), `${total} records`);
      await assertNoAxeViolations(page, 'the records list');

      // The filter with htmx: only the records part is swapped, the page is not loaded again.
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
      await page.getByLabel('Way of working').selectOption('old');
      const [swapped] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('way=old') && r.request().headers()['hx-request'] === 'true'),
        page.getByRole('button', { name: 'Show records' }).click(),
      ]);
      assert.equal(swapped.status(), 200);
      await page.locator('#record-results h2', { hasText: `${OLD_WEEKS * 3} records` }).waitFor();
      assert.equal(
        await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
        true,
        'htmx swapped the results in',
      );
      assert.match(page.url(), /way=old/, 'the filter is in the address');
      await page.waitForFunction(() => document.activeElement?.matches('#record-results h2'));
      await assertNoAxeViolations(page, 'the records list filtered with htmx');

      // A bad date range through htmx: the error summary is swapped in with the form.
      await page.getByRole('group', { name: 'Contact date from' }).getByLabel('Day').fill('30');
      await page.getByRole('group', { name: 'Contact date from' }).getByLabel('Month').fill('2');
      await page.getByRole('group', { name: 'Contact date from' }).getByLabel('Year').fill('2026');
      await page.getByRole('button', { name: 'Show records' }).click();
      await page.locator('#contact-records .govuk-error-summary').waitFor();
      await page.waitForFunction(() => document.activeElement?.matches('#contact-records .govuk-error-summary'));
      assert.match(await page.locator('#contact-records .govuk-error-summary').innerText(), /From date/);
      assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
      await assertNoAxeViolations(page, 'the records list after a 422 through htmx');

      // The same filter as a plain GET, without JavaScript.
      const plain = await open(data.ana, { javaScript: false });
      await visit(plain.page, `${list}?way=new&waiting=no&lead=${data.ana.id}`);
      assert.equal(await plain.page.locator('#record-results h2').innerText(), `${NEW_WEEKS * 3} records`);
      assert.equal(await plain.page.locator('.app-records-table tbody tr').count(), NEW_WEEKS * 3);
      await plain.page.getByLabel('Outcome').selectOption('long_term');
      await Promise.all([plain.page.waitForURL(/outcome=long_term/), plain.page.getByRole('button', { name: 'Show records' }).click()]);
      assert.match(await plain.page.locator('#record-results h2').innerText(), /^\d+ records?$/);
      const longTerm = await plain.page.locator('.app-records-table tbody tr td:nth-child(5)').allInnerTexts();
      assert.ok(longTerm.length > 0);
      for (const outcome of longTerm) assert.equal(outcome, 'Long-term support package');
      assertCleanConsole(plain);
      // axe needs JavaScript to run, so it checks the same plain GET (a whole page load) in the other page.
      await visit(page, plain.page.url().replace(shared.server.url, ''));
      assert.equal(await page.locator('#record-results h2').innerText(), `${longTerm.length} record${longTerm.length === 1 ? '' : 's'}`);
      await assertNoAxeViolations(page, 'the records list filtered with a plain GET');

      await visit(page, `${list}/${data.record.id}`);
      assert.match(await page.locator('h1').innerText(), /Contact record HX-0417/);
      await assertNoAxeViolations(page, 'a contact record');

      await visit(page, `${list}/new`);
      await assertNoAxeViolations(page, 'the new record form');

      await visit(page, `${list}/${data.record.id}/edit`);
      await assertNoAxeViolations(page, 'the edit form');
      assertCleanConsole(watched);
    });

    it('the edit form after someone else saved the record (409)', async () => {
      const db = shared.t.database.db;
      const watched = await open(data.ana);
      const { page } = watched;
      await visit(page, `/sites/${data.site.id}/contacts/${data.record.id}/edit`);

      const saved = (await findRecord(db, data.site.id, data.record.id))!;
      const {
        id: _id,
        siteId: _siteId,
        version,
        createdBy: _by,
        createdAt: _at,
        updatedAt: _upd,
        huddleId: _huddle,
        importId: _import,
        cameBack: _came,
        leadWorkerName: _l,
        createdByName: _c,
        huddleDate: _h,
        ...fields
      } = saved;
      const theirs = await db.transaction((tx) =>
        updateRecord(tx, data.site.id, saved.id, version, { ...fields, team: 'Changed by the duty desk' }),
      );
      assert.ok(theirs, 'the other save went in');

      const mine = 'Northgate Tuesday drop-in';
      await page.getByLabel(/^Team/).fill(mine);
      assert.equal(await submitForm(page, 'Save record'), 409);
      assert.match(await page.locator('.govuk-error-summary').first().innerText(), /Someone else changed this record/);
      assert.match(await page.locator('table.app-conflict-table').innerText(), /Changed by the duty desk[\s\S]*Northgate Tuesday drop-in/);
      assert.equal(await page.getByLabel(/^Team/).inputValue(), mine, 'what was typed is kept');
      await assertNoAxeViolations(page, 'the edit form after a 409');
      assertCleanConsole(watched);
    });
  });
});
