import type { IsoDate } from '../calendar/fortnights.js';
import { sqlOf, type Db } from '../db/connection.js';
import type { WayOfWorking } from '../db/schema.js';
import type { Period } from './definitions.js';

/** Every measure of one group of contacts (a period and a way of working, or a whole date range). */
export interface MeasureRow {
  wayOfWorking: WayOfWorking;
  contacts: number;
  daysWaited: number | null;
  daysWaitedP90: number | null;
  /** Contacts that have had a first conversation: the n behind days waited. */
  withFirstConversation: number;
  /** Contacts with an outcome: the n behind the outcome shares. */
  withOutcome: number;
  resolvedC1: number | null;
  longTerm: number | null;
  longTermCount: number;
  handoffs: number | null;
  fundingPanel: number | null;
  weeklyCost: number | null;
  withCost: number;
  /** Contacts at least 90 days old: the n behind the repeat-contact rate. */
  oldEnough: number;
  repeatContact: number | null;
  /** Contacts with no outcome that are too new for it to be known (the site's outcome days): the period is not mature. */
  unknownOutcomes: number;
}

export interface PeriodRow extends MeasureRow {
  periodStart: IsoDate;
  /** Days in the period that fall in the range asked for (a month is 28 to 31; the first and last may be cut short). */
  days: number;
}

// postgres.js directly: the database's own client, or a transaction's (so a snapshot can be made inside one).
const client = sqlOf;

interface RawRow {
  period_start: IsoDate | null;
  way: WayOfWorking;
  contacts: number;
  days_waited: [number | null, number | null] | null;
  with_first_conversation: number;
  with_outcome: number;
  resolved_c1: number | null;
  long_term: number | null;
  long_term_count: number;
  handoffs: number | null;
  funding_panel: number | null;
  weekly_cost: number | null;
  with_cost: number;
  old_enough: number;
  repeat_contact: number | null;
  unknown_outcomes: number;
}

function toRow(raw: RawRow): MeasureRow {
  return {
    wayOfWorking: raw.way,
    contacts: raw.contacts,
    daysWaited: raw.days_waited?.[0] ?? null,
    daysWaitedP90: raw.days_waited?.[1] ?? null,
    withFirstConversation: raw.with_first_conversation,
    withOutcome: raw.with_outcome,
    resolvedC1: raw.resolved_c1,
    longTerm: raw.long_term,
    longTermCount: raw.long_term_count,
    handoffs: raw.handoffs,
    fundingPanel: raw.funding_panel,
    weeklyCost: raw.weekly_cost,
    withCost: raw.with_cost,
    oldEnough: raw.old_enough,
    repeatContact: raw.repeat_contact,
    unknownOutcomes: raw.unknown_outcomes,
  };
}

/**
 * The measures, grouped by period (or, with `period` null, over the whole range), for contacts of
 * the given sites with a contact date in [from, to]. Computed in SQL in one pass over the range;
 * whether a person came back within 90 days is kept on each contact by triggers (migration 0008).
 */
export interface MeasureRange {
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  /** Days after which a contact's outcome is knowable, recorded or not (the site's setting; 90 by default). */
  outcomeDays?: number;
}

async function measureRows(db: Db, siteIds: number[], range: MeasureRange, period: Period | null): Promise<RawRow[]> {
  const outcomeDays = range.outcomeDays ?? 90;
  const unit = period ?? 'week';
  const grouped = period !== null;
  return client(db)<RawRow[]>`
    with c as (
      -- An index-only scan of contacts_site_date, whose INCLUDE columns are exactly these.
      select c.way_of_working as way, c.contact_date, c.first_conversation_date, c.outcome, c.handoffs, c.funding_panel, c.weekly_cost_gbp, c.came_back
      from contacts c
      where c.site_id = any(${siteIds}::int[]) and c.contact_date >= ${range.from}::date and c.contact_date <= ${range.to}::date
    )
    select
      case when ${grouped} then date_trunc(${unit}, c.contact_date)::date::text end as period_start,
      c.way,
      count(*)::int as contacts,
      -- Both percentiles from one sort.
      (percentile_cont(array[0.5, 0.9]) within group (order by c.first_conversation_date - c.contact_date))::float8[] as days_waited,
      count(c.first_conversation_date)::int as with_first_conversation,
      count(c.outcome)::int as with_outcome,
      (100.0 * count(*) filter (where c.outcome in ('resolved_c1', 'community')) / nullif(count(c.outcome), 0))::float8 as resolved_c1,
      (100.0 * count(*) filter (where c.outcome = 'long_term') / nullif(count(c.outcome), 0))::float8 as long_term,
      count(*) filter (where c.outcome = 'long_term')::int as long_term_count,
      -- Hand-offs and funding panels count a contact once its outcome can be known: recorded, or old enough.
      (avg(c.handoffs) filter (where c.outcome is not null or c.contact_date <= ${range.today}::date - ${outcomeDays}::int))::float8 as handoffs,
      (100.0 * count(*) filter (where c.funding_panel and (c.outcome is not null or c.contact_date <= ${range.today}::date - ${outcomeDays}::int))
        / nullif(count(*) filter (where c.outcome is not null or c.contact_date <= ${range.today}::date - ${outcomeDays}::int), 0))::float8 as funding_panel,
      count(*) filter (where c.outcome is null and c.contact_date > ${range.today}::date - ${outcomeDays}::int)::int as unknown_outcomes,
      (avg(c.weekly_cost_gbp) filter (where c.outcome = 'long_term'))::float8 as weekly_cost,
      count(c.weekly_cost_gbp) filter (where c.outcome = 'long_term')::int as with_cost,
      count(*) filter (where c.contact_date <= ${range.today}::date - 90)::int as old_enough,
      (100.0 * count(*) filter (where c.contact_date <= ${range.today}::date - 90 and c.came_back)
        / nullif(count(*) filter (where c.contact_date <= ${range.today}::date - 90), 0))::float8 as repeat_contact
    from c
    group by 1, 2
    order by 1, 2`;
}

/** Per ISO week (Monday) or calendar month, per way of working. */
export async function measuresByPeriod(db: Db, siteIds: number[], range: MeasureRange, period: Period): Promise<PeriodRow[]> {
  const rows = await measureRows(db, siteIds, range, period);
  return rows.map((raw) => {
    const start = raw.period_start;
    if (start === null) throw new Error('A row of measures by period came without its period');
    return { ...toRow(raw), periodStart: start, days: daysInPeriod(start, period, range) };
  });
}

/** Over the whole range, per way of working: the comparison page's headlines. */
export async function measureTotals(db: Db, siteIds: number[], range: MeasureRange): Promise<MeasureRow[]> {
  return (await measureRows(db, siteIds, range, null)).map(toRow);
}

function daysInPeriod(start: IsoDate, period: Period, range: { from: IsoDate; to: IsoDate }): number {
  const begin = new Date(`${start}T00:00:00Z`);
  const end = new Date(begin);
  if (period === 'week') end.setUTCDate(end.getUTCDate() + 7);
  else end.setUTCMonth(end.getUTCMonth() + 1);
  const from = Math.max(begin.getTime(), Date.parse(`${range.from}T00:00:00Z`));
  const to = Math.min(end.getTime(), Date.parse(`${range.to}T00:00:00Z`) + 86_400_000);
  return Math.max(0, Math.round((to - from) / 86_400_000));
}

export interface WaitingRow {
  periodStart: IsoDate;
  wayOfWorking: WayOfWorking;
  waiting: number;
}

/**
 * Contacts with no first conversation at the end of each period, counted from every contact
 * before it, however old: +1 on each contact date, -1 on each first conversation, summed up.
 */
export async function waitingByPeriod(
  db: Db,
  siteIds: number[],
  range: { from: IsoDate; to: IsoDate },
  period: Period,
): Promise<WaitingRow[]> {
  return client(db)<WaitingRow[]>`
    with events as (
      -- A contact closed with an outcome and no first conversation never waited for one.
      select way_of_working as way, contact_date as day, 1 as delta from contacts
      where site_id = any(${siteIds}::int[]) and contact_date <= ${range.to}::date and not (outcome is not null and first_conversation_date is null)
      union all
      select way_of_working, first_conversation_date, -1 from contacts
      where site_id = any(${siteIds}::int[]) and first_conversation_date <= ${range.to}::date
    ),
    periods as (
      select p::date as start from generate_series(date_trunc(${period}, ${range.from}::date), ${range.to}::date, ${`1 ${period}`}::interval) as p
    ),
    first_period as (select min(start) as start from periods),
    carried as (select way, sum(delta) as s from events where day < (select start from first_period) group by way),
    per_period as (
      select way, date_trunc(${period}, day)::date as start, sum(delta) as s from events
      where day >= (select start from first_period) group by 1, 2
    ),
    ways as (select distinct way from events)
    select periods.start::text as "periodStart", ways.way as "wayOfWorking",
      (coalesce(carried.s, 0) + sum(coalesce(per_period.s, 0)) over (partition by ways.way order by periods.start))::int as waiting
    from periods cross join ways
    left join per_period on per_period.way = ways.way and per_period.start = periods.start
    left join carried on carried.way = ways.way
    order by 1, 2`;
}

/** People waiting for a first conversation at the end of a day, per way of working: one index-only scan. */
export async function waitingOn(db: Db, siteIds: number[], day: IsoDate): Promise<Record<WayOfWorking, number>> {
  const rows = await client(db)<{ way: WayOfWorking; waiting: number }[]>`
    select way_of_working as way, count(*)::int as waiting from contacts
    where site_id = any(${siteIds}::int[]) and contact_date <= ${day}::date
      and (first_conversation_date > ${day}::date or (first_conversation_date is null and outcome is null))
    group by 1`;
  return { old: rows.find((row) => row.way === 'old')?.waiting ?? 0, new: rows.find((row) => row.way === 'new')?.waiting ?? 0 };
}

/** Each way of working's first and last contact dates over all time: when it was in use. */
export async function waysInUse(db: Db, siteIds: number[]): Promise<Partial<Record<WayOfWorking, { first: IsoDate; last: IsoDate }>>> {
  const rows = await client(db)<{ way: WayOfWorking; first: IsoDate; last: IsoDate }[]>`
    select way_of_working as way, min(contact_date)::text as first, max(contact_date)::text as last from contacts
    where site_id = any(${siteIds}::int[]) group by 1`;
  return Object.fromEntries(rows.map((row) => [row.way, { first: row.first, last: row.last }]));
}
