import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { runCli } from '../../server/cli/index.js';
import { loadConfig } from '../../server/config.js';
import { todayInLondon } from '../../server/calendar/fortnights.js';
import { fortnightNumberOn } from '../../server/calendar/fortnights.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aSite } from '../helpers/sites.js';
import { aUser } from '../helpers/accounts.js';
import { CHROMIUM } from '../helpers/browser.js';
import type { Site } from '../../server/db/schema.js';
import { aPack } from './helpers.js';

describe('npm run cli -- show-and-tell --pdf', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let site: Site;
  let number: number;
  let dir: string;
  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}`);
      this.skip();
    }
    database = await createTestDatabase();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-handout-'));
    // The CLI works on today, so the site's fortnights are counted back from it.
    const today = todayInLondon();
    site = await aSite(database.db, { name: 'Handout CLI site', goLiveDate: '2025-01-06', firstFortnightStart: '2025-01-06' });
    number = fortnightNumberOn(site, today)! - 1;
    const lead = await aUser(database.db, { role: 'programme_lead', siteIds: [site.id] });
    await aPack(database.db, site, lead, number, { today });
    await database.db.execute(sql`
      insert into contacts (site_id, person_ref, contact_date, first_conversation_date, outcome, way_of_working)
      select ${site.id}, 'PDF-' || d, d, d + (extract(day from d)::int % 5), 'community', 'new'
      from generate_series(current_date - 200, current_date - 1, interval '1 day') as g(day), lateral (select g.day::date as d) dd`);
  });
  after(async () => {
    await database?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { out: (line) => out.push(line), err: (line) => err.push(line) },
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('prints the handout to a PDF: a cover and each section on a page of its own, the charts drawn', async () => {
    const file = path.join(dir, 'handout.pdf');
    const { code, out, err } = await cli('show-and-tell', '--site', 'handout cli site', '--fortnight', String(number), '--pdf', file);
    assert.equal(code, 0, err);
    assert.match(
      out,
      new RegExp(`Wrote the handout for fortnight ${number} of Handout CLI site to .*handout\\.pdf \\(\\d+ KB\\) in \\d+\\.\\d s`),
    );
    const pdf = await fs.readFile(file);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    assert.ok(pages >= 6, `a cover and five sections, each from a new page (${pages} pages)`);
    assert.ok(pdf.length > 30_000, `the charts are in it (${pdf.length} bytes)`);
  });

  it('says what is wrong with the site, the fortnight or the pack', async () => {
    const missing = await cli('show-and-tell', '--site', 'Nowhere', '--fortnight', '1', '--pdf', path.join(dir, 'x.pdf'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /There is no site called "Nowhere"/);
    const noPack = await cli('show-and-tell', '--site', String(site.id), '--fortnight', '1', '--pdf', path.join(dir, 'x.pdf'));
    assert.equal(noPack.code, 1);
    assert.match(noPack.err, /Fortnight 1 of Handout CLI site has no show-and-tell pack yet/);
    const bad = await cli('show-and-tell', '--site', String(site.id), '--fortnight', 'seven', '--pdf', path.join(dir, 'x.pdf'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--fortnight 7/);
    const noFile = await cli('show-and-tell', '--site', String(site.id), '--fortnight', String(number));
    assert.equal(noFile.code, 2);
    await fs.writeFile(path.join(dir, 'a-file'), '');
    const badPlace = await cli(
      'show-and-tell',
      '--site',
      String(site.id),
      '--fortnight',
      String(number),
      '--pdf',
      path.join(dir, 'a-file', 'x.pdf'),
    );
    assert.equal(badPlace.code, 1);
    assert.match(badPlace.err, /Could not print the handout/);
    await assert.rejects(fs.stat(path.join(dir, 'x.pdf')));
  });
});
