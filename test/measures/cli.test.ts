import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runCli } from '../../server/cli/index.js';
import { loadConfig } from '../../server/config.js';
import { contacts } from '../../server/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aSite } from '../helpers/sites.js';

describe('npm run cli -- measures', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    const site = await aSite(database.db, { name: 'Northgate CLI', goLiveDate: '2026-03-02' });
    await database.db.insert(contacts).values([
      { siteId: site.id, personRef: 'C-1', contactDate: '2026-02-02', firstConversationDate: '2026-02-22', wayOfWorking: 'old' },
      { siteId: site.id, personRef: 'C-2', contactDate: '2026-03-09', firstConversationDate: '2026-03-11', wayOfWorking: 'new' },
    ]);
  });
  after(async () => database.drop());

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

  it('prints the export contract as JSON, by site name or id', async () => {
    const { code, out } = await cli(
      'measures',
      '--site',
      'northgate cli',
      '--measure',
      'days-waited',
      '--period',
      'month',
      '--from',
      '2026-01-01',
      '--to',
      '2026-05-31',
    );
    assert.equal(code, 0);
    const json = JSON.parse(out);
    assert.equal(json.measure, 'days-waited');
    assert.equal(json.period, 'month');
    assert.equal(json.improvement, 'lower');
    assert.deepEqual(
      json.points.map((p: { periodStart: string; wayOfWorking: string; value: number; n: number; phase: number }) => [
        p.periodStart,
        p.wayOfWorking,
        p.value,
        p.n,
        p.phase,
      ]),
      [
        ['2026-02-01', 'old', 20, 1, 1],
        ['2026-03-01', 'new', 2, 1, 1],
      ],
    );
  });

  it('stops quietly when what it prints into stops reading (| head)', async function () {
    this.timeout(60_000);
    const site = await aSite(database.db, { name: 'Long pipe', goLiveDate: '2026-03-02' });
    await database.db.insert(contacts).values([
      { siteId: site.id, personRef: 'P-1', contactDate: '2000-01-03', firstConversationDate: null, wayOfWorking: 'old' },
      { siteId: site.id, personRef: 'P-2', contactDate: '2026-01-05', firstConversationDate: null, wayOfWorking: 'old' },
    ]);
    // About 1,360 weeks of people waiting: far more than a pipe holds, so the CLI is still writing when the reader goes.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli/index.ts',
        'measures',
        '--site',
        String(site.id),
        '--measure',
        'waiting',
        '--format',
        'csv',
        '--from',
        '2000-01-03',
        '--to',
        '2026-01-11',
      ],
      {
        env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: database.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.doesNotMatch(stderr, /EPIPE|Error/);
    assert.equal(code, 0);
  });

  it('prints CSV, and explains a bad option with exit code 2', async () => {
    const { code, out } = await cli(
      'measures',
      '--site',
      'Northgate CLI',
      '--measure',
      'days-waited',
      '--format',
      'csv',
      '--from',
      '2026-01-01',
      '--to',
      '2026-05-31',
    );
    assert.equal(code, 0);
    assert.equal(
      out.split('\n')[0],
      'periodStart,wayOfWorking,value,p90,n,phase,mean,upperLimit,lowerLimit,trialLimits,signals,variation,incomplete,immature,few',
    );
    assert.match(out, /\n2026-03-09,new,2,2,1,1,2,,,true,,common-cause,false,false,true$/m);
    const unknown = await cli('measures', '--site', 'Northgate CLI', '--measure', 'happiness');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /There is no measure called "happiness"/);
    assert.equal((await cli('measures', '--site', 'Northgate CLI', '--measure', 'waiting', '--from', '2026-02-30')).code, 2);
    const missing = await cli('measures', '--site', 'Nowhere', '--measure', 'waiting');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /There is no site called "Nowhere"/);
  });
});
