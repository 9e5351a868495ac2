import assert from 'node:assert/strict';
import { addDays } from '../../server/calendar/fortnights.js';
import { contacts, type Site } from '../../server/db/schema.js';
import { SIGNALS } from '../../server/measures/spc.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

describe('SPC chart pages and the measures export', () => {
  let t: TestApp;
  let site: Site;
  let lead: Visitor;
  let practitioner: Visitor;
  const range = 'from-day=1&from-month=9&from-year=2025&to-day=31&to-month=5&to-year=2026';
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    // Three contacts a week: the site's minimum is 3, so each week can drive the icon and the sentence.
    site = await aSite(t.database.db, { name: 'Northgate', goLiveDate: '2026-03-02', minContacts: 3 });
    lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    // Each Monday from September 2025: three contacts, old way before go-live (waits of 20 to 22
    // days), new way after (waits of 2 to 4 days).
    const rows = [];
    for (let monday = '2025-09-01', k = 0; monday <= '2026-05-25'; monday = addDays(monday, 7), k += 1) {
      const old = monday < '2026-03-02';
      for (let i = 0; i < 3; i += 1) {
        const wait = (old ? 20 : 2) + ((k + i) % 3);
        rows.push({
          siteId: site.id,
          personRef: `W-${k}-${i}`,
          contactDate: monday,
          firstConversationDate: addDays(monday, wait),
          wayOfWorking: (old ? 'old' : 'new') as 'old' | 'new',
        });
      }
    }
    await t.database.db.insert(contacts).values(rows);
  });
  after(async () => t.close());

  it('shows each way of working as a chart with its data table, summary and variation', async () => {
    const res = await practitioner.get(`/sites/${site.id}/measures/days-waited?${range}`).expect(200);
    assert.match(res.text, /<h2 class="govuk-heading-m" id="spc-old-heading">Old way<\/h2>/);
    assert.match(res.text, /<h2 class="govuk-heading-m" id="spc-new-heading">New way<\/h2>/);
    assert.match(res.text, /<table class="govuk-table app-spc-table" id="spc-new"/);
    assert.match(
      res.text,
      /data-spc-chart="spc-new" hidden>\s*<canvas role="img" aria-label="XmR chart of days waited for a first conversation, new way, by week/,
    );
    assert.match(res.text, /The latest value, 3 days on/);
    assert.match(res.text, /Common cause variation|Special cause variation/);
    assert.match(res.text, /src="\/static\/js\/spc-chart.js"/);
    assert.match(res.text, /Phase from 2 Mar 2026/);
    const run = await practitioner.get(`/sites/${site.id}/measures/days-waited?${range}&kind=run&period=month`).expect(200);
    assert.match(run.text, /Run chart of days waited for a first conversation, new way, by month/);
    assert.doesNotMatch(run.text, /Upper limit/);
  });

  it('exports the contract as JSON and CSV', async () => {
    const res = await practitioner.get(`/sites/${site.id}/measures/days-waited.json?${range}`).expect(200);
    const body = res.body;
    assert.deepEqual(Object.keys(body).sort(), ['improvement', 'measure', 'period', 'points', 'site']);
    assert.deepEqual(body.site, { id: site.id, name: 'Northgate' });
    assert.equal(body.measure, 'days-waited');
    assert.equal(body.period, 'week');
    assert.equal(body.improvement, 'lower');
    const first = body.points[0];
    assert.deepEqual(Object.keys(first), [
      'periodStart',
      'wayOfWorking',
      'value',
      'p90',
      'n',
      'phase',
      'mean',
      'upperLimit',
      'lowerLimit',
      'trialLimits',
      'signals',
      'variation',
      'incomplete',
      'immature',
      'few',
    ]);
    // Rounded as the page shows them; every point carries its icon and whether its limits are trial limits.
    for (const point of body.points) {
      for (const key of ['value', 'p90', 'mean', 'upperLimit', 'lowerLimit']) {
        if (point[key] !== null) assert.equal(point[key], Math.round(point[key] * 10) / 10, `${key} ${point[key]}`);
      }
      assert.ok(['common-cause', 'improvement', 'concern', 'neither', null].includes(point.variation));
      assert.equal(typeof point.trialLimits, 'boolean');
    }
    // Waits of 2, 3 and 4 days each new-way week: median 3, 90th percentile 3.8.
    const complete = body.points.filter((p: { wayOfWorking: string; incomplete: boolean }) => p.wayOfWorking === 'new' && !p.incomplete);
    assert.ok(
      complete.length > 0 && complete.every((p: { p90: number }) => p.p90 === 3.8),
      JSON.stringify(complete.map((p: { p90: number }) => p.p90)),
    );
    assert.ok(body.points.some((p: { variation: string | null }) => p.variation !== null));
    assert.equal(body.points.find((p: { wayOfWorking: string }) => p.wayOfWorking === 'new').trialLimits, false, '13 points since go-live');
    assert.match(first.periodStart, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(body.points.every((p: { signals: string[] }) => p.signals.every((s) => (SIGNALS as readonly string[]).includes(s))));
    const newWay = body.points.filter((p: { wayOfWorking: string }) => p.wayOfWorking === 'new');
    assert.equal(newWay.length, 13, 'a point a week from go-live to the end of May');
    assert.ok(newWay.every((p: { value: number; n: number }) => p.value >= 2 && p.value <= 4 && p.n === 3));
    const csv = await practitioner.get(`/sites/${site.id}/measures/days-waited.csv?${range}`).expect(200);
    assert.match(csv.headers['content-type'], /text\/csv/);
    assert.match(csv.headers['content-disposition'], /attachment; filename="?site-\d+-days-waited-week.csv"?/);
    const lines = csv.text.trim().split('\r\n');
    assert.equal(
      lines[0],
      'periodStart,wayOfWorking,value,p90,n,phase,mean,upperLimit,lowerLimit,trialLimits,signals,variation,incomplete,immature,few',
    );
    assert.ok(
      lines.slice(1).every((line) => !/\d\.\d{3,}/.test(line)),
      'no long decimals',
    );
    assert.equal(lines.length, body.points.length + 1);
    const bad = await practitioner
      .get(`/sites/${site.id}/measures/days-waited.json?from-day=40&from-month=1&from-year=2026&to-day=1&to-month=2&to-year=2026`)
      .expect(422);
    assert.match(bad.body.errors[0], /Start date must be a real date/);
  });

  it('marks outcome measures not yet mature while a week has contacts too new for their outcome to be known', async () => {
    // No contact here has an outcome; today is 10 June 2026, so with the site's 90 days those from 12 March on are not yet known.
    const body = (await practitioner.get(`/sites/${site.id}/measures/funding-panel.json?${range}`).expect(200)).body;
    const immature = body.points.filter((p: { immature: boolean }) => p.immature).map((p: { periodStart: string }) => p.periodStart);
    assert.equal(immature[0], '2026-03-16');
    assert.equal(immature.at(-1), '2026-05-25');
    assert.ok(
      body.points.filter((p: { periodStart: string }) => p.periodStart < '2026-03-12').every((p: { immature: boolean }) => !p.immature),
    );
    assert.ok(
      body.points
        .filter((p: { immature: boolean }) => p.immature)
        .every((p: { variation: string | null; signals: string[] }) => p.variation === null && p.signals.length === 0),
    );
    // Days waited is not an outcome measure: nothing is immature.
    const waited = (await practitioner.get(`/sites/${site.id}/measures/days-waited.json?${range}`).expect(200)).body;
    assert.ok(waited.points.every((p: { immature: boolean }) => !p.immature));
    const page = await practitioner.get(`/sites/${site.id}/measures/funding-panel?${range}`).expect(200);
    assert.match(page.text, /outcomes not all known yet/);
  });

  it('never marks people waiting as few: it counts people at the week’s end, not a figure made from contacts', async () => {
    // New-way waits of 2 to 4 days from a Monday: nobody is waiting at a week's end, fewer than the site's 3.
    const body = (await practitioner.get(`/sites/${site.id}/measures/waiting.json?${range}`).expect(200)).body;
    const newWay = body.points.filter((p: { wayOfWorking: string }) => p.wayOfWorking === 'new');
    assert.ok(
      newWay.length > 0 && newWay.every((p: { value: number }) => p.value === 0),
      JSON.stringify(newWay.map((p: { value: number }) => p.value)),
    );
    assert.ok(body.points.every((p: { few: boolean }) => p.few === false));
    assert.notEqual(newWay.at(-1).variation, null, 'the latest week still gives the chart its icon');
    const page = await practitioner.get(`/sites/${site.id}/measures/waiting?${range}`).expect(200);
    assert.doesNotMatch(page.text, /fewer than 3 contacts/);
  });

  it('lets a lead mark a change date, which starts a new phase', async () => {
    await practitioner
      .post(`/sites/${site.id}/measures/days-waited/changes`, {
        'changeDate-day': '6',
        'changeDate-month': '4',
        'changeDate-year': '2026',
        label: 'x',
      })
      .expect(403);
    const refused = await lead
      .post(`/sites/${site.id}/measures/days-waited/changes`, {
        'changeDate-day': '6',
        'changeDate-month': '4',
        'changeDate-year': '2027',
        label: '',
      })
      .expect(422);
    assert.match(refused.text, /Date of the change must be today or earlier/);
    assert.match(refused.text, /Enter what changed/);
    await lead
      .post(`/sites/${site.id}/measures/days-waited/changes`, {
        'changeDate-day': '6',
        'changeDate-month': '4',
        'changeDate-year': '2026',
        label: 'Community connector at every huddle <b>',
      })
      .expect(303);
    const page = await lead.get(`/sites/${site.id}/measures/days-waited?${range}`).expect(200);
    assert.match(page.text, /Monday 6 April 2026: Community connector at every huddle &lt;b&gt;/);
    const body = (await lead.get(`/sites/${site.id}/measures/days-waited.json?${range}`).expect(200)).body;
    const phases = new Set(
      body.points.filter((p: { wayOfWorking: string }) => p.wayOfWorking === 'new').map((p: { phase: number }) => p.phase),
    );
    assert.equal(phases.size, 2, 'go-live, then the change');
  });

  it('answers 404 for a measure that does not exist, and refuses experts by experience', async () => {
    await practitioner.get(`/sites/${site.id}/measures/happiness`).expect(404);
    await practitioner.get(`/sites/${site.id}/measures/happiness.json`).expect(404);
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [site.id] });
    await expert.get(`/sites/${site.id}/measures/days-waited`).expect(403);
    await expert.get(`/sites/${site.id}/measures/days-waited.json`).expect(403);
  });
});
