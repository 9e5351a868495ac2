import type { Db } from '../../server/db/connection.js';
import {
  gettingInTheWay,
  type GettingInTheWayItem,
  type ObstacleCategory,
  type ObstacleStatus,
  type Site,
  type User,
} from '../../server/db/schema.js';

/** A log item saved straight to the database, with whatever dates the test needs. */
export async function anItem(
  db: Db,
  site: Site,
  owner: User,
  options: {
    title?: string;
    category?: ObstacleCategory;
    status?: ObstacleStatus;
    raisedOn?: string;
    resolvedOn?: string | null;
    huddleId?: number;
    reflectionId?: number;
    whatChanged?: string;
  } = {},
): Promise<GettingInTheWayItem> {
  const [item] = await db
    .insert(gettingInTheWay)
    .values({
      siteId: site.id,
      title: options.title ?? 'Equipment requests need a panel',
      category: options.category ?? 'process',
      ownerId: owner.id,
      status: options.status ?? 'open',
      whatChanged: options.whatChanged ?? '',
      raisedOn: options.raisedOn ?? '2026-06-01',
      resolvedOn: options.resolvedOn ?? null,
      huddleId: options.huddleId ?? null,
      reflectionId: options.reflectionId ?? null,
    })
    .returning();
  return item;
}

/** A complete log item form, as a browser sends it. */
export function itemForm(ownerId: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'The referral form asks for a diagnosis',
    category: 'process',
    description: '',
    ownerId: String(ownerId),
    escalatedTo: '',
    status: 'open',
    whatChanged: '',
    ...overrides,
  };
}
