import type { Request, Response } from 'express';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import type { SignedInUser } from '../accounts/sessions.js';
import { HttpError, NotFound } from '../http/errors.js';
import { parseId } from '../http/ids.js';
import { findSite } from './queries.js';
import { inSite } from '../permissions.js';

/** Administrators see every site; everyone else only the sites they belong to (permissions.ts). */
export const canAccessSite: (user: SignedInUser | undefined, siteId: number) => boolean = inSite;

/** Finds the site named in the URL, or answers 404; refuses (403) a site the person does not belong to. */
export async function loadSite(db: Db, req: Request, res: Response): Promise<Site> {
  const site = await findSite(db, parseId(String(req.params.siteId), 'site'));
  if (!site) throw new NotFound('site');
  if (!canAccessSite(res.locals.user, site.id)) throw new HttpError(403, 'site');
  return site;
}
