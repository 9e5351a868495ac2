import type { Sql } from '../server/db/connection.js';

export interface Seeded {
  siteIds: number[];
  fortnightPlans: number;
  milliseconds: number;
}

/**
 * Ten years of history for each of `siteCount` sites: every site started on the Monday of the
 * week ten years ago, with 14-day fortnights, huddles Monday to Friday and a plan for every
 * fortnight up to the current one. Set-based, so it takes seconds, not minutes.
 */
export async function seedLargeDataset(sql: Sql, siteCount = 50): Promise<Seeded> {
  const started = performance.now();
  // The app numbers fortnights by the date in England, so the seed does too.
  const sites = await sql<{ id: number }[]>`
    with start as (
      select date_trunc('week', (now() at time zone 'Europe/London')::date - interval '10 years')::date as day
    )
    insert into sites (name, team_description, go_live_date, first_fortnight_start, fortnight_length_days, huddle_days)
    select format('Bench site %s', lpad(n::text, 3, '0')), format('Adult social care team %s', n), start.day, start.day, 14, '{1,2,3,4,5}'
    from generate_series(1, ${siteCount}::int) as n, start
    returning id`;

  const plans = await sql`
    insert into fortnight_plans (site_id, number, goal, version)
    select sites.id, n, format('Fortnight %s: cut the wait for a first conversation at %s', n, sites.name), 1
    from sites
    cross join lateral generate_series(
      1, ((now() at time zone 'Europe/London')::date - sites.first_fortnight_start) / sites.fortnight_length_days + 1
    ) as n`;

  await sql`analyze sites, fortnight_plans`;
  return { siteIds: sites.map((site) => site.id), fortnightPlans: plans.count, milliseconds: performance.now() - started };
}
