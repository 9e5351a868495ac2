import type { Request, Response } from 'express';
import { fortnight, type IsoDate } from '../calendar/fortnights.js';
import { bankHolidaysBetween } from '../calendar/queries.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { lastFortnightNumber, summariseFortnight, type FortnightSummary } from '../fortnights/schedule.js';
import { HttpError, NotFound } from '../http/errors.js';
import { parseId } from '../http/ids.js';
import { loadSite } from '../sites/load.js';
import { findPackContext, type PackContextRows, type PackWithSections } from './queries.js';
import { personOf } from '../http/auth.js';
import { can } from '../permissions.js';

export function isLead(res: Response): boolean {
  return can(personOf(res), 'show-and-tells.prepare');
}

export function packPath(siteId: number, fortnightNumber: number): string {
  return `/sites/${siteId}/show-and-tells/${fortnightNumber}`;
}

export interface PackContext {
  site: Site;
  period: FortnightSummary;
  found: PackWithSections | undefined;
  /** The site's change dates and revision, read with the pack, for its charts. */
  measuresState?: PackContextRows['measuresState'];
}

/** A site's fortnight, with its pack if it has one; undefined for a fortnight number the site cannot have. */
export async function packContextFor(db: Db, site: Site, number: number, today: IsoDate): Promise<PackContext | undefined> {
  if (!Number.isInteger(number) || number < 1 || number > lastFortnightNumber(site)) return undefined;
  const dates = fortnight(site, number);
  const [{ plan, found, measuresState }, holidays] = await Promise.all([
    findPackContext(db, site.id, number),
    bankHolidaysBetween(db, dates.start, dates.end),
  ]);
  return { site, period: summariseFortnight(site, number, plan, holidays, today), found, measuresState };
}

/** The site and fortnight in the URL, with the fortnight's pack if it has one. */
export async function loadPackContext(db: Db, req: Request, res: Response, today: IsoDate): Promise<PackContext> {
  const site = await loadSite(db, req, res);
  const context = await packContextFor(db, site, parseId(String(req.params.number), 'fortnight'), today);
  if (!context) throw new NotFound('fortnight');
  return context;
}

/** As loadPackContext, for routes that need the pack: 404 when the fortnight has none. */
export async function loadPack(db: Db, req: Request, res: Response, today: IsoDate): Promise<PackContext & { found: PackWithSections }> {
  const context = await loadPackContext(db, req, res, today);
  if (!context.found) throw new NotFound('show-and-tell');
  return context as PackContext & { found: PackWithSections };
}

/** A change to a presented pack: what was shown stays as it was shown. */
export function frozenError(context: PackContext): HttpError {
  return new HttpError(409, 'frozen', {
    view: 'show-and-tells/frozen',
    title: 'This show-and-tell has been presented',
    locals: { site: context.site, period: context.period, packHref: packPath(context.site.id, context.period.number) },
  });
}
