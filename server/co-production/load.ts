import type { Request, Response } from 'express';
import { fortnight, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import { actorOf } from '../audit/record.js';
import { sharedPackRefused } from './reads.js';
import { findPlan } from '../fortnights/queries.js';
import { summariseFortnight } from '../fortnights/schedule.js';
import { NotFound } from '../http/errors.js';
import { parseId, orNotFound } from '../http/ids.js';
import { findSite } from '../sites/queries.js';
import type { PackContext } from '../show-and-tells/load.js';
import { findPackById, type PackWithSections } from '../show-and-tells/queries.js';
import { personOf } from '../http/auth.js';

type Loaded = PackContext & { found: PackWithSections };

/** A pack if people in these sites' groups may read it: their own site's, shared with the group, and at least ready. */
export async function sharedPackContext(
  db: Db,
  packId: number,
  siteIds: readonly number[],
  today: IsoDate,
): Promise<{ context: Loaded } | { refused: string }> {
  const found = await findPackById(db, packId);
  if (!found) return { refused: 'no-such-pack' };
  if (!siteIds.includes(found.pack.siteId)) return { refused: 'another-site' };
  if (!found.pack.sharedWithGroup || found.pack.status === 'draft') return { refused: 'not-shared' };
  const site = orNotFound(await findSite(db, found.pack.siteId));
  const dates = fortnight(site, found.pack.fortnight);
  const [plan, holidays] = await Promise.all([findPlan(db, site.id, dates.number), bankHolidaysBetween(db, dates.start, dates.end)]);
  return { context: { site, period: summariseFortnight(site, dates.number, plan, holidays, today), found } };
}

/**
 * The pack in the URL for an expert by experience. Anything they may not read, whatever the
 * reason, is the same 404 (so nobody can tell a pack that exists from one that does not), and
 * is written to the audit log.
 */
export async function loadSharedPack(db: Db, req: Request, res: Response, today: IsoDate): Promise<Loaded> {
  const packId = parseId(String(req.params.packId), 'show-and-tell');
  const result = await sharedPackContext(db, packId, personOf(res).siteIds, today);
  if ('context' in result) return result.context;
  await sharedPackRefused(db, actorOf(req, res), packId, { reason: result.refused, path: req.originalUrl.slice(0, 200) });
  throw new NotFound('show-and-tell');
}
