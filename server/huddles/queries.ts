import { and, eq, isNull, sql, isNotNull } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import { sqlOf, type Db, type Sql } from '../db/connection.js';
import {
  boardRevisions,
  users,
  sites,
  type Site,
  contacts,
  huddleAttendance,
  huddleGuests,
  huddlePeople,
  huddles,
  type Contact,
  type HuddlePerson,
  type PersonFlag,
} from '../db/schema.js';
import { type TeamMember } from '../sites/team.js';
import { prepared } from '../db/prepared.js';

const client = sqlOf;

export interface HuddleDayRow {
  site: Site;
  revision: number;
  /** The day's huddle, when it has been made. */
  huddle: { id: number; closedAt: string | null } | null;
  /** Who can be named as an owner or lead worker: teamMembers' list. */
  team: TeamMember[];
}

const TEAM = sql<
  TeamMember[]
>`(select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'role', u.role) order by u.name, u.id), '[]')
  from team_members u where u.site_id = ${sites.id})`;

/**
 * The site, its board revision, the day's huddle and (for a change, which names owners and lead
 * workers) the team, in one round trip: every board request starts here.
 */
export async function findHuddleDay(
  db: Db,
  siteId: number,
  date: IsoDate,
  options: { team: boolean } = { team: true },
): Promise<HuddleDayRow | undefined> {
  const name = options.team ? 'find_huddle_day' : 'find_huddle_day_without_team';
  const query = prepared(db, name, (database) =>
    database
      .select({
        site: sites,
        revision: boardRevisions.revision,
        huddle: sql<{
          id: number;
          closedAt: string | null;
        } | null>`(select json_build_object('id', h.id, 'closedAt', h.closed_at) from huddles h where h.site_id = ${sites.id} and h.date = ${sql.placeholder('date')}::date)`,
        team: options.team ? TEAM : sql<TeamMember[]>`'[]'::json`,
      })
      .from(sites)
      .leftJoin(boardRevisions, eq(boardRevisions.siteId, sites.id))
      .where(eq(sites.id, sql.placeholder('id')))
      .prepare(name),
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
  const existing = await tx
    .select({ id: huddles.id, closedAt: huddles.closedAt })
    .from(huddles)
    .where(and(eq(huddles.siteId, siteId), eq(huddles.date, date)));
  if (existing[0]) return existing[0];
  const [made] = await tx
    .insert(huddles)
    .values({ siteId, date })
    .onConflictDoNothing()
    .returning({ id: huddles.id, closedAt: huddles.closedAt });
  if (made) return made;
  // Someone else made it a moment ago: theirs has committed, since the insert waited for it.
  const [theirs] = await tx
    .select({ id: huddles.id, closedAt: huddles.closedAt })
    .from(huddles)
    .where(and(eq(huddles.siteId, siteId), eq(huddles.date, date)));
  return theirs;
}

export async function startHuddle(tx: Db, siteId: number, huddleId: number, userId: number): Promise<void> {
  await tx
    .update(huddles)
    .set({ startedAt: sql`now()`, startedBy: userId })
    .where(and(eq(huddles.id, huddleId), isNull(huddles.startedAt)));
}

/** Closes the huddle; one closed without being started (a past day's, forgotten) keeps no start, so no length is made up. */
export async function closeHuddle(tx: Db, siteId: number, huddleId: number, userId: number): Promise<void> {
  await tx
    .update(huddles)
    .set({ closedAt: sql`now()`, closedBy: userId })
    .where(and(eq(huddles.id, huddleId), isNull(huddles.closedAt)));
}

/** When the huddle started and closed (each null until it has), and who closed it. */
export async function huddleTimes(
  db: Db,
  huddleId: number,
): Promise<{ startedAt: Date | null; closedAt: Date | null; closedBy: string | null } | undefined> {
  const [row] = await db
    .select({ startedAt: huddles.startedAt, closedAt: huddles.closedAt, closedBy: users.name })
    .from(huddles)
    .leftJoin(users, eq(users.id, huddles.closedBy))
    .where(eq(huddles.id, huddleId));
  return row;
}

/** Opens a closed huddle again: false when it was not closed (someone reopened it a moment ago). */
export async function reopenHuddle(tx: Db, siteId: number, huddleId: number): Promise<boolean> {
  const reopened = await tx
    .update(huddles)
    .set({ closedAt: null, closedBy: null })
    .where(and(eq(huddles.id, huddleId), eq(huddles.siteId, siteId), isNotNull(huddles.closedAt)))
    .returning({ id: huddles.id });
  return reopened.length === 1;
}

export async function setPresent(tx: Db, siteId: number, huddleId: number, userId: number, present: boolean): Promise<void> {
  const change = present
    ? tx.insert(huddleAttendance).values({ huddleId, userId }).onConflictDoNothing()
    : tx.delete(huddleAttendance).where(and(eq(huddleAttendance.huddleId, huddleId), eq(huddleAttendance.userId, userId)));
  await change;
}

/** False when this form (its key) has added its guest already. */
export async function addGuest(tx: Db, siteId: number, huddleId: number, role: string, formKey: string | null): Promise<boolean> {
  const added = await tx
    .insert(huddleGuests)
    .values({ huddleId, role, formKey })
    .onConflictDoNothing({ target: huddleGuests.formKey })
    .returning({ id: huddleGuests.id });
  return added.length > 0;
}

/** False when the guest is not at this huddle. */
export async function removeGuest(tx: Db, siteId: number, huddleId: number, guestId: number): Promise<boolean> {
  const removed = await tx
    .delete(huddleGuests)
    .where(and(eq(huddleGuests.id, guestId), eq(huddleGuests.huddleId, huddleId)))
    .returning({ id: huddleGuests.id });
  return removed.length > 0;
}

export interface ContactFields {
  personRef: string;
  contactDate: IsoDate;
  leadWorkerId: number;
}

/** A new contact from the huddle, the new way of working, as an insert returning its id (see addToHuddle). */
export function contactInsert(sql: Sql, siteId: number, huddleId: number, fields: ContactFields, createdBy: number) {
  return sql`insert into contacts (site_id, huddle_id, person_ref, contact_date, lead_worker_id, way_of_working, created_by)
    values (${siteId}, ${huddleId}, ${fields.personRef}, ${fields.contactDate}, ${fields.leadWorkerId}, 'new', ${createdBy}) returning id`;
}

/** A contact added at this huddle: one from another day's huddle, or imported, is not this board's to change. */
export async function findContact(db: Db, siteId: number, huddleId: number, id: number): Promise<Contact | undefined> {
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.siteId, siteId), eq(contacts.huddleId, huddleId), eq(contacts.id, id)));
  return contact;
}

/** Undefined when someone changed the record since `version` was read. */
export async function updateContact(
  tx: Db,
  siteId: number,
  id: number,
  version: number,
  fields: ContactFields,
): Promise<Contact | undefined> {
  const [contact] = await tx
    .update(contacts)
    .set({ ...fields, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contacts.siteId, siteId), eq(contacts.id, id), eq(contacts.version, version)))
    .returning();
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

/** Someone to talk about, as an insert returning its id (see addToHuddle). */
/** Adds nothing (and returns no row) when this form, by its key, has added its person already. */
export function personInsert(sql: Sql, siteId: number, huddleId: number, fields: PersonFields, createdBy: number, formKey: string | null) {
  return sql`insert into huddle_people (site_id, huddle_id, person_ref, conversation, lead_worker_id, contact_date, note, flag, created_by, form_key)
    values (${siteId}, ${huddleId}, ${fields.personRef}, ${fields.conversation}, ${fields.leadWorkerId}, ${fields.contactDate}, ${fields.note}, ${fields.flag}, ${createdBy}, ${formKey})
    on conflict (form_key) do nothing returning id`;
}

/** A person talked about at this huddle, not at another day's. */
export async function findPerson(db: Db, siteId: number, huddleId: number, id: number): Promise<HuddlePerson | undefined> {
  const [person] = await db
    .select()
    .from(huddlePeople)
    .where(and(eq(huddlePeople.siteId, siteId), eq(huddlePeople.huddleId, huddleId), eq(huddlePeople.id, id)));
  return person;
}

export async function updatePerson(
  tx: Db,
  siteId: number,
  id: number,
  version: number,
  fields: PersonFields,
): Promise<HuddlePerson | undefined> {
  const [person] = await tx
    .update(huddlePeople)
    .set({ ...fields, version: sql`${huddlePeople.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(huddlePeople.siteId, siteId), eq(huddlePeople.id, id), eq(huddlePeople.version, version)))
    .returning();
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
export async function listHuddles(
  db: Db,
  siteId: number,
  page: number,
  pageSize: number,
): Promise<{ huddles: HuddleSummary[]; total: number }> {
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
  const total =
    rows[0]?.total ?? (await client(db)<{ n: number }[]>`select count(*)::int as n from huddles where site_id = ${siteId}`)[0].n;
  return { huddles: rows, total };
}

/** Removes a person to talk about added by mistake, if they are still at `version` and at this huddle. */
export async function removePerson(tx: Db, siteId: number, huddleId: number, id: number, version: number): Promise<boolean> {
  const removed = await tx
    .delete(huddlePeople)
    .where(
      and(eq(huddlePeople.siteId, siteId), eq(huddlePeople.huddleId, huddleId), eq(huddlePeople.id, id), eq(huddlePeople.version, version)),
    )
    .returning({ id: huddlePeople.id });
  return removed.length > 0;
}
