import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { ACTION_STATUSES, actions, huddles, reflections, users, type ActionStatus } from '../db/schema.js';
import { text, type Body } from '../http/forms.js';

export const ACTIONS_PAGE_SIZE = 50;

export const ACTION_STATUS_NAMES: Record<ActionStatus, string> = { open: 'Open', done: 'Done', dropped: 'Dropped' };

/** What the actions list is filtered by, as the GET form sends it. Anything unreadable means "any". */
export interface ActionFilter {
  ownerId: string;
  status: ActionStatus | 'all';
  overdue: boolean;
}

export function readActionFilter(query: Body | undefined): ActionFilter {
  const ownerId = text(query, 'owner');
  const status = text(query, 'status');
  return {
    ownerId: /^[1-9]\d{0,8}$/.test(ownerId) ? ownerId : '',
    status: status === 'all' ? 'all' : (ACTION_STATUSES.find((candidate) => candidate === status) ?? 'open'),
    overdue: text(query, 'overdue') === 'yes',
  };
}

/** The filter as an address query, without the defaults, for links and the pages. */
export function actionFilterQuery(filter: ActionFilter, page = 1): string {
  const params = new URLSearchParams();
  if (filter.ownerId) params.set('owner', filter.ownerId);
  if (filter.status !== 'open') params.set('status', filter.status);
  if (filter.overdue) params.set('overdue', 'yes');
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

const actionRow = {
  id: actions.id,
  description: actions.description,
  ownerId: actions.ownerId,
  ownerName: users.name,
  dueDate: actions.dueDate,
  status: actions.status,
  statusNote: actions.statusNote,
  raisedOn: actions.raisedOn,
  closedOn: actions.closedOn,
  huddleId: actions.huddleId,
  huddleDate: huddles.date,
  reflectionId: actions.reflectionId,
  reflectionDate: reflections.heldOn,
  version: actions.version,
};

export type ActionRow = {
  id: number;
  description: string;
  ownerId: number;
  ownerName: string;
  dueDate: IsoDate;
  status: ActionStatus;
  statusNote: string;
  raisedOn: IsoDate;
  closedOn: IsoDate | null;
  huddleId: number | null;
  huddleDate: IsoDate | null;
  reflectionId: number | null;
  reflectionDate: IsoDate | null;
  version: number;
};

function conditions(siteId: number, filter: ActionFilter, today: IsoDate): SQL {
  // Overdue means open and past its due date, whatever status was chosen.
  const status = filter.overdue ? 'open' : filter.status;
  return (
    and(
      eq(actions.siteId, siteId),
      // A literal, not a parameter: a cached generic plan could not otherwise use the partial index on open actions.
      status === 'all' ? undefined : sql`${actions.status} = ${sql.raw(`'${ACTION_STATUSES.find((known) => known === status)}'`)}`,
      filter.ownerId ? eq(actions.ownerId, Number(filter.ownerId)) : undefined,
      filter.overdue ? lt(actions.dueDate, today) : undefined,
    ) ?? sql`true`
  );
}

/**
 * One page of a site's actions, and how many match. Open actions come soonest due first, the
 * overdue at the top (the actions_site_open_due index); any other list newest first (actions_site_raised).
 */
export async function listActions(
  db: Db,
  siteId: number,
  filter: ActionFilter,
  page: number,
  today: IsoDate,
): Promise<{ rows: ActionRow[]; total: number }> {
  const where = conditions(siteId, filter, today);
  const soonestDueFirst = filter.status === 'open' || filter.overdue;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(actionRow)
      .from(actions)
      .innerJoin(users, eq(users.id, actions.ownerId))
      .leftJoin(huddles, eq(huddles.id, actions.huddleId))
      .leftJoin(reflections, eq(reflections.id, actions.reflectionId))
      .where(where)
      .orderBy(...(soonestDueFirst ? [asc(actions.dueDate), asc(actions.id)] : [desc(actions.raisedOn), desc(actions.id)]))
      .limit(ACTIONS_PAGE_SIZE)
      .offset((page - 1) * ACTIONS_PAGE_SIZE),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(actions)
      .where(where),
  ]);
  return { rows, total };
}

/** One action of a site with its owner and where it was raised; undefined for an id from another site. */
export async function findActionRow(db: Db, siteId: number, id: number): Promise<ActionRow | undefined> {
  const [row] = await db
    .select(actionRow)
    .from(actions)
    .innerJoin(users, eq(users.id, actions.ownerId))
    .leftJoin(huddles, eq(huddles.id, actions.huddleId))
    .leftJoin(reflections, eq(reflections.id, actions.reflectionId))
    .where(and(eq(actions.siteId, siteId), eq(actions.id, id)));
  return row;
}

/** Where an action came from, as a link to it when there is a page for it. */
export function raisedAt(
  siteId: number,
  row: Pick<ActionRow, 'huddleId' | 'huddleDate' | 'reflectionId'>,
): { text: string; href?: string } {
  if (row.huddleId && row.huddleDate) return { text: 'Huddle', href: `/sites/${siteId}/huddles/${row.huddleDate}` };
  if (row.reflectionId) return { text: 'Weekly reflection', href: `/sites/${siteId}/reflections/${row.reflectionId}` };
  return { text: 'Actions list' };
}
