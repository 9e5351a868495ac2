import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import type { Site, User } from '../../server/db/schema.js';
import { anItem } from './helpers.js';

const HTMX_PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

function csvOf(visitor: Visitor, path: string) {
  return visitor
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done(null, body));
    });
}

// Wednesday 10 June 2026 in London.
describe('the log of what is getting in the way', () => {
  let t: TestApp;
  let north: Site;
  let south: Site;
  let elsewhere: Site;
  let owner: User;
  let southOwner: User;
  let member: Visitor;
  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    north = await aSite(db, { name: 'North team' });
    south = await aSite(db, { name: 'South team' });
    elsewhere = await aSite(db, { name: 'Elsewhere team' });
    owner = await aUser(db, { role: 'practitioner', siteIds: [north.id], name: 'Siân' });
    southOwner = await aUser(db, { role: 'practitioner', siteIds: [south.id], name: 'Dafydd' });
    member = await signedIn(t.app, db, 'practitioner', { siteIds: [north.id] });
    await anItem(db, north, owner, { title: 'Newer open', raisedOn: '2026-06-08', status: 'in_hand', category: 'policy' });
    await anItem(db, north, owner, { title: 'Oldest open', raisedOn: '2026-05-01', status: 'escalated', category: 'it_system' });
    await anItem(db, north, owner, {
      title: 'Resolved quickly',
      raisedOn: '2026-05-01',
      resolvedOn: '2026-05-05',
      status: 'resolved',
      whatChanged: 'Form changed',
    });
    await anItem(db, north, owner, {
      title: 'Resolved slowly',
      raisedOn: '2026-04-01',
      resolvedOn: '2026-05-01',
      status: 'resolved',
      whatChanged: 'Panel dropped',
    });
    await anItem(db, north, owner, {
      title: 'Resolved middling',
      raisedOn: '2026-04-01',
      resolvedOn: '2026-04-11',
      status: 'resolved',
      whatChanged: 'Rule relaxed',
    });
    await anItem(db, north, owner, { title: 'Cannot change this', raisedOn: '2026-03-01', status: 'cannot_change', category: 'policy' });
    await anItem(db, south, southOwner, { title: 'South problem', raisedOn: '2026-02-01', category: 'community' });
    await anItem(db, elsewhere, southOwner, { title: 'Elsewhere problem', raisedOn: '2026-01-01' });
  });
  after(async () => t.close());

  const base = () => `/sites/${north.id}/getting-in-the-way`;

  it('lists a site’s items oldest open first, then closed ones, with age or time to resolve', async () => {
    const res = await member.get(base()).expect(200);
    assert.match(res.text, /<title>What is getting in the way – North team/);
    assert.doesNotMatch(res.text, /still being built/);
    const order = ['Oldest open', 'Newer open', 'Resolved quickly', 'Resolved slowly', 'Resolved middling', 'Cannot change this'].map(
      (title) => res.text.indexOf(`${title}</a>`),
    );
    assert.ok(
      order.every((index) => index > 0),
      'every item is listed',
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.doesNotMatch(res.text, /South problem/);
    assert.match(res.text, /40 days open/, 'oldest open: 1 May to 10 June');
    assert.match(res.text, /2 days open/);
    assert.match(res.text, /Resolved in 4 days/);
    assert.match(res.text, /Resolved in 30 days/);
    assert.match(res.text, /Siân/);
  });

  it('counts by status and category, and gives the median and mean time to resolve', async () => {
    const res = await member.get(base()).expect(200);
    const count = (caption: string, label: string) => {
      const table = res.text.slice(res.text.indexOf(caption));
      const match = new RegExp(
        `<th scope="row" class="govuk-table__header">${label}</th>\\s*<td class="govuk-table__cell">(\\d+)</td>`,
      ).exec(table);
      return Number(match?.[1]);
    };
    assert.equal(count('Items by status', 'Resolved'), 3);
    assert.equal(count('Items by status', 'In hand'), 1);
    assert.equal(count('Items by status', 'Open'), 0);
    assert.equal(count('Items by status', 'All'), 6);
    assert.equal(count('Items by category', 'Policy'), 2);
    assert.equal(count('Items by category', 'Process'), 3);
    assert.equal(count('Items by category', 'Community'), 0);
    // Resolved in 4, 30 and 10 days: median 10, mean 14.7.
    assert.match(res.text, /Median time to resolve<\/dt>\s*<dd class="govuk-summary-list__value">10 days/);
    assert.match(res.text, /Mean time to resolve<\/dt>\s*<dd class="govuk-summary-list__value">14.7 days/);
  });

  it('filters by status and category with a GET form that htmx enhances', async () => {
    const form = await member.get(base()).expect(200);
    assert.match(form.text, new RegExp(`hx-get="${base()}" hx-target="#log-results" hx-push-url="true"`));
    const resolved = await member.get(`${base()}?status=resolved`).expect(200);
    assert.match(resolved.text, /3 items/);
    assert.doesNotMatch(resolved.text, /Oldest open<\/a>/);
    const policy = await member.get(`${base()}?category=policy`, HTMX_PARTIAL).expect(200);
    assert.match(policy.text, /^<div id="log-results"/);
    assert.match(policy.text, /2 items/);
    assert.match(policy.text, /Newer open/);
    assert.match(policy.text, new RegExp(`href="${base()}.csv\\?category=policy"`));
    await member.get(`${base()}?status=<script>&category=nope&page=x`).expect(200);
  });

  it('shows a lead every site they belong to, with a site column, and an administrator all of them', async () => {
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [north.id, south.id] });
    const res = await lead.get('/getting-in-the-way').expect(200);
    assert.match(res.text, /govuk-service-navigation__link" href="\/getting-in-the-way" aria-current="page"/, 'in the service navigation');
    assert.match(res.text, /<th scope="col" class="govuk-table__header">Site<\/th>/);
    assert.match(res.text, /South problem/);
    assert.doesNotMatch(res.text, /Elsewhere problem/);
    assert.match(res.text, /7 items/);
    assert.ok(res.text.indexOf('South problem') < res.text.indexOf('Oldest open'), 'oldest open first, across sites');
    const admin = await signedIn(t.app, t.database.db, 'administrator');
    const all = await admin.get('/getting-in-the-way').expect(200);
    assert.match(all.text, /8 items/);
    assert.ok(all.text.indexOf('Elsewhere problem') < all.text.indexOf('South problem'));
    const practitioner = await member.get('/getting-in-the-way').expect(200);
    assert.match(practitioner.text, /6 items/);
    assert.doesNotMatch(
      practitioner.text,
      /govuk-service-navigation__link" href="\/getting-in-the-way"/,
      'practitioners are not given the menu link',
    );
    const loner = await signedIn(t.app, t.database.db, 'practitioner');
    assert.match((await loner.get('/getting-in-the-way').expect(200)).text, /No items match/);
  });

  it('exports the log as CSV with every column and formula-looking cells made safe', async () => {
    const db = t.database.db;
    const hostile = await aSite(db, { name: 'Hostile site' });
    const writer = await aUser(db, { role: 'practitioner', siteIds: [hostile.id], name: '=cmd|calc' });
    const visitor = await signedIn(t.app, db, 'practitioner', { siteIds: [hostile.id] });
    await anItem(db, hostile, writer, { title: '=HYPERLINK("http://x")', raisedOn: '2026-06-01' });
    await anItem(db, hostile, writer, {
      title: '@SUM(1)',
      raisedOn: '2026-06-02',
      status: 'resolved',
      resolvedOn: '2026-06-04',
      whatChanged: '+1 -1\tx',
    });
    await anItem(db, hostile, writer, { title: 'Cymraeg: ŵ ŷ 🙂, "quoted"', raisedOn: '2026-06-03' });
    const res = await csvOf(visitor, `/sites/${hostile.id}/getting-in-the-way.csv`).expect(200);
    assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
    assert.equal(res.headers['content-disposition'], `attachment; filename="getting-in-the-way-site-${hostile.id}-2026-06-10.csv"`);
    const text = res.body as string;
    assert.ok(
      text.startsWith(
        '\uFEFFsite,id,title,category,description,owner,escalated to,status,what changed,raised on,resolved on,age in days (open items),days to resolve\r\n',
      ),
    );
    const lines = text.slice(1).trim().split('\r\n');
    assert.equal(lines.length, 4);
    assert.match(lines[1], /^Hostile site,\d+,"'=HYPERLINK\(""http:\/\/x""\)",Process,,'=cmd\|calc,,Open,,2026-06-01,,9,$/);
    assert.match(lines[2], /^Hostile site,\d+,"Cymraeg: ŵ ŷ 🙂, ""quoted""",Process,,'=cmd\|calc,,Open,,2026-06-03,,7,$/);
    assert.match(lines[3], /^Hostile site,\d+,'@SUM\(1\),Process,,'=cmd\|calc,,Resolved,'\+1 -1\tx,2026-06-02,2026-06-04,,2$/);
    const filtered = await csvOf(visitor, `/sites/${hostile.id}/getting-in-the-way.csv?status=resolved`).expect(200);
    assert.equal((filtered.body as string).trim().split('\r\n').length, 2);

    const lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [north.id, hostile.id] });
    const across = await csvOf(lead, '/getting-in-the-way.csv').expect(200);
    assert.equal(across.headers['content-disposition'], 'attachment; filename="getting-in-the-way-all-sites-2026-06-10.csv"');
    const acrossText = across.body as string;
    assert.match(acrossText, /\r\nNorth team,/);
    assert.match(acrossText, /\r\nHostile site,/);
    assert.doesNotMatch(acrossText, /South team/);
  });

  it('keeps people to their own sites and refuses experts by experience', async () => {
    await member.get(`/sites/${south.id}/getting-in-the-way`).expect(403);
    await member.get(`/sites/${south.id}/getting-in-the-way.csv`).expect(403);
    const expert = await signedIn(t.app, t.database.db, 'expert_by_experience', { siteIds: [north.id] });
    for (const path of [base(), `${base()}.csv`, '/getting-in-the-way', '/getting-in-the-way.csv', `${base()}/new`])
      await expert.get(path).expect(403);
  });
});
