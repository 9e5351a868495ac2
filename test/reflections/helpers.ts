import { sql } from 'drizzle-orm';
import type { Db } from '../../server/db/connection.js';
import { reflections, type Reflection } from '../../server/db/schema.js';
import type { Visitor } from '../helpers/accounts.js';

export const HTMX_PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

/** A reflection made directly, for a week named by its Monday. */
export async function aReflection(db: Db, siteId: number, weekStart: string, heldOn = weekStart): Promise<Reflection> {
  const [reflection] = await db.insert(reflections).values({ siteId, weekStart, heldOn }).returning();
  return reflection;
}

/** Follows a 303 with the flash cookie it set, as a browser would. */
export function follow(visitor: Visitor, res: { headers: Record<string, unknown> }) {
  const flash = ((res.headers['set-cookie'] as string[] | undefined) ?? []).map((cookie) => cookie.split(';')[0]);
  return visitor.get(String(res.headers.location), { Cookie: [visitor.cookie, ...flash].join('; ') });
}

export async function auditActions(
  db: Db,
  action: string,
): Promise<{ userId: number | null; recordId: string | null; details: Record<string, unknown> }[]> {
  return [
    ...(await db.execute<{ userId: number | null; recordId: string | null; details: Record<string, unknown> }>(sql`
    select user_id as "userId", record_id as "recordId", details from audit_log where action = ${action} order by id`)),
  ];
}

export function dateFields(name: string, date: string): Record<string, string> {
  const [year, month, day] = date.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}
