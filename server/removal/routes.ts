import type { Request, Response } from 'express';
import { sql } from 'drizzle-orm';
import { actingOf } from '../audit/record.js';
import { removeRecord } from './service.js';
import { personOf } from '../http/auth.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import type { Permission } from '../permissions.js';
import { NotFound } from '../http/errors.js';
import { setFlash, type FlashKey } from '../http/flash.js';
import { versionFrom, bodyOf } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';

/** Where a record lives, as its address names it. */
export interface Place {
  site: Site;
  /** Shown above the heading, such as the site and the huddle's day. */
  caption: string;
  /** "Keep it" goes back here: the record's own page. */
  back: string;
  /** Where the team goes once it is removed. */
  done: string;
  /** Added to the audit entry, such as the huddle's day. Ids and dates only: no person references or text. */
  details?: Record<string, unknown>;
}

/**
 * A kind of record a team can remove when it was added by mistake: a person to talk about, a
 * contact, an action, a log item. Removing deletes it (and what hangs off it, such as an
 * action's reviews), so it shows nowhere and counts in no measure; the audit log keeps that it
 * was removed, by whom and when. Each removal is checked against the version the person saw.
 */
export interface Removable<R extends { id: number; version: number }> {
  /** The record's address, such as `/sites/:siteId/actions/:actionId`; `/remove` is added. */
  path: string;
  /** The address parameter holding the record's id. */
  param: string;
  /** "this action", "this contact record": in the heading and the buttons. */
  noun: string;
  recordType: string;
  /** The audit action, such as `action.removed`. */
  action: string;
  flash: FlashKey;
  allow: Permission;
  place(db: Db, req: Request, res: Response): Promise<Place>;
  find(db: Db, place: Place, id: number): Promise<R | undefined>;
  /** What the record says, so the person can see it is the one to remove. */
  describe(record: R): { key: string; value: string }[];
  /** Deletes it if it is still at `version`, with what hangs off it, and moves the site's revision. False when it has changed. */
  remove(tx: Db, place: Place, record: R, version: number): Promise<boolean>;
}

/** Whether the audit log says this record was removed already: a second click, or a colleague first. */
async function alreadyRemoved(db: Db, kind: { action: string; recordType: string }, id: number): Promise<boolean> {
  const rows = await db.execute(sql`
    select 1 from audit_log where action = ${kind.action} and record_type = ${kind.recordType} and record_id = ${String(id)} limit 1`);
  return rows.length > 0;
}

export function removalRoutes<R extends { id: number; version: number }>(db: Db, kind: Removable<R>): Route[] {
  async function show(res: Response, place: Place, record: R, status = 200, changed = false) {
    await renderPage(
      res,
      'removal/confirm',
      {
        title: `Remove ${kind.noun}? – ${place.site.name}`,
        navigation: 'sites',
        site: place.site,
        place,
        noun: kind.noun,
        record,
        rows: kind.describe(record),
        action: `${fill(kind.path, res.req)}/remove`,
        changed,
        backLink: { href: place.back, text: 'Back' },
      },
      status,
    );
  }
  return [
    {
      method: 'get',
      path: `${kind.path}/remove`,
      allow: kind.allow,
      async handler(req, res) {
        const place = await kind.place(db, req, res);
        const record = await kind.find(db, place, parseId(String(req.params[kind.param]), kind.recordType));
        if (!record) throw new NotFound(kind.recordType);
        await show(res, place, record);
      },
    },
    {
      method: 'post',
      path: `${kind.path}/remove`,
      allow: kind.allow,
      async handler(req, res) {
        const place = await kind.place(db, req, res);
        const id = parseId(String(req.params[kind.param]), kind.recordType);
        const version = versionFrom(bodyOf(req));
        const record = await kind.find(db, place, id);
        const removed = record && (await removeRecord(db, actingOf(req, personOf(res)), kind, { place, record, version }));
        if (!removed) {
          const latest = record && (await kind.find(db, place, id));
          if (latest) return show(res, place, latest, 409, true);
          // Gone already: the same button pressed twice, or a colleague removed it first.
          if (!(await alreadyRemoved(db, kind, id))) throw new NotFound(kind.recordType);
          setFlash(res, 'already-removed');
          return res.redirect(303, place.done);
        }
        setFlash(res, kind.flash);
        res.redirect(303, place.done);
      },
    },
  ];
}

/** The address with its parameters filled in from the request (they have been checked by then). */
function fill(path: string, req: Request): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(req.params[name])));
}
