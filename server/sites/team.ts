import { sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { boardChanges } from '../db/schema.js';

export type TeamMember = {
  id: number;
  name: string;
  role: 'programme_lead' | 'practitioner';
};

/** The people who can own actions and items at a site: its practitioners and leads with live accounts. */
export async function teamMembers(db: Db, siteId: number): Promise<TeamMember[]> {
  return db.execute<TeamMember>(sql`
    select u.id, u.name, u.role from site_memberships m join users u on u.id = m.user_id
    where m.site_id = ${siteId} and u.disabled_at is null and u.role in ('programme_lead', 'practitioner')
    order by u.name, u.id`);
}

/**
 * Call in the transaction of every change a huddle board shows, so open boards can see, with one
 * primary-key lookup on any app instance, that something changed. The revision itself moves
 * when the transaction commits (a deferred trigger), so no lock is held meanwhile.
 */
export async function bumpBoardRevision(db: Db, siteId: number): Promise<void> {
  await db.insert(boardChanges).values({ siteId });
}

/** A person joined, left or was disabled: the boards of their sites show a different team. */
export async function bumpBoardRevisionsOfUser(db: Db, userId: number): Promise<void> {
  await db.execute(sql`
    insert into board_changes (site_id) select site_id from site_memberships where user_id = ${userId}`);
}
