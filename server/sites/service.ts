/**
 * The use cases of a site: creating one (from the web or the CLI), changing it, archiving and
 * restoring it. See server/use-cases.ts for what a use case owns.
 */
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { type Acting, STALE, unlessTaken, type Written } from '../use-cases.js';
import type { SiteFields } from './form.js';
import { createSite, setSiteArchived, updateSite } from './queries.js';

/** Another site already has the name: nothing was written. */
export const NAME_TAKEN: { nameTaken: true; saved?: never; stale?: never } = Object.freeze({ nameTaken: true as const });
const UNIQUE_NAME = 'sites_name_unique';

/** `by` is the administrator, or 'cli' for someone at the server's command line. */
export async function setUpSite(
  db: Db,
  by: Acting | 'cli',
  fields: SiteFields,
): Promise<{ saved: Site; nameTaken?: never } | typeof NAME_TAKEN> {
  return unlessTaken(UNIQUE_NAME, NAME_TAKEN, () =>
    db.transaction(async (tx) => {
      const site = await createSite(tx, fields);
      await recordAudit(tx, by === 'cli' ? { userId: null, ip: null } : by, {
        action: by === 'cli' ? 'site.created-by-cli' : 'site.created',
        recordType: 'site',
        recordId: site.id,
        details: { name: site.name },
      });
      return { saved: site };
    }),
  );
}

/** Saves a change to a site read at `version`: stale if someone has saved it since. */
export async function changeSite(
  db: Db,
  acting: Acting,
  input: { id: number; version: number; fields: SiteFields },
): Promise<Written<Site> | typeof NAME_TAKEN> {
  return unlessTaken(UNIQUE_NAME, NAME_TAKEN, () =>
    db.transaction(async (tx) => {
      const updated = await updateSite(tx, input.id, input.version, input.fields);
      if (!updated) return STALE;
      await recordAudit(tx, acting, {
        action: 'site.updated',
        recordType: 'site',
        recordId: input.id,
        details: { version: updated.version },
      });
      return { saved: updated };
    }),
  );
}

/** Archives a site (it leaves the lists and takes no new work) or restores it. */
export async function archiveSite(db: Db, acting: Acting, input: { id: number; archived: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    await setSiteArchived(tx, input.id, input.archived);
    await recordAudit(tx, acting, { action: input.archived ? 'site.archived' : 'site.restored', recordType: 'site', recordId: input.id });
  });
}
