import type { Db } from '../../server/db/connection.js';
import { huddles, reflections, type Action, type Site, type User } from '../../server/db/schema.js';
import { createAction } from '../../server/actions/queries.js';

/** An action saved straight to the database, as a huddle or reflection would raise it. */
export async function anAction(
  db: Db,
  site: Site,
  owner: User,
  options: { description?: string; dueDate?: string; raisedOn?: string; huddleId?: number; reflectionId?: number } = {},
): Promise<Action> {
  return createAction(
    db,
    site.id,
    { description: options.description ?? 'Ring the equipment store', ownerId: owner.id, dueDate: options.dueDate ?? '2026-06-20' },
    { raisedOn: options.raisedOn ?? '2026-06-01', huddleId: options.huddleId, reflectionId: options.reflectionId },
    owner.id,
  );
}

export async function aHuddle(db: Db, site: Site, date: string): Promise<number> {
  const [huddle] = await db.insert(huddles).values({ siteId: site.id, date }).returning();
  return huddle.id;
}

export async function aReflection(db: Db, site: Site, weekStart: string, heldOn: string): Promise<number> {
  const [reflection] = await db.insert(reflections).values({ siteId: site.id, weekStart, heldOn }).returning();
  return reflection.id;
}

/** A due date as the GOV.UK date input sends it. */
export function due(iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { 'due-day': String(Number(day)), 'due-month': String(Number(month)), 'due-year': year };
}
