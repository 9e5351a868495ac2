import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import {
  OBSTACLE_CATEGORIES,
  OBSTACLE_STATUSES,
  gettingInTheWay,
  huddles,
  sites,
  users,
  type ObstacleCategory,
  type ObstacleStatus,
} from '../db/schema.js';
import { text, type Body } from '../http/forms.js';

export const LOG_PAGE_SIZE = 50;

/** One site, or several (a lead's), or every site (an administrator's view across them). */
export type LogScope = { siteId: number } | { siteIds: readonly number[] } | 'all';

export interface LogFilter {
  status: ObstacleStatus | '';
  category: ObstacleCategory | '';
}

export function readLogFilter(query: Body | undefined): LogFilter {
  const status = text(query, 'status');
  const category = text(query, 'category');
  return {
    status: OBSTACLE_STATUSES.find((candidate) => candidate === status) ?? '',
    category: OBSTACLE_CATEGORIES.find((candidate) => candidate === category) ?? '',
  };
}

export function logFilterQuery(filter: LogFilter, page = 1): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.category) params.set('category', filter.category);
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

export interface LogRow {
  id: number;
  siteId: number;
  siteName: string;
  title: string;
  category: ObstacleCategory;
  description: string;
  ownerName: string;
  escalatedTo: string;
  status: ObstacleStatus;
  whatChanged: string;
  raisedOn: IsoDate;
  resolvedOn: IsoDate | null;
  huddleDate: IsoDate | null;
  reflectionId: number | null;
  /** Days since it was raised, while it is still open, in hand or escalated. */
  ageDays: number | null;
  /** Days from raised to resolved, once resolved. */
  daysToResolve: number | null;
}

const closed = sql`${gettingInTheWay.status} in ('resolved', 'cannot_change')`;

function scoped(scope: LogScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if ('siteId' in scope) return eq(gettingInTheWay.siteId, scope.siteId);
  return scope.siteIds.length ? inArray(gettingInTheWay.siteId, [...scope.siteIds]) : sql`false`;
}

function filtered(scope: LogScope, filter: LogFilter): SQL | undefined {
  return and(
    scoped(scope),
    filter.status ? eq(gettingInTheWay.status, filter.status) : undefined,
    filter.category ? eq(gettingInTheWay.category, filter.category) : undefined,
  );
}

function selectRows(db: Db, scope: LogScope, filter: LogFilter, today: IsoDate) {
  return (
    db
      .select({
        id: gettingInTheWay.id,
        siteId: gettingInTheWay.siteId,
        siteName: sites.name,
        title: gettingInTheWay.title,
        category: gettingInTheWay.category,
        description: gettingInTheWay.description,
        ownerName: users.name,
        escalatedTo: gettingInTheWay.escalatedTo,
        status: gettingInTheWay.status,
        whatChanged: gettingInTheWay.whatChanged,
        raisedOn: gettingInTheWay.raisedOn,
        resolvedOn: gettingInTheWay.resolvedOn,
        huddleDate: huddles.date,
        reflectionId: gettingInTheWay.reflectionId,
        ageDays: sql<number | null>`case when ${closed} then null else ${today}::date - ${gettingInTheWay.raisedOn} end`,
        daysToResolve: sql<number | null>`${gettingInTheWay.resolvedOn} - ${gettingInTheWay.raisedOn}`,
      })
      .from(gettingInTheWay)
      .innerJoin(sites, eq(sites.id, gettingInTheWay.siteId))
      .innerJoin(users, eq(users.id, gettingInTheWay.ownerId))
      .leftJoin(huddles, eq(huddles.id, gettingInTheWay.huddleId))
      .where(filtered(scope, filter))
      // Oldest open first; then the closed ones, most recently resolved first.
      .orderBy(
        asc(closed),
        sql`case when ${closed} then null else ${gettingInTheWay.raisedOn} end asc`,
        desc(sql`coalesce(${gettingInTheWay.resolvedOn}, ${gettingInTheWay.raisedOn})`),
        asc(gettingInTheWay.id),
      )
  );
}

/** One page of the log, oldest open first, and how many items match. */
export async function listLog(
  db: Db,
  scope: LogScope,
  filter: LogFilter,
  page: number,
  today: IsoDate,
): Promise<{ rows: LogRow[]; total: number }> {
  const [rows, [{ total }]] = await Promise.all([
    selectRows(db, scope, filter, today)
      .limit(LOG_PAGE_SIZE)
      .offset((page - 1) * LOG_PAGE_SIZE),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(gettingInTheWay)
      .where(filtered(scope, filter)),
  ]);
  return { rows, total };
}

/** Every matching item, for the CSV download. */
export async function allLog(db: Db, scope: LogScope, filter: LogFilter, today: IsoDate): Promise<LogRow[]> {
  return selectRows(db, scope, filter, today);
}

export interface LogSummary {
  byCategory: Record<ObstacleCategory, number>;
  byStatus: Record<ObstacleStatus, number>;
  total: number;
  resolved: number;
  medianDaysToResolve: number | null;
  meanDaysToResolve: number | null;
}

/** Counts by category and by status, and how long resolving took: all in two queries, whatever the log's size. */
export async function summariseLog(db: Db, scope: LogScope): Promise<LogSummary> {
  const where = scoped(scope) ?? sql`true`;
  const [counts, [times]] = await Promise.all([
    db.execute<{ category: ObstacleCategory | null; status: ObstacleStatus | null; count: number }>(sql`
      select category, status, count(*)::int as count from ${gettingInTheWay} where ${where}
      group by grouping sets ((category), (status))`),
    db.execute<{ resolved: number; median: number | null; mean: number | null }>(sql`
      select count(*)::int as resolved,
        percentile_cont(0.5) within group (order by resolved_on - raised_on)::float8 as median,
        avg(resolved_on - raised_on)::float8 as mean
      from ${gettingInTheWay} where ${where} and status = 'resolved' and resolved_on is not null`),
  ]);
  const byCategory = Object.fromEntries(OBSTACLE_CATEGORIES.map((category) => [category, 0])) as Record<ObstacleCategory, number>;
  const byStatus = Object.fromEntries(OBSTACLE_STATUSES.map((status) => [status, 0])) as Record<ObstacleStatus, number>;
  for (const row of counts) {
    if (row.category) byCategory[row.category] = row.count;
    if (row.status) byStatus[row.status] = row.count;
  }
  return {
    byCategory,
    byStatus,
    total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
    resolved: times.resolved,
    medianDaysToResolve: times.median,
    meanDaysToResolve: times.mean,
  };
}
