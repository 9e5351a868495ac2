import { sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';

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
