import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import type { Actor } from '../../audit/record.js';
import { audited } from '../../use-cases.js';
import { contactImportRows, contactImports, type ContactImport } from '../../db/measures-schema.js';
import { users } from '../../db/schema.js';
import type { ByteSource } from './decode.js';
import { DEFAULT_MAX_PROBLEMS, readContactCsv, type ContactCsvSummary } from './read.js';
import type { ContactImportRow, ContactProblem } from './rows.js';

/**
 * Checking a file into staging: every row read from the stream goes into contact_import_rows a
 * batch at a time (one multi-row INSERT each), rows_checked moves on for the progress shown, then
 * duplicates against the site's contacts are counted in SQL. Nothing is written to contacts here.
 */

export type OnDuplicate = 'skip' | 'update';
export const ON_DUPLICATE: readonly OnDuplicate[] = ['skip', 'update'];
/** A file name is kept for the list of imports, cut short. */
const MAX_FILE_NAME = 200;

export interface ImportSummary extends Omit<ContactCsvSummary, 'finished'> {
  [key: string]: unknown;
}

/**
 * The use case of an uploaded file (from the page or the CLI): the import is made, with an audit
 * entry of who sent what size of file, in one transaction; `stageFile` then reads it. The file's
 * name can name a person, so it stays with the import and is not written to the log.
 */
export async function startImport(
  db: Db,
  actor: Actor,
  options: { siteId: number; fileName: string; onDuplicate: OnDuplicate; bytes: number },
): Promise<ContactImport> {
  const fileName = options.fileName.trim().slice(0, MAX_FILE_NAME) || 'contacts.csv';
  return audited(
    db,
    actor,
    async (tx) => {
      const [created] = await tx
        .insert(contactImports)
        .values({ siteId: options.siteId, fileName, onDuplicate: options.onDuplicate, createdBy: actor.userId })
        .returning();
      return created;
    },
    (created) => ({
      action: 'import.uploaded',
      recordType: 'contact-import',
      recordId: created.id,
      details: { siteId: options.siteId, bytes: options.bytes, onDuplicate: options.onDuplicate },
    }),
  );
}

/** Reads the file into staging and records the outcome: 'ready' when every row is right, else 'failed'. */
export async function stageFile(
  db: Db,
  imported: ContactImport,
  source: ByteSource,
  options: { today: string; maxBytes?: number },
): Promise<ContactImport> {
  const reading = readContactCsv(source, { today: options.today, maxBytes: options.maxBytes, maxProblems: DEFAULT_MAX_PROBLEMS });
  const problems: ContactProblem[] = [];
  for await (const batch of reading) {
    problems.push(...batch.problems);
    // Once any row is wrong nothing will be imported: the rest are only checked, not staged.
    if (batch.rows.length && problems.length === 0) {
      await stageRows(db, imported.id, batch.rows);
    }
    await db
      .update(contactImports)
      .set({ rowsChecked: reading.summary.rowCount, heartbeatAt: sql`now()` })
      .where(eq(contactImports.id, imported.id));
  }
  return finishStaging(db, imported.id, reading.summary, problems);
}

/**
 * One INSERT for a batch, its rows sent as a single JSON parameter: a thousand rows of eleven
 * columns as separate parameters cost drizzle and postgres.js about ten times as long to prepare.
 */
async function stageRows(db: Db, importId: number, rows: ContactImportRow[]): Promise<void> {
  await db.execute(sql`
    insert into contact_import_rows (import_id, row, person_ref, contact_date, first_conversation_date, highest_conversation,
                                     outcome, handoffs, funding_panel, weekly_cost_gbp, way_of_working, team)
    select ${importId}, r."row", r."personRef", r."contactDate", r."firstConversationDate", r."highestConversation",
           r.outcome, r.handoffs, r."fundingPanel", r."weeklyCostGbp", r."wayOfWorking", r.team
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("row" int, "personRef" text, "contactDate" date,
      "firstConversationDate" date, "highestConversation" smallint, outcome text, handoffs smallint, "fundingPanel" boolean,
      "weeklyCostGbp" numeric, "wayOfWorking" text, team text)`);
}

async function finishStaging(db: Db, importId: number, summary: ContactCsvSummary, problems: ContactProblem[]): Promise<ContactImport> {
  const { finished: _finished, ...kept } = summary;
  const failed = summary.problemCount > 0;
  if (failed) await db.delete(contactImportRows).where(eq(contactImportRows.importId, importId));
  const duplicates = failed ? 0 : await countDuplicates(db, importId);
  const [done] = await db
    .update(contactImports)
    .set({
      status: failed ? 'failed' : 'ready',
      rowsChecked: summary.rowCount,
      rowCount: summary.rowCount,
      problemCount: summary.problemCount,
      duplicates,
      summary: kept,
      problems,
    })
    .where(eq(contactImports.id, importId))
    .returning();
  return done;
}

/** Staged rows whose person reference and contact date the site already has. */
async function countDuplicates(db: Db, importId: number): Promise<number> {
  const [{ count }] = await db.execute<{ count: number }>(sql`
    select count(*)::int as count
    from contact_import_rows r
    join contact_imports i on i.id = r.import_id
    join contacts c on c.site_id = i.site_id and c.person_ref = r.person_ref and c.contact_date = r.contact_date
    where r.import_id = ${importId}`);
  return count;
}

/** How long a check may go without moving on before it is taken to have been cut off. */
export const INTERRUPTED_AFTER_SECONDS = 120;
export const INTERRUPTED =
  'The check of this file was cut off before it finished (the tracker stopped or restarted while reading it), so nothing was imported. Upload the file again';

/**
 * Checks that stopped moving (the app was stopped or crashed while reading a file): marked failed
 * with a plain reason, their staging rows deleted, in one statement. Run at start, on the
 * housekeeping schedule, and when such an import is opened. Returns how many it marked.
 */
export async function failInterruptedImports(db: Db, only?: { importId: number }): Promise<number> {
  const problem = JSON.stringify([{ row: 0, column: '', value: '', problem: INTERRUPTED }]);
  const [row] = await db.execute<{ n: number }>(sql`
    with cut_off as (
      update contact_imports
      set status = 'failed', problem_count = 1, row_count = rows_checked, problems = ${problem}::jsonb,
          summary = summary || jsonb_build_object('fileProblem', ${INTERRUPTED}::text, 'interrupted', true)
      where status = 'checking' and heartbeat_at < now() - make_interval(secs => ${INTERRUPTED_AFTER_SECONDS})
        ${only ? sql`and id = ${only.importId}` : sql``}
      returning id),
    cleared as (delete from contact_import_rows where import_id in (select id from cut_off))
    select count(*)::int as n from cut_off`);
  return row.n;
}

export async function findImport(db: Db, siteId: number, importId: number): Promise<ContactImport | undefined> {
  const found = await selectImport(db, siteId, importId);
  if (
    found?.status === 'checking' &&
    Date.now() - found.heartbeatAt.getTime() > INTERRUPTED_AFTER_SECONDS * 1000 &&
    (await failInterruptedImports(db, { importId }))
  ) {
    return selectImport(db, siteId, importId);
  }
  return found;
}

async function selectImport(db: Db, siteId: number, importId: number): Promise<ContactImport | undefined> {
  const [found] = await db
    .select()
    .from(contactImports)
    .where(and(eq(contactImports.id, importId), eq(contactImports.siteId, siteId)));
  return found;
}

export async function listImports(db: Db, siteId: number) {
  // A list never shows a check a crash cut off as still going.
  await failInterruptedImports(db);
  return db
    .select({ import: contactImports, createdByName: users.name })
    .from(contactImports)
    .leftJoin(users, eq(users.id, contactImports.createdBy))
    .where(eq(contactImports.siteId, siteId))
    .orderBy(desc(contactImports.createdAt), desc(contactImports.id))
    .limit(200);
}

/** Rows checked so far of the newest import this person has under way at the site, for the progress shown. */
export async function rowsCheckedNow(db: Db, siteId: number, userId: number): Promise<number | null> {
  const [row] = await db
    .select({ rowsChecked: contactImports.rowsChecked })
    .from(contactImports)
    .where(
      and(
        eq(contactImports.siteId, siteId),
        eq(contactImports.createdBy, userId),
        eq(contactImports.status, 'checking'),
        sql`${contactImports.createdAt} > now() - interval '1 hour'`,
      ),
    )
    .orderBy(desc(contactImports.id))
    .limit(1);
  return row?.rowsChecked ?? null;
}
