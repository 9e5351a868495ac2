import { and, eq, isNull, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db, Sql } from '../db/connection.js';
import { boardRevisions, sites, type Site, contacts, huddleAttendance, huddleGuests, huddlePeople, huddles, type Contact, type HuddlePerson, type PersonFlag } from '../db/schema.js';
import { bumpBoardRevision, type TeamMember } from '../sites/team.js';
import { prepared } from '../db/prepared.js';

export interface BoardHuddle {
  id: number;
  date: IsoDate;
  started_at: string | null;
  closed_at: string | null;
  started_by: string | null;
  closed_by: string | null;
}

export interface BoardMember {
  id: number;
  name: string;
  role: 'programme_lead' | 'practitioner';
  present: boolean;
}

export interface BoardAction {
  id: number;
  description: string;
  owner_id: number;
  owner_name: string;
  due_date: IsoDate;
  status: 'open' | 'done' | 'dropped';
  status_note: string;
  raised_on: IsoDate;
  version: number;
  huddle_date: IsoDate | null;
  reflection_id: number | null;
  reviewed_here: boolean;
}

export interface BoardContact {
  id: number;
  person_ref: string;
  contact_date: IsoDate;
  lead_worker_id: number | null;
  lead_worker_name: string | null;
  version: number;
}

export interface BoardPerson {
  id: number;
  person_ref: string;
  conversation: 1 | 2 | 3;
  lead_worker_id: number;
  lead_worker_name: string;
  contact_date: IsoDate | null;
  days_since_contact: number | null;
  note: string;
  flag: PersonFlag;
  version: number;
}

export interface BoardItem {
  id: number;
  title: string;
  category: string;
  status: string;
  owner_name: string;
  escalated_to: string;
  raised_on: IsoDate;
  raised_here: boolean;
  note: string | null;
}

export interface Board {
  huddle: BoardHuddle | null;
  revision: number;
  team: BoardMember[];
  guests: { id: number; role: string }[];
  openActions: BoardAction[];
  contacts: BoardContact[];
  people: BoardPerson[];
  items: BoardItem[];
  openItems: { id: number; title: string; raised_on: IsoDate }[];
  agreedActions: BoardAction[];
}

const client = (db: Db) => (db as unknown as { $client: Sql }).$client;

/**
 * Everything a huddle board shows, in one round trip. Each part reads only this huddle's rows or a
 * site's open actions and items (partial indexes actions_site_open, getting_in_the_way_site_open),
 * so the board does not slow as years of huddles pile up behind it.
 */
export async function loadBoard(db: Db, siteId: number, date: IsoDate): Promise<Board> {
  const [row] = await client(db)<Record<string, unknown>[]>`
    with h as (select id, date, started_at, closed_at, started_by, closed_by from huddles where site_id = ${siteId} and date = ${date}),
    hid as (select coalesce((select id from h), 0) as id)
    select
      (select row_to_json(x) from (
        select h.id, h.date, h.started_at, h.closed_at, su.name as started_by, cu.name as closed_by
        from h left join users su on su.id = h.started_by left join users cu on cu.id = h.closed_by) x) as huddle,
      coalesce((select revision from board_revisions where site_id = ${siteId}), 0)::int as revision,
      (select coalesce(json_agg(t order by t.name, t.id), '[]') from (
        select u.id, u.name, u.role, exists (select 1 from huddle_attendance a where a.huddle_id = (select id from hid) and a.user_id = u.id) as present
        from site_memberships m join users u on u.id = m.user_id
        where m.site_id = ${siteId} and u.disabled_at is null and u.role in ('programme_lead', 'practitioner')) t) as team,
      (select coalesce(json_agg(g order by g.id), '[]') from (select id, role from huddle_guests where huddle_id = (select id from hid)) g) as guests,
      (select coalesce(json_agg(a order by a.raised_on, a.id), '[]') from (
        select a.id, a.description, a.owner_id, u.name as owner_name, a.due_date, a.status, a.status_note, a.raised_on, a.version,
          (select hh.date from huddles hh where hh.id = a.huddle_id) as huddle_date, a.reflection_id,
          exists (select 1 from action_reviews r where r.action_id = a.id and r.huddle_id = (select id from hid)) as reviewed_here
        from actions a join users u on u.id = a.owner_id
        where a.id in (
          -- Open ones by the partial index; those reviewed here (and so perhaps closed) by theirs.
          select o.id from actions o where o.site_id = ${siteId} and o.status = 'open' and o.raised_on <= ${date}
          union
          select r.action_id from action_reviews r where r.huddle_id = (select id from hid))
        and a.huddle_id is distinct from (select id from hid)) a) as open_actions,
      (select coalesce(json_agg(c order by c.id), '[]') from (
        select c.id, c.person_ref, c.contact_date, c.lead_worker_id, u.name as lead_worker_name, c.version
        from contacts c left join users u on u.id = c.lead_worker_id where c.huddle_id = (select id from hid)) c) as contacts,
      (select coalesce(json_agg(p order by p.id), '[]') from (
        select p.id, p.person_ref, p.conversation, p.lead_worker_id, u.name as lead_worker_name, p.contact_date, p.note, p.flag, p.version,
          ${date}::date - coalesce(p.contact_date, (
            select max(c.contact_date) from contacts c where c.site_id = p.site_id and c.person_ref = p.person_ref and c.contact_date <= ${date})) as days_since_contact
        from huddle_people p join users u on u.id = p.lead_worker_id where p.huddle_id = (select id from hid)) p) as people,
      (select coalesce(json_agg(g order by g.raised_on, g.id), '[]') from (
        select g.id, g.title, g.category, g.status, u.name as owner_name, g.escalated_to, g.raised_on,
          g.huddle_id = (select id from hid) as raised_here, m.note
        from getting_in_the_way g join users u on u.id = g.owner_id
        left join getting_in_the_way_mentions m on m.item_id = g.id and m.huddle_id = (select id from hid)
        where g.site_id = ${siteId} and (g.huddle_id = (select id from hid) or m.id is not null)) g) as items,
      (select coalesce(json_agg(o order by o.raised_on, o.id), '[]') from (
        select g.id, g.title, g.raised_on from getting_in_the_way g
        where g.site_id = ${siteId} and g.status not in ('resolved', 'cannot_change') and g.raised_on <= ${date}
          and g.huddle_id is distinct from (select id from hid)
          and not exists (select 1 from getting_in_the_way_mentions m where m.item_id = g.id and m.huddle_id = (select id from hid))
        order by g.raised_on, g.id limit 200) o) as open_items,
      (select coalesce(json_agg(a order by a.id), '[]') from (
        select a.id, a.description, a.owner_id, u.name as owner_name, a.due_date, a.status, a.status_note, a.raised_on, a.version,
          null as huddle_date, a.reflection_id, false as reviewed_here
        from actions a join users u on u.id = a.owner_id where a.huddle_id = (select id from hid)) a) as agreed_actions`;
  return {
    huddle: row.huddle as BoardHuddle | null,
    revision: row.revision as number,
    team: row.team as BoardMember[],
    guests: row.guests as Board['guests'],
    openActions: row.open_actions as BoardAction[],
    contacts: row.contacts as BoardContact[],
    people: row.people as BoardPerson[],
    items: row.items as BoardItem[],
    openItems: row.open_items as Board['openItems'],
    agreedActions: row.agreed_actions as BoardAction[],
  };
}

export interface HuddleDayRow {
  site: Site;
  revision: number;
  /** The day's huddle, when it has been made. */
  huddle: { id: number; closedAt: string | null } | null;
  /** Who can be named as an owner or lead worker: teamMembers' list. */
  team: TeamMember[];
}

/** The site, its board revision, the day's huddle and the team in one round trip: every board request starts here. */
export async function findHuddleDay(db: Db, siteId: number, date: IsoDate): Promise<HuddleDayRow | undefined> {
  const query = prepared(db, 'find_huddle_day', (database) =>
    database
      .select({
        site: sites,
        revision: boardRevisions.revision,
        huddle: sql<{ id: number; closedAt: string | null } | null>`(select json_build_object('id', h.id, 'closedAt', h.closed_at) from huddles h where h.site_id = ${sites.id} and h.date = ${sql.placeholder('date')}::date)`,
        team: sql<TeamMember[]>`(select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'role', u.role) order by u.name, u.id), '[]')
          from site_memberships m join users u on u.id = m.user_id
          where m.site_id = ${sites.id} and u.disabled_at is null and u.role in ('programme_lead', 'practitioner'))`,
      })
      .from(sites)
      .leftJoin(boardRevisions, eq(boardRevisions.siteId, sites.id))
      .where(eq(sites.id, sql.placeholder('id')))
      .prepare('find_huddle_day'),
  );
  const [row] = await query.execute({ id: siteId, date });
  return row && { site: row.site, revision: row.revision ?? 0, huddle: row.huddle, team: row.team };
}

/** The live check every open board makes every few seconds: one primary-key lookup. */
export async function boardRevision(db: Db, siteId: number): Promise<number> {
  const rows = await client(db)<{ revision: number }[]>`select revision::int from board_revisions where site_id = ${siteId}`;
  return rows[0]?.revision ?? 0;
}

/**
 * The huddle for a site's date, made on first use. Call inside the transaction of the write that
 * needs it. An existing huddle is read, not locked, so people adding to it never wait on each other.
 */
export async function ensureHuddle(tx: Db, siteId: number, date: IsoDate): Promise<{ id: number; closedAt: Date | null }> {
  const existing = await tx.select({ id: huddles.id, closedAt: huddles.closedAt }).from(huddles).where(and(eq(huddles.siteId, siteId), eq(huddles.date, date)));
  if (existing[0]) return existing[0];
  const [made] = await tx.insert(huddles).values({ siteId, date }).onConflictDoNothing().returning({ id: huddles.id, closedAt: huddles.closedAt });
  if (made) return made;
  // Someone else made it a moment ago: theirs has committed, since the insert waited for it.
  const [theirs] = await tx.select({ id: huddles.id, closedAt: huddles.closedAt }).from(huddles).where(and(eq(huddles.siteId, siteId), eq(huddles.date, date)));
  return theirs;
}

export async function startHuddle(tx: Db, siteId: number, huddleId: number, userId: number): Promise<void> {
  await tx.update(huddles).set({ startedAt: sql`now()`, startedBy: userId }).where(and(eq(huddles.id, huddleId), isNull(huddles.startedAt)));
  await bumpBoardRevision(tx, siteId);
}

/** Closing an unstarted huddle starts it too, so the times always make sense. */
export async function closeHuddle(tx: Db, siteId: number, huddleId: number, userId: number): Promise<void> {
  await tx
    .update(huddles)
    .set({ startedAt: sql`coalesce(${huddles.startedAt}, now())`, startedBy: sql`coalesce(${huddles.startedBy}, ${userId})`, closedAt: sql`now()`, closedBy: userId })
    .where(and(eq(huddles.id, huddleId), isNull(huddles.closedAt)));
  await bumpBoardRevision(tx, siteId);
}

export async function setPresent(tx: Db, siteId: number, huddleId: number, userId: number, present: boolean): Promise<void> {
  if (present) await tx.insert(huddleAttendance).values({ huddleId, userId }).onConflictDoNothing();
  else await tx.delete(huddleAttendance).where(and(eq(huddleAttendance.huddleId, huddleId), eq(huddleAttendance.userId, userId)));
  await bumpBoardRevision(tx, siteId);
}

export async function addGuest(tx: Db, siteId: number, huddleId: number, role: string): Promise<void> {
  await tx.insert(huddleGuests).values({ huddleId, role });
  await bumpBoardRevision(tx, siteId);
}

/** False when the guest is not at this huddle. */
export async function removeGuest(tx: Db, siteId: number, huddleId: number, guestId: number): Promise<boolean> {
  const removed = await tx.delete(huddleGuests).where(and(eq(huddleGuests.id, guestId), eq(huddleGuests.huddleId, huddleId))).returning({ id: huddleGuests.id });
  if (removed.length) await bumpBoardRevision(tx, siteId);
  return removed.length > 0;
}

export interface ContactFields {
  personRef: string;
  contactDate: IsoDate;
  leadWorkerId: number;
}

export async function addContact(tx: Db, siteId: number, huddleId: number, fields: ContactFields, createdBy: number): Promise<Contact> {
  const [contact] = await tx.insert(contacts).values({ siteId, huddleId, ...fields, wayOfWorking: 'new', createdBy }).returning();
  await bumpBoardRevision(tx, siteId);
  return contact;
}

export async function findContact(db: Db, siteId: number, id: number): Promise<Contact | undefined> {
  const [contact] = await db.select().from(contacts).where(and(eq(contacts.siteId, siteId), eq(contacts.id, id)));
  return contact;
}

/** Undefined when someone changed the record since `version` was read. */
export async function updateContact(tx: Db, siteId: number, id: number, version: number, fields: ContactFields): Promise<Contact | undefined> {
  const [contact] = await tx
    .update(contacts)
    .set({ ...fields, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contacts.siteId, siteId), eq(contacts.id, id), eq(contacts.version, version)))
    .returning();
  if (contact) await bumpBoardRevision(tx, siteId);
  return contact;
}

export interface PersonFields {
  personRef: string;
  conversation: 1 | 2 | 3;
  leadWorkerId: number;
  contactDate: IsoDate | null;
  note: string;
  flag: PersonFlag;
}

export async function addPerson(tx: Db, siteId: number, huddleId: number, fields: PersonFields, createdBy: number): Promise<HuddlePerson> {
  const [person] = await tx.insert(huddlePeople).values({ siteId, huddleId, ...fields, createdBy }).returning();
  await bumpBoardRevision(tx, siteId);
  return person;
}

export async function findPerson(db: Db, siteId: number, id: number): Promise<HuddlePerson | undefined> {
  const [person] = await db.select().from(huddlePeople).where(and(eq(huddlePeople.siteId, siteId), eq(huddlePeople.id, id)));
  return person;
}

export async function updatePerson(tx: Db, siteId: number, id: number, version: number, fields: PersonFields): Promise<HuddlePerson | undefined> {
  const [person] = await tx
    .update(huddlePeople)
    .set({ ...fields, version: sql`${huddlePeople.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(huddlePeople.siteId, siteId), eq(huddlePeople.id, id), eq(huddlePeople.version, version)))
    .returning();
  if (person) await bumpBoardRevision(tx, siteId);
  return person;
}

export interface HuddleSummary {
  id: number;
  date: IsoDate;
  started_at: string | null;
  closed_at: string | null;
  present: number;
  guests: number;
  contacts: number;
  people: number;
  actions: number;
  items: number;
}

/** A page of a site's huddles, newest first, with their counts. */
export async function listHuddles(db: Db, siteId: number, page: number, pageSize: number): Promise<{ huddles: HuddleSummary[]; total: number }> {
  const rows = await client(db)<(HuddleSummary & { total: number })[]>`
    select h.id, h.date, h.started_at, h.closed_at, count(*) over ()::int as total,
      (select count(*) from huddle_attendance a where a.huddle_id = h.id)::int as present,
      (select count(*) from huddle_guests g where g.huddle_id = h.id)::int as guests,
      (select count(*) from contacts c where c.huddle_id = h.id)::int as contacts,
      (select count(*) from huddle_people p where p.huddle_id = h.id)::int as people,
      (select count(*) from actions a where a.huddle_id = h.id)::int as actions,
      (select count(*) from getting_in_the_way g where g.huddle_id = h.id)::int as items
    from huddles h where h.site_id = ${siteId}
    order by h.date desc limit ${pageSize} offset ${(page - 1) * pageSize}`;
  const total = rows[0]?.total ?? (await client(db)<{ n: number }[]>`select count(*)::int as n from huddles where site_id = ${siteId}`)[0].n;
  return { huddles: rows, total };
}

