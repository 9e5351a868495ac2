import { BENCH_PRODUCTION_ENV } from './production-env.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { addDays, fortnight, fortnightNumberOn, todayInLondon } from '../server/calendar/fortnights.js';
import type { Database } from '../server/db/connection.js';
import { showAndTellPacks, showAndTellSections, siteMemberships, sites, storyConsents, users, type Site } from '../server/db/schema.js';
import { createStory, moveStory, recordReview } from '../server/stories/queries.js';
import { MEASURES } from '../server/measures/definitions.js';
import { assembleSections, fortnightRecords } from '../server/show-and-tells/assemble.js';
import { createPack } from '../server/show-and-tells/queries.js';
import { offeredStories } from '../server/stories/offered.js';
import { measure, type LoadOptions, type Measurement } from './load.js';
import { must } from '../server/must.js';

/** Opening a prepared pack: p99 under this at this many connections; the handout PDF under this. */
export const PACK_P99_TARGET_MS = 100;
export const PACK_CONNECTIONS = 20;
export const PDF_TARGET_SECONDS = 10;
const CHARTS = 6;
const STORIES = 4;

export interface ShowAndTellBench {
  paths: string[];
  charts: number;
  stories: number;
  pdf: { siteId: number; fortnight: number };
}

/** Four approved stories of a fortnight at a site, with consent for show-and-tells: written by a team member, approved by the lead. */
async function seedStories(database: Database, site: Site, fortnightNumber: number, leadId: number, today: string): Promise<void> {
  const { db } = database;
  const [author] = await db
    .select({ id: siteMemberships.userId })
    .from(siteMemberships)
    .innerJoin(users, eq(users.id, siteMemberships.userId))
    .where(sql`${siteMemberships.siteId} = ${site.id} and ${users.role} = 'practitioner'`)
    .limit(1);
  for (let n = 1; n <= STORIES; n += 1) {
    await db.transaction(async (tx) => {
      const fields = {
        title: `Back to the lunch club (${n})`,
        whatMattered: 'She wanted to get back to the lunch club where her friends meet each week, and to stay in her own home.',
        whatWeDid: 'We talked with her the day she rang, and a community connector went with her to the club the following week.',
        differenceItMade:
          'She goes every week again and feels part of things. She needed no package of care, and no one else had to be involved.',
        oldWay: 'She would have waited weeks for an assessment and been offered a day centre place through the funding panel.',
        fortnight: fortnightNumber,
        conversations: [1],
        themeIds: [],
        personRef: null,
      };
      const story = await createStory(tx, site.id, author.id, fields, []);
      const submitted = must(await moveStory(tx, story, ['draft'], 'submitted'), 'a draft story submitted');
      await moveStory(tx, submitted, ['submitted'], 'approved');
      await recordReview(tx, {
        storyId: story.id,
        version: story.version,
        decision: 'approved',
        reviewerId: leadId,
        identifierCheck: 'clean',
        motivatedIntruder: true,
      });
      await tx.insert(storyConsents).values({
        storyId: story.id,
        givenBy: 'person',
        consentDate: today,
        scope: ['show_and_tells'],
        expiresOn: addDays(today, 730),
        sawFinalText: true,
        recordedBy: author.id,
      });
    });
  }
}

/**
 * A ready pack for last fortnight at each site, made from the site's records as the "Start the
 * pack" button makes it, showing six measures (six charts: the half year shown is all the new
 * way) and up to four stories of difference.
 */
export async function seedShowAndTells(database: Database, siteIds: number[]): Promise<ShowAndTellBench> {
  const { db } = database;
  const today = todayInLondon();
  const [lead] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'bench.lead@example.org'));
  const measures = MEASURES.filter((m) => m.name !== 'waiting')
    .slice(0, CHARTS)
    .map((m) => m.name);
  const paths: string[] = [];
  let stories = 0;
  let number = 0;
  for (const siteId of siteIds) {
    const [site] = (await db.select().from(sites).where(eq(sites.id, siteId))) as Site[];
    number = (fortnightNumberOn(site, today) ?? 2) - 1;
    const period = fortnight(site, number);
    await seedStories(database, site, number, lead.id, today);
    const offered = await offeredStories(db, siteId, { audience: 'show-and-tell', on: today });
    const chosen = offered.slice(0, STORIES).map((story) => story.id);
    stories = Math.max(stories, chosen.length);
    const sections = assembleSections(site, period, await fortnightRecords(db, siteId, period), offered, today).map((section) =>
      section.kind === 'what-we-learned' ? { ...section, measures, storyIds: chosen } : section,
    );
    const pack = await db.transaction((tx) => createPack(tx, siteId, number, sections, lead.id));
    await db
      .update(showAndTellPacks)
      .set({ status: 'ready' })
      .where(eq(showAndTellPacks.id, must(pack, 'the pack made').id));
    paths.push(`/sites/${siteId}/show-and-tells/${number}`);
  }
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(showAndTellSections);
  if (n !== siteIds.length * 5) throw new Error(`Expected ${siteIds.length * 5} pack sections, found ${n}`);
  console.log(`  ${paths.length} show-and-tell packs ready, each with ${measures.length} charts and ${stories} stories`);
  return { paths, charts: measures.length, stories, pdf: { siteId: siteIds[0], fortnight: number } };
}

/** Loads the packs at 20 connections, then prints one handout with `npm run cli -- show-and-tell --pdf` in a process of its own. */
export async function measureShowAndTells(
  bench: ShowAndTellBench,
  app: { origin: string; headers: Record<string, string> },
  databaseUrl: string,
  options: LoadOptions,
): Promise<{ pack: Measurement; pdf: { seconds: number; exitCode: number; kilobytes: number; output: string } }> {
  const pack = await measure(
    {
      name: `Show-and-tell pack (${bench.charts} charts, ${bench.stories} stories)`,
      origin: app.origin,
      paths: bench.paths,
      headers: app.headers,
    },
    { ...options, connections: PACK_CONNECTIONS },
  );
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-handout-'));
  const file = path.join(dir, 'handout.pdf');
  try {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli/index.ts',
        'show-and-tell',
        '--site',
        String(bench.pdf.siteId),
        '--fortnight',
        String(bench.pdf.fortnight),
        '--pdf',
        file,
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', MIGRATE_ON_START: 'false', ...BENCH_PRODUCTION_ENV },
      },
    );
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    const seconds = (performance.now() - started) / 1000;
    const kilobytes = exitCode === 0 ? (await fs.stat(file)).size / 1024 : 0;
    return { pack, pdf: { seconds, exitCode, kilobytes, output: output.trim().slice(-2000) } };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

type Shown = Awaited<ReturnType<typeof measureShowAndTells>>;

/** Prints the figures against their targets; answers them for the results file, and how many failures to count. */
export function reportShowAndTells(bench: ShowAndTellBench, shown: Shown): { figures: Record<string, unknown>; failures: number } {
  const packMet = shown.pack.p99Ms < PACK_P99_TARGET_MS && bench.charts === CHARTS && bench.stories === STORIES;
  const pdfMet = shown.pdf.exitCode === 0 && shown.pdf.seconds < PDF_TARGET_SECONDS;
  const verdict = (met: boolean) => (met ? 'target met' : 'target NOT met');
  console.log(
    `${shown.pack.name} at ${PACK_CONNECTIONS} connections: ${shown.pack.requestsPerSecond.toFixed(1)} req/s, p50 ${shown.pack.p50Ms} ms, p99 ${shown.pack.p99Ms} ms; ` +
      `the target is a p99 under ${PACK_P99_TARGET_MS} ms with ${CHARTS} charts and ${STORIES} stories: ${verdict(packMet)}`,
  );
  console.log(
    `Handout PDF (npm run cli -- show-and-tell --pdf): ${shown.pdf.seconds.toFixed(1)} s, ${shown.pdf.kilobytes.toFixed(0)} KB, exit code ${shown.pdf.exitCode}; the target is under ${PDF_TARGET_SECONDS} s: ${verdict(pdfMet)}`,
  );
  if (shown.pdf.exitCode !== 0) console.error(`  the handout failed:\n${shown.pdf.output}`);
  return {
    figures: { charts: bench.charts, stories: bench.stories, pack: shown.pack, packMet, pdf: shown.pdf, pdfMet },
    failures: shown.pdf.exitCode === 0 ? 0 : 1,
  };
}
