import type { IsoDate } from '../calendar/fortnights.js';
import { sqlOf, type Db, type Sql } from '../db/connection.js';
import type { PersonFlag } from '../db/schema.js';
import { ALL_PARTS, partsOf, type BoardPart, type Section } from './sections.js';

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

const client = sqlOf;

type Part = BoardPart;

/** Each part as SQL, reading only this huddle's rows (hid) or the site's open actions and items. */
function partSql(sql: Sql, part: Part, siteId: number, date: IsoDate) {
  switch (part) {
    case 'team':
      return sql`(select coalesce(json_agg(t order by t.name, t.id), '[]') from (
        select u.id, u.name, u.role, exists (select 1 from huddle_attendance a where a.huddle_id = (select id from hid) and a.user_id = u.id) as present
        from team_members u where u.site_id = ${siteId}) t)`;
    case 'guests':
      return sql`(select coalesce(json_agg(g order by g.id), '[]') from (select id, role from huddle_guests where huddle_id = (select id from hid)) g)`;
    case 'openActions':
      return sql`(select coalesce(json_agg(a order by a.raised_on, a.id), '[]') from (
        select a.id, a.description, a.owner_id, u.name as owner_name, a.due_date, a.status, a.status_note, a.raised_on, a.version,
          (select hh.date from huddles hh where hh.id = a.huddle_id) as huddle_date, a.reflection_id,
          exists (select 1 from action_reviews r where r.action_id = a.id and r.huddle_id = (select id from hid)) as reviewed_here
        from actions a join users u on u.id = a.owner_id
        where a.id in (
          -- Open ones by the partial index; those reviewed here (and so perhaps closed) by theirs.
          select o.id from actions o where o.site_id = ${siteId} and o.status = 'open' and o.raised_on <= ${date}
          union
          select r.action_id from action_reviews r where r.huddle_id = (select id from hid))
        and a.huddle_id is distinct from (select id from hid)) a)`;
    case 'contacts':
      return sql`(select coalesce(json_agg(c order by c.id), '[]') from (
        select c.id, c.person_ref, c.contact_date, c.lead_worker_id, u.name as lead_worker_name, c.version
        from contacts c left join users u on u.id = c.lead_worker_id where c.huddle_id = (select id from hid)) c)`;
    case 'people':
      return sql`(select coalesce(json_agg(p order by p.id), '[]') from (
        select p.id, p.person_ref, p.conversation, p.lead_worker_id, u.name as lead_worker_name, p.contact_date, p.note, p.flag, p.version,
          ${date}::date - coalesce(p.contact_date, (
            select max(c.contact_date) from contacts c where c.site_id = p.site_id and c.person_ref = p.person_ref and c.contact_date <= ${date})) as days_since_contact
        from huddle_people p join users u on u.id = p.lead_worker_id where p.huddle_id = (select id from hid)) p)`;
    case 'items':
      return sql`(select coalesce(json_agg(g order by g.raised_on, g.id), '[]') from (
        select g.id, g.title, g.category, g.status, u.name as owner_name, g.escalated_to, g.raised_on,
          g.huddle_id = (select id from hid) as raised_here, m.note
        from getting_in_the_way g join users u on u.id = g.owner_id
        left join getting_in_the_way_mentions m on m.item_id = g.id and m.huddle_id = (select id from hid)
        where g.site_id = ${siteId} and (g.huddle_id = (select id from hid) or m.id is not null)) g)`;
    case 'openItems':
      return sql`(select coalesce(json_agg(o order by o.raised_on, o.id), '[]') from (
        select g.id, g.title, g.raised_on from getting_in_the_way g
        where g.site_id = ${siteId} and g.status not in ('resolved', 'cannot_change') and g.raised_on <= ${date}
          and g.huddle_id is distinct from (select id from hid)
          and not exists (select 1 from getting_in_the_way_mentions m where m.item_id = g.id and m.huddle_id = (select id from hid))
        order by g.raised_on, g.id limit 200) o)`;
    case 'agreedActions':
      return sql`(select coalesce(json_agg(a order by a.id), '[]') from (
        select a.id, a.description, a.owner_id, u.name as owner_name, a.due_date, a.status, a.status_note, a.raised_on, a.version,
          null as huddle_date, a.reflection_id, false as reviewed_here
        from actions a join users u on u.id = a.owner_id where a.huddle_id = (select id from hid)) a)`;
  }
}

/**
 * Everything a huddle board shows, or only what one section shows (after a change to it), in one
 * round trip. Each part reads only this huddle's rows or a site's open actions and items (partial
 * indexes actions_site_open, getting_in_the_way_site_open), so the board does not slow as years of
 * huddles pile up behind it. Parts a section does not show come back empty.
 */
export async function loadBoard(db: Db, siteId: number, date: IsoDate, section?: Section): Promise<Board> {
  const sql = client(db);
  const wanted = section ? partsOf(section) : ALL_PARTS;
  const parts = ALL_PARTS.map((part) =>
    wanted.includes(part) ? sql`${partSql(sql, part, siteId, date)} as ${sql(part)}` : sql`'[]'::json as ${sql(part)}`,
  );
  const [row] = await sql<Record<string, unknown>[]>`
    with h as (select id, date, started_at, closed_at, started_by, closed_by from huddles where site_id = ${siteId} and date = ${date}),
    hid as (select coalesce((select id from h), 0) as id)
    select
      (select row_to_json(x) from (
        select h.id, h.date, h.started_at, h.closed_at, su.name as started_by, cu.name as closed_by
        from h left join users su on su.id = h.started_by left join users cu on cu.id = h.closed_by) x) as huddle,
      coalesce((select revision from board_revisions where site_id = ${siteId}), 0)::int as revision,
      ${parts.flatMap((part, index) => (index === 0 ? [part] : [sql`, `, part]))}`;
  return {
    huddle: row.huddle as BoardHuddle | null,
    revision: row.revision as number,
    team: row.team as BoardMember[],
    guests: row.guests as Board['guests'],
    openActions: row.openActions as BoardAction[],
    contacts: row.contacts as BoardContact[],
    people: row.people as BoardPerson[],
    items: row.items as BoardItem[],
    openItems: row.openItems as Board['openItems'],
    agreedActions: row.agreedActions as BoardAction[],
  };
}
