import fs from 'node:fs';
import path from 'node:path';

/**
 * `app.json` in the data folder: which process runs the app on this embedded database, and
 * where it answers. It is also the app's lock on the folder, held whether or not PostgreSQL is
 * up: the file is created exclusively, so of two apps starting at once one wins, and a later
 * one finds it held by a live process and is refused, even while the database is down and
 * PostgreSQL's advisory lock cannot tell. Only the process named in it removes it.
 */
export interface RunFile {
  pid: number;
  url?: string;
  startedAt: string;
}

function runFilePath(dataDir: string): string {
  return path.join(dataDir, 'app.json');
}

/** Whether a process is running (one of another user's counts too). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readRunFile(dataDir: string): RunFile | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(runFilePath(dataDir), 'utf8')) as Partial<RunFile>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) ? (parsed as RunFile) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claims the data folder for this process. Returns the pid of the live app holding it instead,
 * when there is one. A file left by a process that has gone (a crash, a power cut) is taken over.
 */
export function claimRunFile(dataDir: string): { heldBy?: number } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = runFilePath(dataDir);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies RunFile, null, 2)}\n`, {
        flag: 'wx',
        mode: 0o644,
      });
      return {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readRunFile(dataDir);
    if (held && held.pid !== process.pid && processAlive(held.pid)) return { heldBy: held.pid };
    if (!held) {
      // Being written by an app that has just claimed it, or unreadable: look again in a moment.
      const written = fs.statSync(file, { throwIfNoEntry: false });
      if (written && Date.now() - written.mtimeMs < 2000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        continue;
      }
    }
    // Left by a process that is no longer running: remove it and claim again (exclusively, so a racing app still loses).
    fs.rmSync(file, { force: true });
  }
  const held = readRunFile(dataDir);
  return { heldBy: held?.pid ?? -1 };
}

/** Adds where the app answers. Synchronous, so it is written before the first request is handled. */
export function publishRunFile(dataDir: string, url: string, startedAt: string): void {
  const file = runFilePath(dataDir);
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, `${JSON.stringify({ pid: process.pid, url, startedAt } satisfies RunFile, null, 2)}\n`, { mode: 0o644 });
  fs.renameSync(temporary, file);
}

/** Removes the file if this process holds it; never another app's. */
export function releaseRunFile(dataDir: string): void {
  if (readRunFile(dataDir)?.pid === process.pid) fs.rmSync(runFilePath(dataDir), { force: true });
}
