import { sql } from 'drizzle-orm';
import { fortnight, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { PackStatus } from '../db/schema.js';

export type SharedPack = {
  id: number;
  siteId: number;
  siteName: string;
  fortnight: number;
  status: PackStatus;
  presentedOn: IsoDate | null;
  showAndTellDate: IsoDate | null;
  firstFortnightStart: IsoDate;
  fortnightLengthDays: number;
};

/** The packs shared with these sites' co-production groups (never a draft), newest first. */
export async function sharedPacks(db: Db, siteIds: readonly number[]): Promise<(SharedPack & { start: IsoDate; end: IsoDate })[]> {
  if (siteIds.length === 0) return [];
  const rows = await db.execute<SharedPack>(sql`
    select p.id, p.site_id as "siteId", s.name as "siteName", p.fortnight, p.status, p.presented_on::text as "presentedOn",
      fp.show_and_tell_date::text as "showAndTellDate", s.first_fortnight_start::text as "firstFortnightStart", s.fortnight_length_days as "fortnightLengthDays"
    from show_and_tell_packs p join sites s on s.id = p.site_id
    left join fortnight_plans fp on fp.site_id = p.site_id and fp.number = p.fortnight
    where p.site_id in (${sql.join(
      siteIds.map((id) => sql`${id}`),
      sql`, `,
    )}) and p.shared_with_group and p.status <> 'draft'
    order by p.fortnight desc, s.name limit 200`);
  return rows.map((row) => ({
    ...row,
    ...fortnight(
      { firstFortnightStart: row.firstFortnightStart, fortnightLengthDays: row.fortnightLengthDays, huddleDays: [] },
      row.fortnight,
    ),
  }));
}
