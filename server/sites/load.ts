import type { Request } from 'express';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { parseId } from '../http/ids.js';
import { findSite } from './queries.js';

/** Finds the site named in the URL, or answers 404. */
export async function loadSite(db: Db, req: Request): Promise<Site> {
  const site = await findSite(db, parseId(String(req.params.siteId), 'site'));
  if (!site) throw new NotFound('site');
  return site;
}
