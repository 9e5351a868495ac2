import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import type { Measurement } from './load.js';

/**
 * The floor for a durable write on this machine: a bare postgres.js loop in which each of
 * `connections` workers, one transaction at a time, inserts a row and an audit row and commits
 * (synchronous commit, as the app's writes). No HTTP, no rendering, no checks: whatever a write
 * through the app costs beyond this is the app's own. Run in the same benchmark as the app, on the
 * same PostgreSQL, so the two figures share the machine's state.
 */
export async function measureWriteFloor(
  url: string,
  options: { connections: number; warmUpSeconds: number; seconds: number; signal: AbortSignal },
): Promise<Measurement> {
  const sql = postgres(url, { max: options.connections, onnotice: () => undefined, connection: { application_name: 'ist-bench-floor' } });
  try {
    await sql`create table if not exists bench_floor_rows (
      id bigint generated always as identity primary key, site_id int not null, person_ref text not null, note text not null,
      created_at timestamptz not null default now())`;
    await sql`create table if not exists bench_floor_audit (
      id bigint generated always as identity primary key, action text not null, record_id bigint not null, details jsonb not null,
      at timestamptz not null default now())`;
    let next = 0;
    const write = () =>
      sql.begin(async (tx) => {
        const n = next++;
        const [row] = await tx<{ id: string }[]>`
          insert into bench_floor_rows (site_id, person_ref, note) values (${n % 50}, ${`FLOOR-${n}`}, 'Added by the benchmark') returning id`;
        await tx`insert into bench_floor_audit (action, record_id, details) values ('floor.added', ${row.id}, ${sql.json({ n })})`;
      });
    const run = async (seconds: number, latencies?: number[]) => {
      const until = performance.now() + seconds * 1000;
      const worker = async () => {
        while (performance.now() < until && !options.signal.aborted) {
          const started = performance.now();
          await write();
          latencies?.push(performance.now() - started);
        }
      };
      await Promise.all(Array.from({ length: options.connections }, worker));
    };
    await run(options.warmUpSeconds);
    const latencies: number[] = [];
    const started = performance.now();
    await run(options.seconds, latencies);
    const elapsedSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (share: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0);
    return {
      name: `Durable-write floor: bare postgres.js, a row and an audit row a transaction, ${options.connections} connections`,
      requestsPerSecond: latencies.length / elapsedSeconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      responses: latencies.length,
      non200: 0,
      errors: 0,
      timeouts: 0,
    };
  } finally {
    await sql`drop table if exists bench_floor_rows, bench_floor_audit`.catch(() => undefined);
    await sql.end({ timeout: 5 });
  }
}
