import type { Request, Response } from 'express';
import type { SignedInUser } from '../accounts/sessions.js';
import type { Db } from '../db/connection.js';
import { HttpError, NotFound } from '../http/errors.js';
import { parseId } from '../http/ids.js';
import { findPerson, type Person } from './queries.js';
import { personOf } from '../http/auth.js';
import { inSite, visibleSiteIds } from '../permissions.js';

/** Administrators see everyone; a programme lead sees the people in the sites they lead. */
export function canSeePerson(viewer: SignedInUser, person: Person): boolean {
  return visibleSiteIds(viewer) === undefined || person.sites.some((site) => inSite(viewer, site.id));
}

/** The person named in the URL, or 404; 403 for someone outside a lead's sites. */
export async function loadPerson(db: Db, req: Request, res: Response): Promise<Person> {
  const person = await findPerson(db, parseId(String(req.params.userId), 'person'));
  if (!person) throw new NotFound('person');
  if (!canSeePerson(personOf(res), person)) throw new HttpError(403, 'person');
  return person;
}

/** The address a link will be opened at: always PUBLIC_URL, never the request's Host header, which the sender chooses. */
export function fullLink(req: Request, path: string): string {
  return `${req.app.locals.publicUrl as string}${path}`;
}
