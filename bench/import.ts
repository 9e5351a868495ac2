import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface ImportFigures {
  rows: number;
  fileMegabytes: number;
  seconds: number;
  peakMegabytes: number;
  exitCode: number;
  output: string;
}

/** A CSV of fictional contacts in the import's format: two years of the old way, then the new. */
async function writeFile(file: string, rows: number): Promise<void> {
  const handle = await fs.open(file, 'w');
  const outcomes = ['resolved_c1', 'community', 'equipment', 'short_term', 'long_term', 'signposted', 'nfa'];
  let chunk = 'person_ref,contact_date,first_conversation_date,highest_conversation,outcome,handoffs,funding_panel,weekly_cost_gbp,way_of_working,team\r\n';
  const start = Date.UTC(2022, 0, 3);
  for (let i = 0; i < rows; i += 1) {
    const contact = new Date(start + (i % 1400) * 86_400_000);
    const old = i % 1400 < 900;
    const first = new Date(contact.getTime() + (old ? 20 : 2) * 86_400_000);
    const outcome = outcomes[i % outcomes.length];
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    chunk += `IMP-${String(i).padStart(7, '0')},${iso(contact)},${iso(first)},${outcome === 'long_term' ? 3 : 1},${outcome},${old ? 3 : 0},${old ? 'yes' : 'no'},${outcome === 'long_term' ? '425.50' : ''},${old ? 'old' : 'new'},North\r\n`;
    if (chunk.length > 1 << 20) {
      await handle.write(chunk);
      chunk = '';
    }
  }
  await handle.write(chunk);
  await handle.close();
}

/** Imports `rows` contacts through `npm run cli -- import-contacts`, timing it and reading its peak memory. */
export async function measureImport(databaseUrl: string, siteId: number, rows = 200_000): Promise<ImportFigures> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-import-'));
  const file = path.join(dir, 'contacts.csv');
  try {
    await writeFile(file, rows);
    const { size } = await fs.stat(file);
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
    // GNU time reports the child's peak resident memory (%M, in kilobytes) and wall time (%e).
    const child = spawn('/usr/bin/time', ['-f', 'IMPORT-FIGURES %e %M', process.execPath, '--import', 'tsx', 'server/cli/index.ts', 'import-contacts', '--site', String(siteId), file], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', MIGRATE_ON_START: 'false' },
    });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    const figures = /IMPORT-FIGURES ([\d.]+) (\d+)/.exec(output);
    return {
      rows,
      fileMegabytes: size / 2 ** 20,
      seconds: figures ? Number(figures[1]) : Number.NaN,
      peakMegabytes: figures ? Number(figures[2]) / 1024 : Number.NaN,
      exitCode,
      output: output.replace(/IMPORT-FIGURES.*\n?/, '').trim().slice(-2000),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
