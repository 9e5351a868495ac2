import { sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';

/** How far ahead "due" looks on the Today page: this week's actions, as well as today's and the overdue. */
export const DUE_WITHIN_DAYS = 7;
/** At most this many of each list; the page links to the whole list. */
export const TODAY_LIST_MAX = 20;

export type TodayHuddle = {
  siteId: number;
  siteName: string;
  startedAt: string | null;
  closedAt: string | null;
};

export type TodayAction = {
  id: number;
  siteId: number;
  siteName: string;
  description: string;
  dueDate: IsoDate;
};

export type TodayPerson = {
  id: number;
  siteId: number;
  siteName: string;
  personRef: string;
  contactDate: IsoDate;
};

export type TodayStory = {
  id: number;
  siteId: number;
  siteName: string;
  title: string;
};

export type WaitingFeedback = {
  siteId: number;
  siteName: string;
  waiting: number;
};

/** Today's huddle at each of these sites (not archived), made or not yet. */
export async function huddlesToday(db: Db, siteIds: readonly number[], today: IsoDate): Promise<TodayHuddle[]> {
  if (siteIds.length === 0) return [];
  return db.execute<TodayHuddle>(sql`
    select s.id as "siteId", s.name as "siteName", h.started_at as "startedAt", h.closed_at as "closedAt"
    from sites s left join huddles h on h.site_id = s.id and h.date = ${today}
    where s.id in ${siteIds} and s.archived_at is null
    order by s.name, s.id`);
}

/** The person's open actions that are overdue or due within the week, soonest first. */
export async function actionsDue(db: Db, userId: number, siteIds: readonly number[], today: IsoDate): Promise<TodayAction[]> {
  if (siteIds.length === 0) return [];
  return db.execute<TodayAction>(sql`
    select a.id, a.site_id as "siteId", s.name as "siteName", a.description, a.due_date::text as "dueDate"
    from actions a join sites s on s.id = a.site_id
    where a.owner_id = ${userId} and a.status = 'open' and a.site_id in ${siteIds}
      and a.due_date <= ${today}::date + ${DUE_WITHIN_DAYS}::int
    order by a.due_date, a.id
    limit ${TODAY_LIST_MAX}`);
}

/** The people the person is lead worker for who are in conversation 2 with no outcome yet, most recent contact first. */
export async function peopleInConversationTwo(db: Db, userId: number, siteIds: readonly number[]): Promise<TodayPerson[]> {
  if (siteIds.length === 0) return [];
  return db.execute<TodayPerson>(sql`
    select c.id, c.site_id as "siteId", s.name as "siteName", c.person_ref as "personRef", c.contact_date::text as "contactDate"
    from contacts c join sites s on s.id = c.site_id
    where c.lead_worker_id = ${userId} and c.highest_conversation = 2 and c.outcome is null and c.site_id in ${siteIds}
    order by c.contact_date desc, c.id desc
    limit ${TODAY_LIST_MAX}`);
}

/** Stories the person wrote that a reviewer sent back to them. */
export async function storiesReturned(db: Db, userId: number, siteIds: readonly number[]): Promise<TodayStory[]> {
  if (siteIds.length === 0) return [];
  return db.execute<TodayStory>(sql`
    select st.id, st.site_id as "siteId", s.name as "siteName", st.title
    from stories st join sites s on s.id = st.site_id
    where st.author_id = ${userId} and st.status = 'returned' and st.site_id in ${siteIds}
    order by st.updated_at desc, st.id desc
    limit ${TODAY_LIST_MAX}`);
}

/** How much of the co-production group's feedback waits for an answer, at each of these sites. */
export async function feedbackWaiting(db: Db, siteIds: readonly number[]): Promise<WaitingFeedback[]> {
  if (siteIds.length === 0) return [];
  return db.execute<WaitingFeedback>(sql`
    select s.id as "siteId", s.name as "siteName", count(*)::int as waiting
    from show_and_tell_feedback f join show_and_tell_packs p on p.id = f.pack_id join sites s on s.id = p.site_id
    where p.site_id in ${siteIds} and f.answer is null
    group by s.id, s.name
    order by s.name, s.id`);
}
