import { hashPassword } from '../server/accounts/passwords.js';
import { createSession } from '../server/accounts/sessions.js';
import type { Database } from '../server/db/connection.js';
import { fire, type Target } from './load.js';

export const BENCH_PASSWORD = 'a benchmark password nobody uses';
const SIGN_IN_TARGET_MS = 150;
const PAGE_P99_TARGET_MS = 50;
const CONCURRENT_SIGN_INS = 20;

export interface BenchAccounts {
  /** The cookie of a signed-in administrator (two-step sign-in on), for the page loads. */
  cookie: string;
  practitionerEmails: string[];
}

/** An administrator with a live session, and practitioners who sign in with a password. */
export async function seedAccounts(database: Database, siteIds: number[], practitioners = 40): Promise<BenchAccounts> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const [admin] = await database.sql<{ id: number }[]>`
    insert into users (email, name, role, password_hash, totp_secret, mfa_enabled_at)
    values ('bench.admin@example.org', 'Bench administrator', 'administrator', ${passwordHash}, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', now())
    returning id`;
  const people = await database.sql<{ email: string; id: number }[]>`
    insert into users (email, name, role, password_hash)
    select format('bench.practitioner%s@example.org', n), format('Bench practitioner %s', n), 'practitioner', ${passwordHash}
    from generate_series(1, ${practitioners}::int) as n
    returning email, id`;
  await database.sql`
    insert into site_memberships (user_id, site_id)
    select u.id, ${siteIds[0]}::int from users u where u.role = 'practitioner'`;
  const { token } = await createSession(database.db, { userId: admin.id });
  return { cookie: `session=${token}`, practitionerEmails: people.map((person) => person.email) };
}

/** One whole sign-in as a browser does it: a fresh session with its CSRF token, then the form. Returns the POST's time. */
async function signIn(database: Database, origin: string, email: string): Promise<number> {
  const { token, csrfToken } = await createSession(database.db, {});
  const body = new URLSearchParams({ _csrf: csrfToken, email, password: BENCH_PASSWORD }).toString();
  const started = performance.now();
  const response = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: `session=${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  await response.arrayBuffer();
  const took = performance.now() - started;
  if (response.status !== 303) throw new Error(`Signing in as ${email} answered ${response.status}`);
  return took;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface SignInFigures {
  alone: { count: number; p50Ms: number; p95Ms: number; maxMs: number; targetMs: number; met: boolean };
  underLoad: {
    signIns: number;
    concurrent: number;
    page: string;
    requestsPerSecond: number;
    p99Ms: number;
    non200: number;
    targetP99Ms: number;
    met: boolean;
  };
}

/**
 * What a sign-in costs on its own (one at a time, so the time is the server's), and whether a
 * signed-in page stays quick while 20 sign-ins run at once.
 */
export async function measureSignIns(
  database: Database,
  origin: string,
  accounts: BenchAccounts,
  page: Target,
  seconds: number,
  signal: AbortSignal,
): Promise<SignInFigures> {
  const alone: number[] = [];
  for (let i = 0; i < 30; i++)
    alone.push(await signIn(database, origin, accounts.practitionerEmails[i % accounts.practitionerEmails.length]));
  const p95 = percentile(alone, 95);

  let running = true;
  let signIns = 0;
  const loops = Array.from({ length: CONCURRENT_SIGN_INS }, async (_, index) => {
    while (running && !signal.aborted) {
      await signIn(database, origin, accounts.practitionerEmails[index % accounts.practitionerEmails.length]);
      signIns += 1;
    }
  });
  const result = await fire(page, seconds, { connections: 10, signal }).finally(() => (running = false));
  await Promise.all(loops);
  const non200 = Object.entries(result.statusCodeStats ?? {}).reduce(
    (sum, [code, stats]) => sum + (code === '200' ? 0 : (stats.count ?? 0)),
    0,
  );
  return {
    alone: {
      count: alone.length,
      p50Ms: percentile(alone, 50),
      p95Ms: p95,
      maxMs: Math.max(...alone),
      targetMs: SIGN_IN_TARGET_MS,
      met: p95 < SIGN_IN_TARGET_MS,
    },
    underLoad: {
      signIns,
      concurrent: CONCURRENT_SIGN_INS,
      page: page.name,
      requestsPerSecond: result.requests.average,
      p99Ms: result.latency.p99,
      non200,
      targetP99Ms: PAGE_P99_TARGET_MS,
      met: result.latency.p99 < PAGE_P99_TARGET_MS && non200 === 0,
    },
  };
}
