import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import type { ContactImport } from '../../db/measures-schema.js';
import { recordAudit, type Actor } from '../../audit/record.js';
import { INTERRUPTED } from './staging.js';

/**
 * Confirming and undoing an import, each in one transaction of set-based statements (the
 * triggers of migration 0008 keep came_back right once per statement, not once per row).
 */

/** Why an import cannot be confirmed or undone as asked: shown to the person, never a 500. */
export class ImportRefused extends Error {}

/** The columns an import writes; everything else on a contact (conversation dates, huddle) is left alone. */
const WRITTEN = sql.raw(
  `first_conversation_date, highest_conversation, outcome, handoffs, funding_panel, weekly_cost_gbp, way_of_working, team`,
);

function affected(result: unknown): number {
  return (result as { count?: number }).count ?? 0;
}

/** Locks the import for this transaction, so two confirms (or a confirm and an undo) cannot overlap. */
async function lockImport(tx: Db, siteId: number, importId: number): Promise<ContactImport['status'] | undefined> {
  const rows = await tx.execute<{ status: ContactImport['status'] }>(sql`
    select status from contact_imports where id = ${importId} and site_id = ${siteId} for update`);
  return rows[0]?.status;
}

export interface ImportCounts {
  inserted: number;
  updated: number;
  skipped: number;
}

export async function confirmImport(db: Db, imported: ContactImport, actor: Actor): Promise<ImportCounts> {
  return db.transaction(async (tx) => {
    const status = await lockImport(tx, imported.siteId, imported.id);
    if (status === 'imported') throw new ImportRefused('This import has already been confirmed: its contacts are in the records');
    if (status === 'undone') throw new ImportRefused('This import was undone. Upload the file again to import it');
    if (status === 'checking') throw new ImportRefused('This file is still being checked. Wait until the check has finished, then confirm');
    if (status !== 'ready')
      throw new ImportRefused(
        imported.summary.interrupted
          ? INTERRUPTED
          : 'This file has problems, so nothing can be imported from it. Fix them and upload it again',
      );
    let updated = 0;
    if (imported.onDuplicate === 'update') {
      // What each existing contact held before, so undo can put it back.
      await tx.execute(sql`
        update contact_import_rows r
        set previous = jsonb_build_object(
          'first_conversation_date', c.first_conversation_date, 'highest_conversation', c.highest_conversation,
          'outcome', c.outcome, 'handoffs', c.handoffs, 'funding_panel', c.funding_panel,
          'weekly_cost_gbp', c.weekly_cost_gbp, 'way_of_working', c.way_of_working, 'team', c.team, 'import_id', c.import_id)
        from contacts c
        where r.import_id = ${imported.id} and c.site_id = ${imported.siteId}
          and c.person_ref = r.person_ref and c.contact_date = r.contact_date`);
      updated = affected(
        await tx.execute(sql`
          update contacts c
          set (${WRITTEN}) = (r.first_conversation_date, r.highest_conversation, r.outcome, r.handoffs, r.funding_panel,
                              r.weekly_cost_gbp, r.way_of_working, r.team),
              import_id = ${imported.id}, version = c.version + 1, updated_at = now()
          from contact_import_rows r
          where r.import_id = ${imported.id} and r.previous is not null and c.site_id = ${imported.siteId}
            and c.person_ref = r.person_ref and c.contact_date = r.contact_date`),
      );
    }
    // The rest are new; a contact already there (or added since the check) is skipped.
    const inserted = affected(
      await tx.execute(sql`
        insert into contacts (site_id, person_ref, contact_date, ${WRITTEN}, import_id, created_by)
        select ${imported.siteId}, person_ref, contact_date, ${WRITTEN}, ${imported.id}, ${actor.userId}
        from contact_import_rows where import_id = ${imported.id}
        on conflict (site_id, person_ref, contact_date) do nothing`),
    );
    const skipped = imported.rowCount - inserted - updated;
    await tx.execute(sql`
      update contact_imports set status = 'imported', imported_at = now(),
        inserted = ${inserted}, updated = ${updated}, skipped = ${skipped}
      where id = ${imported.id}`);
    await recordAudit(tx, actor, {
      action: 'contacts.imported',
      recordType: 'contact_import',
      recordId: imported.id,
      details: { siteId: imported.siteId, fileName: imported.fileName, inserted, updated, skipped, onDuplicate: imported.onDuplicate },
    });
    return { inserted, updated, skipped };
  });
}

/** Takes a whole import back out: the contacts it added are deleted, the ones it changed put back. */
export async function undoImport(db: Db, imported: ContactImport, actor: Actor): Promise<{ deleted: number; restored: number }> {
  return db.transaction(async (tx) => {
    const status = await lockImport(tx, imported.siteId, imported.id);
    if (status === 'undone') throw new ImportRefused('This import has already been undone');
    if (status !== 'imported')
      throw new ImportRefused('Only an import that has been confirmed can be undone: nothing from this file is in the records');
    // Undo must not lose work done since: a contact changed after the import holds someone's edit.
    const [{ changed }] = (await tx.execute(sql`
      select count(*)::int as changed from contacts c join contact_imports i on i.id = c.import_id
      where c.import_id = ${imported.id} and c.updated_at > i.imported_at`)) as unknown as { changed: number }[];
    if (changed > 0) {
      throw new ImportRefused(
        `${changed === 1 ? '1 contact' : `${changed} contacts`} from this import ${changed === 1 ? 'has' : 'have'} been changed since it was confirmed. Undoing it would lose those changes, so it has not been undone`,
      );
    }
    const deleted = affected(
      await tx.execute(sql`
        delete from contacts c
        where c.import_id = ${imported.id} and c.site_id = ${imported.siteId}
          and not exists (select 1 from contact_import_rows r where r.import_id = ${imported.id} and r.previous is not null
                          and r.person_ref = c.person_ref and r.contact_date = c.contact_date)`),
    );
    const restored = affected(
      await tx.execute(sql`
        update contacts c
        set (${WRITTEN}, import_id) = (p.first_conversation_date, p.highest_conversation, p.outcome, p.handoffs, p.funding_panel,
                                      p.weekly_cost_gbp, p.way_of_working, p.team, p.import_id),
            version = c.version + 1, updated_at = now()
        from contact_import_rows r, jsonb_populate_record(null::contacts, r.previous) p
        where r.import_id = ${imported.id} and r.previous is not null and c.site_id = ${imported.siteId}
          and c.person_ref = r.person_ref and c.contact_date = r.contact_date and c.import_id = ${imported.id}`),
    );
    await tx.execute(sql`update contact_imports set status = 'undone', undone_at = now() where id = ${imported.id}`);
    await recordAudit(tx, actor, {
      action: 'contacts.import-undone',
      recordType: 'contact_import',
      recordId: imported.id,
      details: { siteId: imported.siteId, fileName: imported.fileName, deleted, restored },
    });
    return { deleted, restored };
  });
}
