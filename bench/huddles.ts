import { createSession } from '../server/accounts/sessions.js';
import type { Database } from '../server/db/connection.js';

export interface HuddleSites {
  /** The latest huddle day on or before today, the board every site's huddle opens at. */
  date: string;
  /** Sites with three years of huddles: the board and adding an item are measured on these. */
  threeYears: number[];
  oneYear: number[];
  fiveYears: number[];
  /** A signed-in programme lead of all of them, and the session's CSRF token for posting. */
  cookie: string;
  csrfToken: string;
  /** A team member of each site, to name as lead worker. */
  leadWorkerOf: Map<number, number>;
  huddles: number;
  rows: Record<string, number>;
  milliseconds: number;
}

/**
 * A history of huddles behind each site's board: every weekday for `years` years, with five of
 * the six team members present, two new contacts, one person talked about and one action each
 * (done within days, except the last fortnight's), a log item a week (resolved, except the last
 * few), and an item brought back every other week. Set-based, so years take seconds to make.
 */
async function seedHistory(database: Database, siteIds: number[], years: number, date: string): Promise<void> {
  const { sql } = database;
  await sql`
    insert into users (email, name, role)
    select format('bench.team.%s.%s@example.org', s, n), format('Team member %s of site %s', n, s), 'practitioner'
    from unnest(${siteIds}::int[]) as s, generate_series(1, 6) as n`;
  await sql`
    insert into site_memberships (user_id, site_id)
    select u.id, s from unnest(${siteIds}::int[]) as s join users u on u.email like format('bench.team.%s.%%', s)`;
  await sql`
    insert into huddles (site_id, date, started_at, closed_at)
    select s, d::date, ((d::date + time '09:30') at time zone 'Europe/London'), ((d::date + time '09:44') at time zone 'Europe/London')
    from unnest(${siteIds}::int[]) as s,
      generate_series(${date}::date - make_interval(years => ${years}), ${date}::date - 1, interval '1 day') as d
    where extract(isodow from d) < 6`;
  // Team members numbered 0 to 5 within each site, so each huddle can name them by arithmetic.
  await sql.begin(async (tx) => {
    await tx`
      create temporary table bench_team on commit drop as
      select m.site_id, m.user_id, (row_number() over (partition by m.site_id order by m.user_id) - 1)::int as k
      from site_memberships m join users u on u.id = m.user_id where m.site_id = any(${siteIds}::int[]) and u.email like 'bench.team.%'`;
    await tx`
      create temporary table bench_huddles on commit drop as
      select h.id, h.site_id, h.date from huddles h where h.site_id = any(${siteIds}::int[])`;
    await tx`
      insert into huddle_attendance (huddle_id, user_id)
      select h.id, t.user_id from bench_huddles h join bench_team t on t.site_id = h.site_id where t.k <> h.id % 6`;
    await tx`
      insert into contacts (site_id, person_ref, contact_date, lead_worker_id, huddle_id, way_of_working, first_conversation_date)
      select h.site_id, format('B%s-%s', h.id, n), h.date - 1, t.user_id, h.id, 'new', h.date + 1
      from bench_huddles h cross join generate_series(1, 2) as n join bench_team t on t.site_id = h.site_id and t.k = (h.id + n) % 6`;
    await tx`
      insert into huddle_people (site_id, huddle_id, person_ref, conversation, lead_worker_id, note, flag)
      select h.site_id, h.id, format('B%s-1', h.id), 2, t.user_id, 'Carer unwell; the team is staying with the family until things settle', case when h.id % 9 = 0 then 'safeguarding' else 'none' end
      from bench_huddles h join bench_team t on t.site_id = h.site_id and t.k = h.id % 6`;
    await tx`
      insert into actions (site_id, description, owner_id, due_date, status, status_note, raised_on, huddle_id, closed_on)
      select h.site_id, format('Follow up on the point raised at the huddle on %s', h.date), t.user_id, h.date + 7,
        case when h.date >= ${date}::date - 14 then 'open' else 'done' end, '', h.date, h.id,
        case when h.date >= ${date}::date - 14 then null else h.date + 3 end
      from bench_huddles h join bench_team t on t.site_id = h.site_id and t.k = (h.id + 3) % 6`;
    await tx`
      insert into action_reviews (action_id, status, note, reviewed_at)
      select a.id, 'done', '', (a.closed_on + time '09:40') at time zone 'Europe/London' from actions a where a.site_id = any(${siteIds}::int[]) and a.status = 'done'`;
    await tx`
      insert into getting_in_the_way (site_id, title, category, description, owner_id, status, what_changed, raised_on, resolved_on, huddle_id)
      select h.site_id, format('The panel form asked for on %s', h.date), (array['process', 'policy', 'it_system', 'resources', 'community', 'other'])[1 + h.id % 6],
        'A form the old way needs before anyone can help', t.user_id,
        case when h.date >= ${date}::date - 60 then 'open' else 'resolved' end,
        case when h.date >= ${date}::date - 60 then '' else 'The form is no longer needed' end,
        h.date, case when h.date >= ${date}::date - 60 then null else h.date + 30 end, h.id
      from bench_huddles h join bench_team t on t.site_id = h.site_id and t.k = h.id % 6
      where extract(isodow from h.date) = 1`;
    await tx`
      insert into getting_in_the_way_mentions (item_id, huddle_id, note)
      select g.id, h.id, 'Still waiting to hear'
      from getting_in_the_way g join bench_huddles h on h.site_id = g.site_id and h.date = g.raised_on + 14
      where g.site_id = any(${siteIds}::int[])`;
  });
}

export async function seedHuddles(database: Database, siteIds: number[]): Promise<HuddleSites> {
  const started = performance.now();
  const { sql } = database;
  // The latest weekday on or before today in England that is not a bank holiday.
  const [{ date }] = await sql<{ date: string }[]>`
    select d::date::text as date from generate_series((now() at time zone 'Europe/London')::date, (now() at time zone 'Europe/London')::date - 14, interval '-1 day') as d
    where extract(isodow from d) < 6 and d::date not in (select date from bank_holidays) limit 1`;
  const threeYears = siteIds.slice(0, 20);
  const oneYear = siteIds.slice(20, 25);
  const fiveYears = siteIds.slice(25, 30);
  await seedHistory(database, threeYears, 3, date);
  await seedHistory(database, oneYear, 1, date);
  await seedHistory(database, fiveYears, 5, date);
  const all = [...threeYears, ...oneYear, ...fiveYears];
  const [lead] = await sql<{ id: number }[]>`
    insert into users (email, name, role, totp_secret, mfa_enabled_at)
    values ('bench.lead@example.org', 'Bench programme lead', 'programme_lead', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', now()) returning id`;
  await sql`insert into site_memberships (user_id, site_id) select ${lead.id}, s from unnest(${all}::int[]) as s`;
  const leads = await sql<{ site_id: number; user_id: number }[]>`
    select m.site_id, min(m.user_id) as user_id from site_memberships m join users u on u.id = m.user_id
    where m.site_id = any(${all}::int[]) and u.email like 'bench.team.%' group by m.site_id`;
  const counts = await sql<{ table: string; n: number }[]>`
    select 'huddles' as table, count(*)::int as n from huddles union all
    select 'contacts', count(*)::int from contacts union all
    select 'huddle_people', count(*)::int from huddle_people union all
    select 'actions', count(*)::int from actions union all
    select 'getting_in_the_way', count(*)::int from getting_in_the_way`;
  await sql`analyze`;
  const { token, csrfToken } = await createSession(database.db, { userId: lead.id });
  const rows = Object.fromEntries(counts.map((row) => [row.table, row.n]));
  return {
    date,
    threeYears,
    oneYear,
    fiveYears,
    cookie: `session=${token}`,
    csrfToken,
    leadWorkerOf: new Map(leads.map((row) => [row.site_id, row.user_id])),
    huddles: rows.huddles,
    rows,
    milliseconds: performance.now() - started,
  };
}

/** Recent huddle days of each site, so the added people spread over many huddles as they would. */
export async function recentHuddleDates(database: Database, siteId: number, count: number): Promise<string[]> {
  const rows = await database.sql<
    { date: string }[]
  >`select date::text from huddles where site_id = ${siteId} order by date desc limit ${count}`;
  return rows.map((row) => row.date);
}
