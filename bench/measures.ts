import type { Database } from '../server/db/connection.js';

/**
 * A million contact records across 20 sites (50,000 each, about four years of a busy team):
 * the old way until two years ago, the new way since, with believable waits, outcomes and
 * returns. Set-based, so it takes seconds; the came_back triggers run once per statement.
 */
export async function seedContacts(
  database: Database,
  siteIds: number[],
  perSite = 50_000,
): Promise<{ contacts: number; milliseconds: number }> {
  const started = performance.now();
  const { sql } = database;
  await sql`select setseed(0.42)`;
  for (const siteId of siteIds) {
    await sql`
      insert into contacts (site_id, person_ref, contact_date, first_conversation_date, outcome, handoffs, funding_panel, weekly_cost_gbp, way_of_working)
      select ${siteId}::int, format('BM%s-%s', ${siteId}::int, n % ${Math.round(perSite * 0.8)}::int), day,
        case when random() < 0.97 then day + case when old then 10 + (random() * 30)::int else (random() * 6)::int end end,
        (array['resolved_c1', 'community', 'equipment', 'short_term', 'long_term', 'signposted', 'nfa'])[1 + (random() * 6)::int],
        case when old then 2 + (random() * 4)::int else (random() * 1.5)::int end,
        random() < case when old then 0.45 else 0.1 end,
        round((300 + random() * 400)::numeric, 2),
        case when old then 'old' else 'new' end
      from generate_series(1, ${perSite}::int) as n,
        lateral (select (now() at time zone 'Europe/London')::date - 1 - (n % 1460) as day) d,
        lateral (select d.day < (now() at time zone 'Europe/London')::date - 730 as old) w
      on conflict do nothing`;
  }
  await sql`vacuum analyze contacts`;
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from contacts`;
  return { contacts: n, milliseconds: performance.now() - started };
}
