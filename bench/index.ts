import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../server/db/connection.js';
import { migrateDatabase } from '../server/db/migrate.js';
import { measure, percentOf, printTable, type LoadOptions, type Measurement } from './load.js';
import { seedLargeDataset } from './seed.js';
import { measureSignIns, seedAccounts, type SignInFigures } from './accounts.js';
import { recentHuddleDates, seedHuddles } from './huddles.js';
import { seedContacts } from './measures.js';
import { measureBrowserImport, measureImport } from './import.js';
import { createDatabase, pageSize, startPostgres, startServers, waitUntilAnswering, type Defer } from './servers.js';
import { measureWriteFloor } from './floor.js';
import { measureShowAndTells, reportShowAndTells, seedShowAndTells } from './show-and-tells.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, 'bench', 'results', 'latest.json');
const SITE_COUNT = 50;
const CONNECTIONS = 50;
const WARM_UP_SECONDS = 3;
/** The site page must serve at least this share of the baseline's requests per second. */
const TARGET_PERCENT = 25;
/** The huddle board: at least this share of the baseline, p99 under this, and no slower for five years of history than for one. */
const BOARD_TARGET_PERCENT = 20;
const HUDDLE_P99_TARGET_MS = 50;
const HISTORY_GROWTH_LIMIT = 1.3;
/** Adding a person with htmx against the bare durable-write floor: at least this share of its throughput, p99 within this many times its p99. */
const FLOOR_THROUGHPUT_PERCENT = 50;
const FLOOR_P99_FACTOR = 2;
/** The measures pages, at 10 connections over a million contact records. */
const MEASURES_P99_TARGET_MS = 300;
/** The 200,000-row import, in its own process. */
const IMPORT_SECONDS = 60;
const IMPORT_MEGABYTES = 300;

function readSeconds(): number {
  const seconds = Number(process.env.BENCH_DURATION || 10);
  if (!(seconds > 0)) throw new Error(`BENCH_DURATION must be a number of seconds, not "${process.env.BENCH_DURATION}"`);
  return seconds;
}

/** The commit measured, marked "-dirty" when the working tree has changes: figures belong to a version of the code. */
function codeVersion(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function bench(defer: Defer, signal: AbortSignal): Promise<boolean> {
  const seconds = readSeconds();
  const code = codeVersion();
  console.log(`Innovation Site Tracker benchmark of ${code}: ${CONNECTIONS} connections, ${seconds} s measured per target`);

  console.log(`Starting PostgreSQL (${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded'})`);
  const url = await createDatabase(await startPostgres(defer), `ist_bench_${process.pid}`, defer);
  const database = connect(url, { max: 4, applicationName: 'ist-bench' });
  defer(() => database.close());
  await migrateDatabase(database);
  const [{ server_version: postgresVersion }] = await database.sql<{ server_version: string }[]>`show server_version`;
  const machine = {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: postgresVersion,
  };
  console.log(
    `  ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}`,
  );
  const loadBefore = os.loadavg()[0];

  console.log('Seeding');
  const seeded = await seedLargeDataset(database.sql, SITE_COUNT);
  console.log(
    `  ${seeded.siteIds.length} sites and ${seeded.fortnightPlans} fortnight plans in ${(seeded.milliseconds / 1000).toFixed(2)} s`,
  );
  const accounts = await seedAccounts(database, seeded.siteIds);
  console.log(`  an administrator signed in, and ${accounts.practitionerEmails.length} practitioners to sign in`);
  const huddles = await seedHuddles(database, seeded.siteIds);
  console.log(
    `  huddle history: ${huddles.threeYears.length} sites with 3 years, ${huddles.oneYear.length} with 1 year and ${huddles.fiveYears.length} with 5 years: ` +
      `${Object.entries(huddles.rows)
        .map(([table, n]) => `${n} ${table}`)
        .join(', ')} in ${(huddles.milliseconds / 1000).toFixed(2)} s; boards open at ${huddles.date}`,
  );
  const contactsSeeded = await seedContacts(database, huddles.threeYears);
  console.log(
    `  ${contactsSeeded.contacts.toLocaleString('en-GB')} contact records in all (50,000 more for each of ${huddles.threeYears.length} sites) in ${(contactsSeeded.milliseconds / 1000).toFixed(1)} s`,
  );
  const showAndTells = await seedShowAndTells(database, huddles.threeYears);
  const huddleHeaders = { cookie: huddles.cookie };
  // Each board's revision as the seeding left it (the database's triggers moved it with every
  // statement), so the live check asks "anything since the revision I have?" and hears no.
  const revisions = new Map(
    (
      await database.sql<{ site_id: number; revision: number }[]>`
        select site_id, revision::int from board_revisions where site_id = any(${huddles.threeYears}::int[])`
    ).map((row) => [row.site_id, row.revision]),
  );
  const board = (siteIds: number[]) => siteIds.map((id) => `/sites/${id}/huddles/${huddles.date}`);
  // Adding a person to talk about with htmx, spread over each site's last 50 huddles as a team's additions would be.
  const additions: { path: string; body: string }[] = [];
  for (const siteId of huddles.threeYears) {
    for (const date of await recentHuddleDates(database, siteId, 50)) {
      additions.push({
        path: `/sites/${siteId}/huddles/${date}/people`,
        // A letter before the date, so no reference reads as an NHS number (which the check refuses).
        body: new URLSearchParams({
          _csrf: huddles.csrfToken,
          personRef: `BENCH-${siteId}-D${date.replaceAll('-', '')}`,
          conversation: '2',
          leadWorkerId: String(huddles.leadWorkerOf.get(siteId)),
          note: 'Added by the benchmark',
          flag: 'none',
        }).toString(),
      });
    }
  }
  signal.throwIfAborted();

  console.log('Starting the app and the baseline in their own processes');
  const { app, baseline } = await startServers(url, defer, signal);
  // The app's pages are behind sign-in: its loads carry the administrator's session cookie.
  const headers = { cookie: accounts.cookie };
  const targets = [
    { name: 'Baseline GET /', server: baseline, paths: ['/'] },
    { name: 'Site page GET /sites/:id', server: app, paths: seeded.siteIds.map((id) => `/sites/${id}`), headers },
    {
      name: 'Fortnight list GET /sites/:id/fortnights',
      server: app,
      paths: seeded.siteIds.map((id) => `/sites/${id}/fortnights`),
      headers,
    },
    { name: 'Huddle board, 3 years of history', server: app, paths: board(huddles.threeYears), headers: huddleHeaders },
    {
      name: 'Board live check (nothing new)',
      server: app,
      paths: huddles.threeYears.map((id) => `/sites/${id}/huddles/${huddles.date}/live?since=${revisions.get(id) ?? 0}`),
      headers: { ...huddleHeaders, 'hx-request': 'true', 'hx-request-type': 'partial' },
      status: 204,
    },
    {
      name: 'Add a person with htmx (POST)',
      server: app,
      paths: additions.map((addition) => addition.path),
      bodies: additions.map((addition) => addition.body),
      headers: { ...huddleHeaders, 'hx-request': 'true', 'hx-request-type': 'partial' },
    },
    { name: 'Huddle board, 1 year of history', server: app, paths: board(huddles.oneYear), headers: huddleHeaders },
    { name: 'Huddle board, 5 years of history', server: app, paths: board(huddles.fiveYears), headers: huddleHeaders },
    // Where a team member lands after signing in: here a lead in every one of the bench's sites, each with years of history.
    { name: 'Today page GET /today (a lead in every bench site)', server: app, paths: ['/today'], headers: huddleHeaders },
  ];
  for (const target of targets.filter((candidate) => !('bodies' in candidate) && !('status' in candidate))) {
    console.log(`  ${target.name}: ${await pageSize(target.server.origin + target.paths[0], target.headers)} per response`);
  }

  console.log('Load');
  const options: LoadOptions = { connections: CONNECTIONS, warmUpSeconds: WARM_UP_SECONDS, seconds, signal };
  const measurements: Measurement[] = [];
  for (const target of targets) {
    const { name, server, paths, headers: sent } = target;
    const bodies = 'bodies' in target ? target.bodies : undefined;
    const status = 'status' in target ? target.status : 200;
    measurements.push(await measure({ name, origin: server.origin, paths, headers: sent, bodies, status }, options));
    // Let the requests still in flight when the load stopped finish before the next target starts.
    await waitUntilAnswering(server.readyUrl, server.process, signal);
  }

  // The floor for a durable write, on the same PostgreSQL right after the app's own writes.
  const floor = await measureWriteFloor(url, options);
  measurements.push(floor);

  const [baselineResult, sitePage] = measurements;
  printTable(measurements, baselineResult);
  // Other work on the machine takes cores from the app and the load generator alike: say so beside the figures.
  const loadAverage = { before: loadBefore, after: os.loadavg()[0] };
  console.log(
    `Load average (1 min) on this ${machine.cpus}-CPU machine: ${loadAverage.before.toFixed(2)} before the load, ${loadAverage.after.toFixed(2)} after`,
  );
  const sitePercent = percentOf(sitePage, baselineResult);
  const targetMet = sitePercent >= TARGET_PERCENT;
  console.log(
    `Site page: ${sitePercent.toFixed(1)}% of the baseline; the target is at least ${TARGET_PERCENT}%: ${targetMet ? 'target met' : 'target NOT met'}`,
  );
  const [, , , boardThree, liveCheck, addPerson, boardOne, boardFive] = measurements;
  const boardPercent = percentOf(boardThree, baselineResult);
  const growth = {
    requestsPerSecond: boardOne.requestsPerSecond / boardFive.requestsPerSecond,
    p50: boardFive.p50Ms / Math.max(1, boardOne.p50Ms),
    p99: boardFive.p99Ms / Math.max(1, boardOne.p99Ms),
  };
  const floorShare = (100 * addPerson.requestsPerSecond) / floor.requestsPerSecond;
  const floorTargets = {
    floor: { requestsPerSecond: floor.requestsPerSecond, p50Ms: floor.p50Ms, p99Ms: floor.p99Ms },
    throughput: { measuredPercent: floorShare, atLeastPercent: FLOOR_THROUGHPUT_PERCENT, met: floorShare >= FLOOR_THROUGHPUT_PERCENT },
    p99: {
      measuredMs: addPerson.p99Ms,
      withinMs: FLOOR_P99_FACTOR * floor.p99Ms,
      factor: addPerson.p99Ms / Math.max(1, floor.p99Ms),
      met: addPerson.p99Ms <= FLOOR_P99_FACTOR * floor.p99Ms,
    },
  };
  const huddleTargets = {
    boardPercent: { measured: boardPercent, atLeast: BOARD_TARGET_PERCENT, met: boardPercent >= BOARD_TARGET_PERCENT },
    boardP99: { measuredMs: boardThree.p99Ms, underMs: HUDDLE_P99_TARGET_MS, met: boardThree.p99Ms < HUDDLE_P99_TARGET_MS },
    addP99: { measuredMs: addPerson.p99Ms, underMs: HUDDLE_P99_TARGET_MS, met: addPerson.p99Ms < HUDDLE_P99_TARGET_MS },
    history: {
      oneYearRps: boardOne.requestsPerSecond,
      fiveYearRps: boardFive.requestsPerSecond,
      ratio: growth.requestsPerSecond,
      p99Ratio: growth.p99,
      limit: HISTORY_GROWTH_LIMIT,
      met: growth.requestsPerSecond <= HISTORY_GROWTH_LIMIT,
    },
  };
  const verdict = (met: boolean) => (met ? 'target met' : 'target NOT met');
  console.log(
    `Huddle board (3 years): ${boardPercent.toFixed(1)}% of the baseline, at least ${BOARD_TARGET_PERCENT}%: ${verdict(huddleTargets.boardPercent.met)}; p99 ${boardThree.p99Ms} ms, under ${HUDDLE_P99_TARGET_MS} ms: ${verdict(huddleTargets.boardP99.met)}`,
  );
  console.log(
    `Adding a person with htmx: p99 ${addPerson.p99Ms} ms, under ${HUDDLE_P99_TARGET_MS} ms: ${verdict(huddleTargets.addP99.met)} (${addPerson.requestsPerSecond.toFixed(1)} req/s)`,
  );
  console.log(
    `Durable-write floor (bare postgres.js, a row and an audit row a transaction, ${CONNECTIONS} connections): ${floor.requestsPerSecond.toFixed(1)} writes/s, p50 ${floor.p50Ms} ms, p99 ${floor.p99Ms} ms`,
  );
  console.log(
    `Adding a person with htmx against that floor: ${floorShare.toFixed(1)}% of its throughput, at least ${FLOOR_THROUGHPUT_PERCENT}%: ${verdict(floorTargets.throughput.met)}; ` +
      `p99 ${addPerson.p99Ms} ms against the floor's ${floor.p99Ms} ms (${floorTargets.p99.factor.toFixed(1)} times), within ${FLOOR_P99_FACTOR} times: ${verdict(floorTargets.p99.met)}`,
  );
  console.log(`Board live check: ${liveCheck.requestsPerSecond.toFixed(1)} req/s, p99 ${liveCheck.p99Ms} ms`);
  console.log(
    `History: the board serves ${boardOne.requestsPerSecond.toFixed(1)} req/s with 1 year behind it and ${boardFive.requestsPerSecond.toFixed(1)} with 5 years, ` +
      `so 5 years takes ${growth.requestsPerSecond.toFixed(2)} times as long a request (p50 ${boardOne.p50Ms} → ${boardFive.p50Ms} ms, p99 ${boardOne.p99Ms} → ${boardFive.p99Ms} ms); ` +
      `the limit is ${HISTORY_GROWTH_LIMIT}: ${verdict(huddleTargets.history.met)}`,
  );

  console.log('Sign-ins');
  const signIns: SignInFigures = await measureSignIns(
    database,
    app.origin,
    accounts,
    { ...targets[1], origin: app.origin },
    seconds,
    signal,
  );
  const { alone, underLoad } = signIns;
  console.log(
    `  One at a time: ${alone.count} sign-ins, p50 ${alone.p50Ms.toFixed(1)} ms, p95 ${alone.p95Ms.toFixed(1)} ms, max ${alone.maxMs.toFixed(1)} ms; the target is under ${alone.targetMs} ms: ${alone.met ? 'target met' : 'target NOT met'}`,
  );
  console.log(
    `  ${underLoad.page} at 10 connections while ${underLoad.concurrent} sign-ins run at once (${underLoad.signIns} signed in): ` +
      `${underLoad.requestsPerSecond.toFixed(1)} req/s, p99 ${underLoad.p99Ms} ms, ${underLoad.non200} not 200; the target is a p99 under ${underLoad.targetP99Ms} ms: ${underLoad.met ? 'target met' : 'target NOT met'}`,
  );

  // A huddle is a dozen people at one screen, not fifty writers at once: adding at 10 connections too, for scale.
  const addTarget = targets[5];
  const addAtTen = await measure(
    {
      name: 'Add a person with htmx (POST), 10 connections',
      origin: addTarget.server.origin,
      paths: addTarget.paths,
      headers: addTarget.headers,
      bodies: 'bodies' in addTarget ? addTarget.bodies : undefined,
    },
    { ...options, connections: 10 },
  );
  measurements.push(addAtTen);
  console.log(
    `Adding a person with htmx at 10 connections: ${addAtTen.requestsPerSecond.toFixed(1)} req/s, p50 ${addAtTen.p50Ms} ms, p99 ${addAtTen.p99Ms} ms`,
  );

  // Measures at 10 connections: the comparison page and an SPC chart page, over two years of 50,000 contacts a site.
  const measureTargets = [
    { name: 'Measures comparison GET /sites/:id/measures', paths: huddles.threeYears.map((id) => `/sites/${id}/measures`) },
    { name: 'SPC chart GET /sites/:id/measures/days-waited', paths: huddles.threeYears.map((id) => `/sites/${id}/measures/days-waited`) },
  ];
  const measurePages: Measurement[] = [];
  for (const target of measureTargets) {
    measurePages.push(
      await measure(
        { name: target.name, origin: app.origin, paths: target.paths, headers: huddleHeaders },
        { ...options, connections: 10 },
      ),
    );
  }
  measurements.push(...measurePages);
  for (const page of measurePages) {
    console.log(
      `${page.name} at 10 connections: ${page.requestsPerSecond.toFixed(1)} req/s, p50 ${page.p50Ms} ms, p99 ${page.p99Ms} ms; the target is a p99 under ${MEASURES_P99_TARGET_MS} ms: ${page.p99Ms < MEASURES_P99_TARGET_MS ? 'target met' : 'target NOT met'}`,
    );
  }

  const shown = await measureShowAndTells(showAndTells, { origin: app.origin, headers: huddleHeaders }, url, options);
  measurements.push(shown.pack);
  const showAndTellReport = reportShowAndTells(showAndTells, shown);

  console.log('Importing 200,000 contacts with npm run cli -- import-contacts');
  const imported = await measureImport(url, seeded.siteIds[45]);
  const importMet = imported.exitCode === 0 && imported.seconds < IMPORT_SECONDS && imported.peakMegabytes < IMPORT_MEGABYTES;
  console.log(
    `  ${imported.rows.toLocaleString('en-GB')} rows (${imported.fileMegabytes.toFixed(1)} MB): exit code ${imported.exitCode}, ${imported.seconds.toFixed(1)} s, peak memory ${imported.peakMegabytes.toFixed(0)} MB; ` +
      `the targets are under ${IMPORT_SECONDS} s and ${IMPORT_MEGABYTES} MB: ${importMet ? 'targets met' : 'targets NOT met'}`,
  );
  if (imported.exitCode !== 0) console.error(`  the import failed:\n${imported.output}`);
  console.log('Importing 200,000 contacts through the browser route, into an app started afresh');
  const browserImport = await measureBrowserImport(url, huddles.oneYear[0], huddles);
  const browserImportMet =
    !browserImport.problem &&
    browserImport.checkSeconds + browserImport.confirmSeconds < IMPORT_SECONDS &&
    browserImport.peakMegabytes < IMPORT_MEGABYTES;
  if (browserImport.problem) console.error(`  the import failed: ${browserImport.problem}`);
  else {
    console.log(
      `  ${browserImport.rows.toLocaleString('en-GB')} rows (${browserImport.fileMegabytes.toFixed(1)} MB): upload and check ${browserImport.checkSeconds.toFixed(1)} s, confirm ${browserImport.confirmSeconds.toFixed(1)} s, ` +
        `undo ${browserImport.undoSeconds.toFixed(1)} s; app peak memory ${browserImport.peakMegabytes.toFixed(0)} MB (${browserImport.startMegabytes.toFixed(0)} MB when started); ` +
        `the targets are under ${IMPORT_SECONDS} s to check and confirm and ${IMPORT_MEGABYTES} MB: ${browserImportMet ? 'targets met' : 'targets NOT met'}`,
    );
  }

  const silent = measurements.filter((m) => m.responses === 0);
  for (const m of silent) console.error(`${m.name}: no response at all in the measured run`);
  const failures =
    measurements.reduce((sum, m) => sum + m.non200 + m.errors, 0) +
    silent.length +
    underLoad.non200 +
    (imported.exitCode === 0 ? 0 : 1) +
    (browserImport.problem ? 1 : 0) +
    showAndTellReport.failures;
  const report = {
    finishedAt: new Date().toISOString(),
    code,
    machine,
    loadAverage,
    settings: {
      connections: options.connections,
      warmUpSeconds: options.warmUpSeconds,
      seconds,
      database: process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded',
    },
    seeded: { sites: seeded.siteIds.length, fortnightPlans: seeded.fortnightPlans, seconds: seeded.milliseconds / 1000 },
    results: measurements.map((m) => ({ ...m, percentOfBaseline: percentOf(m, baselineResult) })),
    target: { page: sitePage.name, atLeastPercentOfBaseline: TARGET_PERCENT, measuredPercent: sitePercent, met: targetMet },
    huddles: {
      date: huddles.date,
      sites: { threeYears: huddles.threeYears.length, oneYear: huddles.oneYear.length, fiveYears: huddles.fiveYears.length },
      rows: huddles.rows,
      targets: huddleTargets,
      writeFloor: floorTargets,
    },
    signIns,
    import: imported,
    browserImport,
    showAndTells: showAndTellReport.figures,
    failures,
  };
  await fs.mkdir(path.dirname(resultsFile), { recursive: true });
  await fs.writeFile(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${path.relative(root, resultsFile)}`);

  if (failures > 0) console.error(`FAILED: ${failures} failure(s): responses that were not 200, errors, or targets that never answered`);
  return failures === 0;
}

const started = performance.now();
const interrupt = new AbortController();
const onSignal = () => interrupt.abort(new Error('Interrupted'));
// npm passes Ctrl-C on as a second signal: keep listening, so neither kills the clean-up halfway.
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
const cleanUp: (() => Promise<unknown>)[] = [];
let passed = false;
try {
  passed = await bench((step) => cleanUp.push(step), interrupt.signal);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  console.log('Cleaning up');
  for (const step of cleanUp.reverse()) await step().catch((error: Error) => console.error(`  clean-up: ${error.message}`));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  console.log(`Finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
process.exitCode = passed ? 0 : 1;
