import { and, between, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { bankHolidays } from '../db/schema.js';
import type { IsoDate } from './fortnights.js';

export async function bankHolidaysBetween(db: Db, from: IsoDate, to: IsoDate): Promise<Set<IsoDate>> {
  const rows = await db.select({ date: bankHolidays.date }).from(bankHolidays).where(and(between(bankHolidays.date, from, to)));
  return new Set(rows.map((row) => row.date));
}

/** Adds bank holidays, replacing the title of any date already known. Returns how many were new. */
export async function importBankHolidays(db: Db, holidays: { date: IsoDate; title: string }[]): Promise<number> {
  if (holidays.length === 0) return 0;
  const rows = await db
    .insert(bankHolidays)
    .values(holidays)
    .onConflictDoUpdate({ target: bankHolidays.date, set: { title: sql`excluded.title` } })
    .returning({ inserted: sql<boolean>`xmax = 0` });
  return rows.filter((row) => row.inserted).length;
}
