import { and, or, asc, desc, eq, gte, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { contacts, users, type Contact, type Outcome, type WayOfWorking } from '../db/schema.js';
import type { CheckedFilter, PageRequest } from './filter.js';
import type { ContactRecordFields } from './form.js';

export const RECORDS_PAGE_SIZE = 50;

/** The highest conversation reached: the latest one with a date, or the number recorded without dates, whichever is higher. */
export const reached = sql<number>`greatest(coalesce(${contacts.highestConversation}, 0), case when ${contacts.c3Date} is not null then 3 when ${contacts.c2Date} is not null then 2 when ${contacts.c1Date} is not null then 1 else 0 end)`;

export interface RecordRow {
  id: number;
  personRef: string;
  contactDate: IsoDate;
  firstConversationDate: IsoDate | null;
  reached: number;
  outcome: Outcome | null;
  leadWorkerName: string | null;
  wayOfWorking: WayOfWorking;
}

function conditions(siteId: number, filter: CheckedFilter): SQL {
  return (
    and(
      eq(contacts.siteId, siteId),
      filter.conversation ? sql`${reached} = ${Number(filter.conversation)}` : undefined,
      filter.outcome === 'none' ? isNull(contacts.outcome) : filter.outcome ? eq(contacts.outcome, filter.outcome) : undefined,
      filter.lead === 'none' ? isNull(contacts.leadWorkerId) : filter.lead ? eq(contacts.leadWorkerId, Number(filter.lead)) : undefined,
      filter.waiting === 'yes'
        ? and(isNull(contacts.firstConversationDate), isNull(contacts.outcome))
        : filter.waiting === 'no'
          ? or(isNotNull(contacts.firstConversationDate), isNotNull(contacts.outcome))
          : undefined,
      filter.way ? eq(contacts.wayOfWorking, filter.way) : undefined,
      filter.fromDate ? gte(contacts.contactDate, filter.fromDate) : undefined,
      filter.toDate ? lte(contacts.contactDate, filter.toDate) : undefined,
    ) ?? sql`true`
  );
}

export interface RecordPage {
  rows: RecordRow[];
  total: number;
  /** Whether there are rows before (newer than) and after (older than) this page. */
  hasNewer: boolean;
  hasOlder: boolean;
}

/**
 * One page of a site's contact records, newest first, by keyset: the page after (older than) or
 * before (newer than) a cursor row, or the oldest page. Each page reads only its 51 rows from the
 * index, however deep into 100,000 records it is. The total is one count over the filtered rows;
 * it is not bounded: a site holds tens of thousands of records, and counting 100,000 takes about 10 ms.
 *
 * Query plans relied on (EXPLAIN ANALYZE after VACUUM ANALYZE, PostgreSQL 15, 100,000 rows of one site
 * and 1,000 of another). The index contacts_site_date (site_id, contact_date) is enough: read backwards
 * it gives the order by date, and an incremental sort puts the few rows of one date in id order, so
 * no new index (and no migration) was needed. The page after a cursor deep in the list:
 *
 *   Limit (actual time=0.037..0.053 rows=51)
 *     ->  Incremental Sort  Sort Key: contact_date DESC, id DESC  Presorted Key: contact_date
 *           ->  Nested Loop Left Join (rows=56)
 *                 ->  Index Scan Backward using contacts_site_date on contacts (rows=56)
 *                       Index Cond: ((site_id = 1) AND (contact_date <= '2001-08-21'::date))
 *                       Filter: (ROW(contact_date, id) < ROW('2001-08-21'::date, 99950))
 *                 ->  Index Scan using users_pkey on users (rows=0 loops=56)
 *   Execution Time: 0.072 ms   (the newest and the oldest page: the same plan, 0.07-0.09 ms)
 *
 * With filters the scan reads on past rows that do not match until it has 51: old way, waiting and
 * no outcome after that cursor read 4,918 rows in 0.6 ms; a filter that matches nothing reads all
 * 100,000 in 12.7 ms, the worst case. The count: a Seq Scan of the site's rows (most of this table),
 * 10.5 ms unfiltered and 8.5 ms with two filters; with many sites it becomes an index scan on
 * contacts_site_date. So a whole page, count included, stays within about 25 ms of database time.
 */
export async function listRecords(db: Db, siteId: number, filter: CheckedFilter, page: PageRequest): Promise<RecordPage> {
  const where = conditions(siteId, filter);
  const newerFirst = !page.before && !page.oldest;
  const cursor = page.after
    ? sql`(${contacts.contactDate}, ${contacts.id}) < (${page.after.date}::date, ${page.after.id}::int)`
    : page.before
      ? sql`(${contacts.contactDate}, ${contacts.id}) > (${page.before.date}::date, ${page.before.id}::int)`
      : undefined;
  const [fetched, [{ total }]] = await Promise.all([
    db
      .select({
        id: contacts.id,
        personRef: contacts.personRef,
        contactDate: contacts.contactDate,
        firstConversationDate: contacts.firstConversationDate,
        reached,
        outcome: contacts.outcome,
        leadWorkerName: users.name,
        wayOfWorking: contacts.wayOfWorking,
      })
      .from(contacts)
      .leftJoin(users, eq(users.id, contacts.leadWorkerId))
      .where(and(where, cursor))
      .orderBy(...(newerFirst ? [desc(contacts.contactDate), desc(contacts.id)] : [asc(contacts.contactDate), asc(contacts.id)]))
      .limit(RECORDS_PAGE_SIZE + 1),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(contacts)
      .where(where),
  ]);
  const more = fetched.length > RECORDS_PAGE_SIZE;
  const rows = fetched.slice(0, RECORDS_PAGE_SIZE);
  if (!newerFirst) rows.reverse();
  if (page.after) return { rows, total, hasNewer: true, hasOlder: more };
  if (page.before) return { rows, total, hasNewer: more, hasOlder: true };
  if (page.oldest) return { rows, total, hasNewer: more, hasOlder: false };
  return { rows, total, hasNewer: false, hasOlder: more };
}

export type ContactRecord = Contact & { leadWorkerName: string | null; createdByName: string | null; huddleDate: IsoDate | null };

/** One contact of a site, with its lead worker's name; undefined for an id from another site. */
export async function findRecord(db: Db, siteId: number, id: number): Promise<ContactRecord | undefined> {
  const creator = sql<string | null>`(select name from users where id = ${contacts.createdBy})`;
  const huddleDate = sql<IsoDate | null>`(select date::text from huddles where id = ${contacts.huddleId})`;
  const [row] = await db
    .select({ contact: contacts, leadWorkerName: users.name, createdByName: creator, huddleDate })
    .from(contacts)
    .leftJoin(users, eq(users.id, contacts.leadWorkerId))
    .where(and(eq(contacts.siteId, siteId), eq(contacts.id, id)));
  return row && { ...row.contact, leadWorkerName: row.leadWorkerName, createdByName: row.createdByName, huddleDate: row.huddleDate };
}

/** Call inside a transaction: boards show contacts, so their revision moves with it. */
export async function createRecord(tx: Db, siteId: number, fields: ContactRecordFields, createdBy: number): Promise<Contact> {
  const [contact] = await tx
    .insert(contacts)
    .values({ siteId, ...fields, createdBy })
    .returning();
  return contact;
}

/** Saves a record if nobody has changed it since `version` was read; undefined when someone has. Call inside a transaction. */
export async function updateRecord(
  tx: Db,
  siteId: number,
  id: number,
  version: number,
  fields: ContactRecordFields,
): Promise<Contact | undefined> {
  const [updated] = await tx
    .update(contacts)
    .set({ ...fields, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contacts.siteId, siteId), eq(contacts.id, id), eq(contacts.version, version)))
    .returning();
  return updated;
}

/** The record of a site with this person reference and contact date, if any (the unique index). */
export async function findDuplicate(db: Db, siteId: number, personRef: string, contactDate: IsoDate): Promise<number | undefined> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.siteId, siteId), eq(contacts.personRef, personRef), eq(contacts.contactDate, contactDate)));
  return row?.id;
}

/**
 * Removes a contact added by mistake if it is still at `version`: it leaves every measure (the
 * statement trigger of migration 0008 works out again whether the person's other contacts came back).
 */
export async function removeContact(tx: Db, siteId: number, id: number, version: number): Promise<boolean> {
  const removed = await tx
    .delete(contacts)
    .where(and(eq(contacts.siteId, siteId), eq(contacts.id, id), eq(contacts.version, version)))
    .returning({ id: contacts.id });
  return removed.length > 0;
}
