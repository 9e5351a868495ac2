import { randomBytes } from 'node:crypto';

/** What production requires besides the database, made up for the benchmark's own app processes. */
export const BENCH_PRODUCTION_ENV = {
  PUBLIC_URL: 'http://127.0.0.1',
  APP_SECRET: randomBytes(32).toString('base64url'),
};
