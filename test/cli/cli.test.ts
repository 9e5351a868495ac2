import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../server/cli/index.js';
import { loadConfig } from '../../server/config.js';
import { bankHolidaysBetween } from '../../server/calendar/queries.js';
import { listSites } from '../../server/sites/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const run = promisify(execFile);

describe('command line', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.drop());

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

  it('lists its commands', async () => {
    const { code, out } = await cli('help');
    assert.equal(code, 0);
    for (const name of ['migrate', 'create-site', 'import-bank-holidays', 'demo']) assert.match(out, new RegExp(`\\b${name}\\b`));
  });

  it('says so when a command does not exist', async () => {
    const { code, err } = await cli('make-tea');
    assert.equal(code, 2);
    assert.match(err, /There is no command called "make-tea"/);
  });

  it('creates a site with the same rules as the form', async () => {
    const ok = await cli(
      'create-site',
      '--name',
      'Scripted Team',
      '--go-live',
      '2026-03-02',
      '--first-fortnight',
      '2026-03-02',
      '--huddle-days',
      'mon,wed,fri',
      '--huddle-time',
      '9.15',
    );
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /Created site \d+: Scripted Team/);
    const [site] = await listSites(database.db, { archived: false });
    assert.deepEqual([site.huddleDays, site.huddleTime, site.fortnightLengthDays], [[1, 3, 5], '09:15', 14]);

    const duplicate = await cli('create-site', '--name', 'scripted team', '--go-live', '2026-03-02', '--first-fortnight', '2026-03-02');
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.err, /--name: A site called “scripted team” already exists/);

    const bad = await cli('create-site', '--name', 'Another', '--go-live', '02/03/2026', '--first-fortnight', '2026-02-31');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--go-live: write the date as YYYY-MM-DD/);
    assert.match(bad.err, /--first-fortnight: First fortnight start date must be a real date/);

    const late = await cli('create-site', '--name', 'Late', '--go-live', '2026-03-02', '--first-fortnight', '2027-06-01');
    assert.match(late.err, /First fortnight must start no more than a year after the go-live date/);

    const usage = await cli('create-site', '--colour', 'blue');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /Usage: npm run cli -- create-site/);
    assert.equal((await listSites(database.db, { archived: false })).length, 1);
  });

  it('adds bank holidays from GOV.UK’s file without a code change', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-bank-'));
    const file = path.join(dir, 'bank-holidays.json');
    await fs.writeFile(
      file,
      JSON.stringify({
        'england-and-wales': {
          events: [
            { title: 'New Year’s Day', date: '2029-01-01' },
            { title: 'Christmas Day', date: '2028-12-25' },
          ],
        },
      }),
    );
    const { code, out } = await cli('import-bank-holidays', file);
    assert.equal(code, 0);
    assert.match(out, /Read 2 bank holidays: 1 new, 1 already known/);
    assert.deepEqual([...(await bankHolidaysBetween(database.db, '2028-12-01', '2029-01-31'))].sort(), [
      '2028-12-25',
      '2028-12-26',
      '2029-01-01',
    ]);
    await fs.writeFile(file, '{"nope": true}');
    assert.equal((await cli('import-bank-holidays', file)).code, 1);
    await fs.rm(dir, { recursive: true });
  });

  it('ships the published bank holidays for 2024 to 2028', async () => {
    const holidays = await bankHolidaysBetween(database.db, '2024-01-01', '2028-12-31');
    assert.equal(holidays.size, 40);
    for (const date of ['2024-03-29', '2025-08-25', '2026-12-28', '2027-12-27', '2028-01-03']) assert.ok(holidays.has(date), date);
  });

  it('fills an empty database with the demo, and refuses one with sites', async () => {
    const first = await cli('demo');
    assert.equal(first.code, 0, first.err);
    const names = (await listSites(database.db, { archived: false })).map((site) => site.name);
    assert.deepEqual(names.sort(), ['Eastfield Locality Team (comparison)', 'Northgate Community Team', 'Riverside Integrated Team']);
    assert.match(first.out, /2[67] fortnights with goals/);
    for (const [role, email] of [
      ['Administrator', 'demo-administrator'],
      ['Programme lead', 'demo-lead'],
      ['Practitioner', 'demo-practitioner'],
      ['Expert by experience', 'demo-expert'],
    ]) {
      assert.match(first.out, new RegExp(`${role}: ${email}@example\\.org  password: \\S{20,}`));
    }
    assert.equal(first.out.match(/Two-step sign-in key \(add it to an authenticator app\): [A-Z2-7 ]{32,}/g)?.length, 2);
    const second = await cli('demo');
    assert.equal(second.code, 1);
    assert.match(second.err, /already has sites/);
  });

  it('runs from npm run cli as its own process', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'help'], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    assert.match(stdout, /Usage: npm run cli -- COMMAND/);
  });
});
