import autocannon from 'autocannon';

export interface Target {
  name: string;
  origin: string;
  /** Each connection cycles through these in turn, so the load spreads across sites. */
  paths: string[];
  /** Sent with every request: the signed-in session's cookie, for pages behind sign-in. */
  headers?: Record<string, string>;
  /** A urlencoded form body for each path, which makes every request a POST. */
  bodies?: string[];
  /** The status every response should have: 200 unless said (the live check answers 204). */
  status?: number;
}

export interface LoadOptions {
  connections: number;
  warmUpSeconds: number;
  seconds: number;
  signal: AbortSignal;
}

export interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses in the measured run. */
  responses: number;
  /** Over the warm-up and the measured run together: any of these fails the benchmark. */
  non200: number;
  errors: number;
  timeouts: number;
}

export function fire(
  target: Target,
  seconds: number,
  { connections, signal }: Pick<LoadOptions, 'connections' | 'signal'>,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const requests = target.paths.map((path, index) =>
      target.bodies
        ? {
            method: 'POST' as const,
            path,
            body: target.bodies[index],
            headers: { ...target.headers, 'content-type': 'application/x-www-form-urlencoded' },
          }
        : { method: 'GET' as const, path, headers: target.headers },
    );
    // A response slower than 10 s counts as an error (a timeout): nobody waits that long for a page.
    const instance = autocannon({ url: target.origin, connections, duration: seconds, timeout: 10, requests }, (error, result) => {
      signal.removeEventListener('abort', stop);
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    });
    const stop = () => instance.stop();
    signal.addEventListener('abort', stop, { once: true });
  });
}

function responsesOf(result: autocannon.Result, status = 200): { all: number; ok: number } {
  const counts = Object.entries(result.statusCodeStats ?? {});
  const all = counts.reduce((sum, [, stats]) => sum + (stats.count ?? 0), 0);
  return { all, ok: (result.statusCodeStats as Record<string, { count?: number }> | undefined)?.[String(status)]?.count ?? 0 };
}

/** A warm-up run whose timings are thrown away, then the measured run. */
export async function measure(target: Target, options: LoadOptions): Promise<Measurement> {
  console.log(`  ${target.name}: warming up for ${options.warmUpSeconds} s, then measuring for ${options.seconds} s`);
  const warmUp = await fire(target, options.warmUpSeconds, options);
  options.signal.throwIfAborted();
  const result = await fire(target, options.seconds, options);
  options.signal.throwIfAborted();
  const runs = [warmUp, result];
  const measurement: Measurement = {
    name: target.name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    responses: responsesOf(result).all,
    non200: runs.reduce((sum, run) => sum + responsesOf(run, target.status).all - responsesOf(run, target.status).ok, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    timeouts: runs.reduce((sum, run) => sum + run.timeouts, 0),
  };
  console.log(
    `  ${target.name}: ${measurement.requestsPerSecond.toFixed(1)} req/s, ${measurement.responses} responses, ` +
      `${measurement.non200} not 200, ${measurement.errors} errors (${measurement.timeouts} timeouts)`,
  );
  if (measurement.non200 > 0) {
    const statuses = runs.flatMap((run) => Object.entries(run.statusCodeStats ?? {}).map(([status, stats]) => `${status}: ${stats.count}`));
    console.log(`    answers by status, warm-up and measured: ${statuses.join(', ')}`);
  }
  return measurement;
}

export function percentOf(measurement: Measurement, baseline: Measurement): number {
  return (measurement.requestsPerSecond / baseline.requestsPerSecond) * 100;
}

export function printTable(measurements: Measurement[], baseline: Measurement): void {
  const header = ['Target', 'Req/s', 'p50 ms', 'p99 ms', '% of baseline', 'Not 200', 'Errors'];
  const rows = measurements.map((m) => [
    m.name,
    m.requestsPerSecond.toFixed(1),
    m.p50Ms.toFixed(0),
    m.p99Ms.toFixed(0),
    `${percentOf(m, baseline).toFixed(1)}%`,
    String(m.non200),
    String(m.errors),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(['', line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line), ''].join('\n'));
}
