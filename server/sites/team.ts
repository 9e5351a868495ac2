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
    select t.id, t.name, t.role from team_members t where t.site_id = ${siteId} order by t.name, t.id`);
}
