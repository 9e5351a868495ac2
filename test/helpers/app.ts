import type { Express } from 'express';
import { createApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestApp {
  app: Express;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database of its own; `now` pins the clock, as an ISO instant; `config`
 * overrides settings a test is not about (a burst test's request deadline on a slow machine).
 */
export async function createTestApp(options: { now?: string; config?: Partial<Config> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), ...options.config };
  const clock = options.now ? () => new Date(options.now!) : undefined;
  return { app: createApp({ db: database.db, config, clock }), database, close: () => database.drop() };
}
