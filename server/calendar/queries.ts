import { asc, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { bankHolidays } from '../db/schema.js';
import type { IsoDate } from './fortnights.js';

/**
 * Bank holidays are a few dozen rows that change once a year, and every calendar page needs
 * them, so each process keeps a copy for a few minutes. PostgreSQL stays the source: a year
 * added with the CLI reaches every instance within CACHE_MS.
 */
const CACHE_MS = 5 * 60_000;
const cache = new WeakMap<Db, { loadedAt: number; dates: Promise<IsoDate[]> }>();

async function allBankHolidays(db: Db): Promise<IsoDate[]> {
  const cached = cache.get(db);
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.dates;
  const dates = db
    .select({ date: bankHolidays.date })
    .from(bankHolidays)
    .orderBy(asc(bankHolidays.date))
    .then((rows) => rows.map((row) => row.date));
  cache.set(db, { loadedAt: Date.now(), dates });
  dates.catch(() => cache.delete(db));
  return dates;
}

export async function bankHolidaysBetween(db: Db, from: IsoDate, to: IsoDate): Promise<Set<IsoDate>> {
  return new Set((await allBankHolidays(db)).filter((date) => date >= from && date <= to));
}

/** Adds bank holidays, replacing the title of any date already known. Returns how many were new. */
export async function importBankHolidays(db: Db, holidays: { date: IsoDate; title: string }[]): Promise<number> {
  if (holidays.length === 0) return 0;
  const rows = await db
    .insert(bankHolidays)
    .values(holidays)
    .onConflictDoUpdate({ target: bankHolidays.date, set: { title: sql`excluded.title` } })
    .returning({ inserted: sql<boolean>`xmax = 0` });
  cache.delete(db);
  return rows.filter((row) => row.inserted).length;
}
