import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { runCli } from '../../server/cli/index.js';
import { loadConfig } from '../../server/config.js';
import { todayInLondon } from '../../server/calendar/fortnights.js';
import { seedDemo } from '../../server/demo/demo.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CHROMIUM } from '../helpers/browser.js';
import { overlaps, pdfPages } from '../helpers/pdf.js';

describe('the handout PDF of an untouched demo pack', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let dir: string;
  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}`);
      this.skip();
    }
    database = await createTestDatabase();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-handout-demo-'));
    assert.ok((await seedDemo(database.db, todayInLondon())).ok);
  });
  after(async () => {
    await database?.drop();
    if (dir) if (!process.env.KEEP_PDF) await fs.rm(dir, { recursive: true, force: true });
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

  it('draws nothing over anything else on any page, for the pack in preparation and the last one presented', async () => {
    const packs = (await database.db.execute(sql`
      (select s.id as site, p.fortnight from show_and_tell_packs p join sites s on s.id = p.site_id where p.status = 'draft' order by p.fortnight desc limit 1)
      union all
      (select s.id, p.fortnight from show_and_tell_packs p join sites s on s.id = p.site_id where p.status = 'presented' order by p.fortnight desc limit 1)`)) as unknown as {
      site: number;
      fortnight: number;
    }[];
    assert.equal(packs.length, 2);
    for (const pack of packs) {
      const file = path.join(dir, `handout-${pack.site}-${pack.fortnight}.pdf`);
      const { code, err } = await cli('show-and-tell', '--site', String(pack.site), '--fortnight', String(pack.fortnight), '--pdf', file);
      assert.equal(code, 0, err);
      const pages = await pdfPages(file);
      assert.ok(pages.length >= 6, `${pages.length} pages`);
      for (const page of pages) {
        const clashes = overlaps(page);
        assert.deepEqual(
          clashes.slice(0, 5).map(([a, b]) => `“${a.text}” over “${b.text}”`),
          [],
          `page ${page.number} of fortnight ${pack.fortnight}'s handout`,
        );
        // Paper is white: no block of the screen's grey page background (#f4f8fb).
        assert.ok(!page.fills.has('#f4f8fb'), `page ${page.number} has the page background's grey block`);
        // A table that runs onto this page brings its header with it.
        const rowDates = page.boxes.filter((box) => /^\d{1,2} [A-Z][a-z]{2} \d{4}$/.test(box.text.trim()));
        const words = page.boxes.map((box) => box.text.trim()).join(' ');
        if (rowDates.length) assert.match(words, /Week beginning/, `page ${page.number}: table rows without their header`);
        for (const box of page.boxes)
          assert.ok(
            box.y >= 0 && box.y + box.height <= page.height && box.x >= 0 && box.x + box.width <= page.width + 1,
            `page ${page.number}: “${box.text}” is off the page`,
          );
      }
    }
  });
});
