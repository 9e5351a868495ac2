import { and, between, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { fortnightPlans, type FortnightPlan } from '../db/schema.js';
import type { IsoDate } from '../calendar/fortnights.js';

export async function plansBetween(db: Db, siteId: number, first: number, last: number): Promise<Map<number, FortnightPlan>> {
  const rows = await db
    .select()
    .from(fortnightPlans)
    .where(and(eq(fortnightPlans.siteId, siteId), between(fortnightPlans.number, first, last)));
  return new Map(rows.map((row) => [row.number, row]));
}

export async function findPlan(db: Db, siteId: number, number: number): Promise<FortnightPlan | undefined> {
  return (await plansBetween(db, siteId, number, number)).get(number);
}

/**
 * Saves a fortnight's plan if nobody has saved it since `version` was read (0: never saved).
 * Returns undefined when someone has.
 */
export async function savePlan(
  db: Db,
  siteId: number,
  number: number,
  version: number,
  fields: { goal: string; showAndTellDate: IsoDate | null },
): Promise<FortnightPlan | undefined> {
  const [plan] = await db
    .insert(fortnightPlans)
    .values({ siteId, number, ...fields })
    .onConflictDoUpdate({
      target: [fortnightPlans.siteId, fortnightPlans.number],
      set: {
        goal: fields.goal,
        showAndTellDate: fields.showAndTellDate,
        version: sql`${fortnightPlans.version} + 1`,
        updatedAt: sql`now()`,
      },
      setWhere: eq(fortnightPlans.version, version),
    })
    .returning();
  return plan;
}
