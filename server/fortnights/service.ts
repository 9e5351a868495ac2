/** The use case of a fortnight's plan (its goal and show-and-tell date). See server/use-cases.ts. */
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { FortnightPlan } from '../db/schema.js';
import { type Acting, type Written, savedOrStale } from '../use-cases.js';
import { savePlan } from './queries.js';

/** Saves the plan read at `version` (0 for one never saved): stale if someone has saved it since. */
export async function planFortnight(
  db: Db,
  acting: Acting,
  input: { siteId: number; number: number; version: number; fields: { goal: string; showAndTellDate: IsoDate | null } },
): Promise<Written<FortnightPlan>> {
  return savedOrStale(
    db,
    acting,
    (tx) => savePlan(tx, input.siteId, input.number, input.version, input.fields),
    (plan) => ({
      action: 'fortnight.plan-saved',
      recordType: 'fortnight',
      recordId: `${input.siteId}/${input.number}`,
      details: { version: plan.version },
    }),
  );
}
