import { sql } from 'drizzle-orm';
import { addDays, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';

/**
 * Contact records for the measures, made in SQL with a fixed random seed so the demo is the same
 * each time: the old way (long waits, panels, hand-offs, a third ending in long-term support, a
 * third coming back) until `switchDate`, then the new way improving over its first three months
 * towards short waits, conversations that resolve things and fewer packages. A `switchDate` of
 * null keeps the old way throughout (the comparison team). Fictional: references are made up.
 */
export async function seedDemoContacts(
  tx: Db,
  site: { id: number; prefix: string },
  from: IsoDate,
  to: IsoDate,
  switchDate: IsoDate | null,
  perWeek: number,
): Promise<number> {
  await tx.execute(sql`select setseed(${(site.id % 97) / 100})`);
  const result = await tx.execute(sql`
    with days as (
      select d::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') as d
      where extract(isodow from d) < 6
    ),
    made as (
      select day,
        case when ${switchDate}::date is not null and day >= ${switchDate}::date then 'new' else 'old' end as way,
        -- 0 at the switch, 1 three months after: the new way takes time to bed in.
        case when ${switchDate}::date is null or day < ${switchDate}::date then 0
             else least(1.0, (day - ${switchDate}::date) / 91.0) end as bedded,
        random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
      from days, generate_series(1, ${Math.floor(perWeek / 5) + 1}::int) as n
      -- perWeek / 5 a weekday, give or take one.
      where n <= ${Math.floor(perWeek / 5)}::int or random() < ${(perWeek / 5) % 1}::float8
    ),
    shaped as (
      select day, way, r1, r2, r3, r4, r5, r6,
        case when way = 'old' then 12 + floor(r1 * 26)::int
             else greatest(0, round((1 - bedded) * (10 + r1 * 16) + bedded * (r1 * r1 * 7)))::int end as waited,
        case when way = 'old' then
               case when r2 < 0.12 then 'resolved_c1' when r2 < 0.20 then 'community' when r2 < 0.35 then 'equipment'
                    when r2 < 0.50 then 'short_term' when r2 < 0.82 then 'long_term' when r2 < 0.94 then 'signposted' else 'nfa' end
             else
               case when r2 < 0.12 + 0.26 * bedded then 'resolved_c1' when r2 < 0.20 + 0.38 * bedded then 'community'
                    when r2 < 0.35 + 0.31 * bedded then 'equipment' when r2 < 0.50 + 0.28 * bedded then 'short_term'
                    when r2 < 0.82 + 0.10 * bedded then 'long_term' when r2 < 0.94 + 0.03 * bedded then 'signposted' else 'nfa' end
        end as outcome,
        case when way = 'old' then 2 + floor(r3 * 5)::int else floor(r3 * (3 - 2.2 * bedded))::int end as handoffs,
        r4 < (case when way = 'old' then 0.45 else 0.45 - 0.35 * bedded end) as panel,
        round((case when way = 'old' then 380 + r5 * 320 else 330 + r5 * 220 end)::numeric, 2) as cost,
        r6 < (case when way = 'old' then 0.45 else 0.45 - 0.13 * bedded end) as comes_back
      from made
    ),
    numbered as (select *, row_number() over (order by day, r1) as k from shaped)
    insert into contacts (site_id, person_ref, contact_date, first_conversation_date, outcome, handoffs, funding_panel, weekly_cost_gbp, way_of_working, team, highest_conversation)
    select ${site.id}::int, format('%s-%s', ${site.prefix}::text, lpad(k::text, 6, '0')), day,
      case when day + waited < ${to}::date then day + waited end,
      case when day + waited + 14 < ${to}::date then outcome end,
      handoffs, panel,
      case when outcome = 'long_term' then cost end,
      way, '',
      -- No highest conversation before the first one.
      case when day + waited >= ${to}::date then null when outcome = 'long_term' then 3 when outcome in ('short_term', 'equipment') and r3 < 0.3 then 2 else 1 end
    from numbered
    union all
    -- People who came back within 90 days: a second contact under the same reference.
    select ${site.id}::int, format('%s-%s', ${site.prefix}::text, lpad(k::text, 6, '0')), day + 7 + floor(r5 * 80)::int,
      case when day + 7 + floor(r5 * 80)::int + waited < ${to}::date then day + 7 + floor(r5 * 80)::int + waited end,
      case when day + 7 + floor(r5 * 80)::int + waited + 14 < ${to}::date then outcome end,
      handoffs, panel, case when outcome = 'long_term' then cost end,
      case when ${switchDate}::date is not null and day + 7 + floor(r5 * 80)::int >= ${switchDate}::date then 'new' else 'old' end, '',
      case when day + 7 + floor(r5 * 80)::int + waited < ${to}::date then 1 end
    from numbered where comes_back and day + 7 + floor(r5 * 80)::int <= ${to}::date`);
  return (result as unknown as { count: number }).count ?? 0;
}

export function yearsBefore(date: IsoDate, years: number): IsoDate {
  return addDays(date, -Math.round(365.25 * years));
}
