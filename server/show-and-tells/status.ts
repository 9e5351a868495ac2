import { eq, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { showAndTellPacks, showAndTellSections, type ShowAndTellPack, type ShowAndTellSection } from '../db/schema.js';
import { lockPack, type Change } from './queries.js';
import type { PackSnapshot } from './shown.js';

export interface Attendance {
  attendanceTeam: number | null;
  attendanceManagers: number | null;
  attendancePartners: number | null;
  attendanceExperts: number | null;
}

export type PackChange = { status: 'draft' | 'ready' } | { sharedWithGroup: boolean } | { attendance: Attendance };

/**
 * Changes the pack itself if nobody has since `version`. Its status moves only between draft
 * and ready here (presenting freezes it: see freezePack); sharing and attendance may change
 * after it is presented, since neither changes what was shown. Call inside a transaction.
 */
export async function changePack(tx: Db, packId: number, version: number, change: PackChange): Promise<Change<ShowAndTellPack>> {
  const pack = await lockPack(tx, packId, 'update');
  if ('status' in change && pack.status === 'presented') return { frozen: true };
  if (pack.version !== version) return { stale: true };
  const fields = 'attendance' in change ? change.attendance : change;
  const [saved] = await tx
    .update(showAndTellPacks)
    .set({ ...fields, version: sql`${showAndTellPacks.version} + 1`, updatedAt: sql`now()` })
    .where(eq(showAndTellPacks.id, packId))
    .returning();
  return { saved };
}

/**
 * Freezes the pack as shown. `sections` are the rows the snapshot was made from: if any has
 * changed since (or the pack has), the snapshot is out of date and nothing is saved.
 */
export async function freezePack(
  tx: Db,
  packId: number,
  version: number,
  sections: Pick<ShowAndTellSection, 'id' | 'version'>[],
  snapshot: PackSnapshot,
  by: { userId: number; today: IsoDate },
): Promise<Change<ShowAndTellPack>> {
  const pack = await lockPack(tx, packId, 'update');
  if (pack.status === 'presented') return { frozen: true };
  if (pack.version !== version) return { stale: true };
  const now = await tx
    .select({ id: showAndTellSections.id, version: showAndTellSections.version })
    .from(showAndTellSections)
    .where(eq(showAndTellSections.packId, packId));
  const same =
    now.length === sections.length &&
    now.every((row) => sections.some((section) => section.id === row.id && section.version === row.version));
  if (!same) return { stale: true };
  const [saved] = await tx
    .update(showAndTellPacks)
    .set({
      status: 'presented',
      snapshot,
      presentedOn: by.today,
      presentedBy: by.userId,
      version: sql`${showAndTellPacks.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(showAndTellPacks.id, packId))
    .returning();
  return { saved };
}
