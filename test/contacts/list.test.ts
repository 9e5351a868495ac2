import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aSite } from '../helpers/sites.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { contacts, type Site, type User } from '../../server/db/schema.js';
import { aContact } from './helpers.js';

const HTMX_PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
const rowCount = (html: string) => (html.match(/<a class="govuk-link" href="\/sites\/\d+\/contacts\/\d+">/g) ?? []).length;

// Wednesday 10 June 2026 in London.
describe('the contact records list', () => {
  let t: TestApp;
  let site: Site;
  let member: Visitor;
  let worker: User;
  const base = () => `/sites/${site.id}/contacts`;

  before(async () => {
    t = await createTestApp({ now: '2026-06-10T08:00:00Z' });
    const db = t.database.db;
    site = await aSite(db, { name: 'Records site' });
    member = await signedIn(t.app, db, 'practitioner', { siteIds: [site.id] });
    worker = await aUser(db, { role: 'practitioner', siteIds: [site.id], name: 'Siân Ŵyn' });
    await aContact(db, site, { personRef: 'WAIT-1', contactDate: '2026-06-01', wayOfWorking: 'new', leadWorkerId: worker.id });
    await aContact(db, site, {
      personRef: 'SEEN-2',
      contactDate: '2026-05-20',
      firstConversationDate: '2026-05-23',
      c1Date: '2026-05-23',
      c2Date: '2026-05-30',
      outcome: 'community',
      wayOfWorking: 'new',
    });
    await aContact(db, site, {
      personRef: 'OLD-3',
      contactDate: '2025-01-15',
      firstConversationDate: '2025-02-08',
      highestConversation: 3,
      outcome: 'long_term',
      wayOfWorking: 'old',
      team: 'Hen dîm',
    });
    await aContact(db, site, {
      personRef: 'OLD-4',
      contactDate: '2025-01-10',
      firstConversationDate: '2025-01-11',
      c1Date: '2025-01-11',
      outcome: 'resolved_c1',
      wayOfWorking: 'old',
    });
    const other = await aSite(db, { name: 'Another site' });
    await aContact(db, other, { personRef: 'ELSEWHERE-9', contactDate: '2026-06-02' });
  });
  after(async () => t.close());

  it('lists the site’s records newest first, with days waited, conversations, outcome, lead worker and way of working', async () => {
    const res = await member.get(base()).expect(200);
    assert.match(res.text, /<title>Contact records – Records site/);
    assert.match(res.text, new RegExp(`<a href="/sites/${site.id}" class="govuk-back-link">Back to Records site</a>`));
    assert.match(res.text, />4 records</);
    assert.doesNotMatch(res.text, /ELSEWHERE-9/);
    const order = ['WAIT-1', 'SEEN-2', 'OLD-3', 'OLD-4'].map((ref) => res.text.indexOf(`>${ref}</a>`));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'newest contact first',
    );
    assert.ok(order.every((index) => index > 0));
    assert.match(
      res.text,
      /WAIT-1<\/a><\/td>\s*<td class="govuk-table__cell">1 Jun 2026<\/td>\s*<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--yellow">Waiting 9 days<\/strong><\/td>\s*<td class="govuk-table__cell">None yet<\/td>\s*<td class="govuk-table__cell">No outcome yet<\/td>\s*<td class="govuk-table__cell">Siân Ŵyn<\/td>\s*<td class="govuk-table__cell">New way<\/td>/,
    );
    assert.match(
      res.text,
      /SEEN-2<\/a><\/td>\s*<td class="govuk-table__cell">20 May 2026<\/td>\s*<td class="govuk-table__cell">3 days<\/td>\s*<td class="govuk-table__cell">2<\/td>\s*<td class="govuk-table__cell">Connected to community<\/td>\s*<td class="govuk-table__cell">None<\/td>/,
    );
    assert.match(
      res.text,
      /OLD-3<\/a><\/td>\s*<td class="govuk-table__cell">15 Jan 2025<\/td>\s*<td class="govuk-table__cell">24 days<\/td>\s*<td class="govuk-table__cell">3<\/td>\s*<td class="govuk-table__cell">Long-term support package<\/td>/,
    );
    assert.match(
      res.text,
      /OLD-4<\/a><\/td>\s*<td class="govuk-table__cell">10 Jan 2025<\/td>\s*<td class="govuk-table__cell">1 day<\/td>/,
    );
    // Every row links to its record.
    assert.equal(rowCount(res.text), 4);
  });

  it('filters with a GET form that htmx enhances, each filter alone and together', async () => {
    const form = await member.get(base()).expect(200);
    assert.match(
      form.text,
      new RegExp(`<form method="get" action="${base()}" hx-get="${base()}" hx-target="#contact-records" hx-push-url="true"`),
    );
    for (const [name, text] of Object.entries({
      resolved_c1: 'Resolved in conversation 1',
      community: 'Connected to community',
      equipment: 'Equipment or adaptation',
      short_term: 'Short-term support',
      long_term: 'Long-term support package',
      signposted: 'Signposted elsewhere',
      nfa: 'No further action',
      none: 'No outcome yet',
    })) {
      assert.match(form.text, new RegExp(`<option value="${name}">${text}</option>`));
    }
    assert.match(form.text, new RegExp(`<option value="${worker.id}">Siân Ŵyn</option>`));

    const cases: [string, string[]][] = [
      ['conversation=1', ['OLD-4']],
      ['conversation=2', ['SEEN-2']],
      ['conversation=3', ['OLD-3']],
      ['outcome=long_term', ['OLD-3']],
      ['outcome=none', ['WAIT-1']],
      [`lead=${worker.id}`, ['WAIT-1']],
      ['lead=none', ['SEEN-2', 'OLD-3', 'OLD-4']],
      ['waiting=yes', ['WAIT-1']],
      ['waiting=no', ['SEEN-2', 'OLD-3', 'OLD-4']],
      ['way=old', ['OLD-3', 'OLD-4']],
      ['way=new', ['WAIT-1', 'SEEN-2']],
      ['from-day=11&from-month=1&from-year=2025&to-day=20&to-month=May&to-year=2026', ['SEEN-2', 'OLD-3']],
      ['way=old&outcome=resolved_c1&waiting=no', ['OLD-4']],
    ];
    for (const [query, refs] of cases) {
      const res = await member.get(`${base()}?${query}`).expect(200);
      const shown = [...res.text.matchAll(/contacts\/\d+">([A-Z]+-\d)<\/a>/g)].map((match) => match[1]);
      assert.deepEqual(shown, refs, query);
      assert.match(res.text, new RegExp(refs.length === 1 ? '>1 record<' : `>${refs.length} records<`), query);
    }
    // The chosen filter stays chosen.
    assert.match((await member.get(`${base()}?way=old`).expect(200)).text, /<option value="old" selected>Old way<\/option>/);
  });

  it('answers htmx with the filter and results alone', async () => {
    const partial = await member.get(`${base()}?way=old`, HTMX_PARTIAL).expect(200);
    assert.match(partial.text, /^<div id="contact-records">/);
    assert.doesNotMatch(partial.text, /<html/);
    assert.match(partial.headers.vary ?? '', /HX-Request-Type/);
    assert.match(partial.text, /data-focus-after-swap>2 records</);
  });

  it('refuses a bad date range with 422, the error summary and what was typed', async () => {
    const impossible = await member.get(`${base()}?from-day=31&from-month=2&from-year=2026`).expect(422);
    assert.match(impossible.text, /<title>Error: Contact records/);
    assert.match(impossible.text, /<a href="#from-day">From date must be a real date<\/a>/);
    assert.match(impossible.text, /name="from-day" type="text" inputmode="numeric" value="31"/);
    assert.doesNotMatch(impossible.text, /OLD-3/);

    const backwards = await member.get(`${base()}?from-day=2&from-month=6&from-year=2026&to-day=1&to-month=6&to-year=2026`).expect(422);
    assert.match(backwards.text, /From date must be the same as or before the to date/);
    assert.match(backwards.text, /name="to-day" type="text" inputmode="numeric" value="1"/);

    const partYear = await member.get(`${base()}?to-day=1&to-month=6&to-year=26`).expect(422);
    assert.match(partYear.text, /Year must include 4 numbers/);

    const hostile = await member.get(`${base()}?from-day=%3Cscript%3Ealert(1)%3C/script%3E&from-month=1&from-year=2026`).expect(422);
    assert.doesNotMatch(hostile.text, /<script>alert/);
    assert.match(hostile.text, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);

    const partial = await member.get(`${base()}?from-day=40&from-month=1&from-year=2026`, HTMX_PARTIAL).expect(422);
    assert.match(partial.text, /^<div id="contact-records" data-focus-after-swap>/);
    assert.match(partial.text, /govuk-error-summary/);
  });

  it('reads nonsense in the choices or the cursor as “any”, never an error', async () => {
    await member.get(`${base()}?conversation=9&outcome=%3Cb%3E&lead=abc&waiting=maybe&way=both`).expect(200);
    await member.get(`${base()}?lead=99999999999&after=2026-02-30_5`).expect(200);
    await member.get(`${base()}?before=garbage&after=2026-01-01_99999999999`).expect(200);
    const beyond = await member.get(`${base()}?after=2000-01-01_1`).expect(200);
    assert.match(beyond.text, /There are no records on this page/);
  });

  it('pages 50 at a time by keyset, forwards and back, keeping the filter', async () => {
    const db = t.database.db;
    const big = await aSite(db, { name: 'Busy site' });
    const lead = await signedIn(t.app, db, 'programme_lead', { siteIds: [big.id] });
    // 120 records, three a day, so several share each contact date and the id breaks the tie.
    await db.insert(contacts).values(
      Array.from({ length: 120 }, (_, index) => ({
        siteId: big.id,
        personRef: `BULK-${String(index + 1).padStart(3, '0')}`,
        contactDate: `2026-0${1 + Math.floor(index / 3 / 28)}-${String(1 + (Math.floor(index / 3) % 28)).padStart(2, '0')}`,
        wayOfWorking: 'old' as const,
      })),
    );
    const url = `/sites/${big.id}/contacts`;
    const first = await lead.get(`${url}?way=old`).expect(200);
    assert.match(first.text, />120 records</);
    assert.match(first.text, /Showing 50 of 120/);
    assert.equal(rowCount(first.text), 50);
    assert.match(first.text, />BULK-120</);
    assert.doesNotMatch(first.text, /rel="prev"/);
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&');
    assert.match(next, /\?way=old&after=2026-01-24_\d+$/, 'the cursor is the last row shown: BULK-071, of 24 January');

    const second = await lead.get(next).expect(200);
    assert.equal(rowCount(second.text), 50);
    assert.match(second.text, />BULK-070</);
    assert.doesNotMatch(second.text, />BULK-071</);
    const third = await lead.get(/href="([^"]+)" rel="next"/.exec(second.text)![1].replace(/&amp;/g, '&')).expect(200);
    assert.equal(rowCount(third.text), 20);
    assert.match(third.text, />BULK-001</);
    assert.doesNotMatch(third.text, /rel="next"/);

    const back = await lead.get(/href="([^"]+)" rel="prev"/.exec(third.text)![1].replace(/&amp;/g, '&')).expect(200);
    assert.equal(back.text.match(/>BULK-\d+</g)!.join(), second.text.match(/>BULK-\d+</g)!.join(), 'Previous shows the page before again');
    const newest = await lead.get(/href="([^"]+)" rel="prev"/.exec(back.text)![1].replace(/&amp;/g, '&')).expect(200);
    assert.equal(newest.text.match(/>BULK-\d+</g)!.join(), first.text.match(/>BULK-\d+</g)!.join());
    assert.doesNotMatch(newest.text, /rel="prev"/);

    const oldest = await lead.get(`${url}?way=old&oldest=yes`).expect(200);
    assert.equal(rowCount(oldest.text), 50);
    assert.match(oldest.text, />BULK-001</);
    assert.match(oldest.text, />BULK-050</);
    assert.doesNotMatch(oldest.text, /rel="next"/);
    assert.match(oldest.text, /rel="prev"/);
  });
});
