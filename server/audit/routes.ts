import { once } from 'node:events';
import type { Response } from 'express';
import { todayInLondon } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { FormErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { csvRow } from '../http/csv.js';
import { AUDIT_PAGE_SIZE, auditBatch, searchAudit, type AuditRow } from './queries.js';
import { actorOf, recordRead } from './record.js';
import { auditExported } from './reads.js';
import {
  londonTime,
  pageItems,
  parsePage,
  readAuditSearch,
  searchQueryString,
  validateAuditSearch,
  type AuditSearchAnswers,
} from './search.js';

const CSV_BATCH = 1000;
const CSV_HEADER = ['at (ISO UTC)', 'user id', 'user email', 'action', 'record type', 'record id', 'ip', 'details'];

/** Where an entry's record can be seen, when the tracker has a page for it. */
function recordHref(row: AuditRow): string | undefined {
  if (!row.recordId || !/^\d{1,9}$/.test(row.recordId)) return undefined;
  if (row.recordType === 'user') return `/users/${row.recordId}`;
  if (row.recordType === 'site') return `/sites/${row.recordId}`;
  return undefined;
}

/** Writes, and waits while the client's buffer is full, so a large download never piles up in memory. */
async function send(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

function entryView(row: AuditRow) {
  // One line per detail, rather than one long JSON string, so the table can wrap it.
  const details = Object.entries(row.details ?? {}).map(
    ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return { ...row, when: londonTime(row.at), recordHref: recordHref(row), details };
}

export function auditRoutes(db: Db): Route[] {
  async function auditPage(res: Response, answers: AuditSearchAnswers, locals: Record<string, unknown>, status = 200) {
    await renderPage(
      res,
      'audit/list',
      { title: 'Audit log', navigation: 'audit', answers, query: searchQueryString(answers), ...locals },
      status,
    );
  }
  const refuse = (res: Response, answers: AuditSearchAnswers, errors: FormErrors | undefined) =>
    auditPage(res, answers, { errors, entries: [], total: 0, pages: [] }, 422);

  return [
    {
      method: 'get',
      path: '/audit',
      allow: 'audit.view',
      async handler(req, res) {
        const answers = readAuditSearch(req.query);
        const { search, errors } = validateAuditSearch(answers);
        if (!search) return refuse(res, answers, errors);
        const page = parsePage(req.query.page);
        const { rows, total } = await searchAudit(db, search, page);
        // Reading the audit log is itself audited (after the search, so a page does not list its own reading): who searched for what.
        await recordRead(db, actorOf(req, res), { action: 'audit.searched', details: { search, page } });
        const lastPage = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
        const href = (number: number) => `/audit?${searchQueryString(answers, number)}`;
        await auditPage(res, answers, {
          entries: rows.map(entryView),
          total,
          firstShown: (page - 1) * AUDIT_PAGE_SIZE + 1,
          pages:
            lastPage > 1 ? pageItems(page, lastPage).map((item) => ('number' in item ? { ...item, href: href(item.number) } : item)) : [],
          previous: page > 1 && page <= lastPage ? href(page - 1) : undefined,
          next: page < lastPage ? href(page + 1) : undefined,
        });
      },
    },
    {
      method: 'get',
      path: '/audit.csv',
      allow: 'audit.view',
      async handler(req, res) {
        const answers = readAuditSearch(req.query);
        const { search, errors } = validateAuditSearch(answers);
        if (!search) return refuse(res, answers, errors);
        await auditExported(db, actorOf(req, res), search);
        res.status(200).set({
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="audit-log-${todayInLondon(new Date())}.csv"`,
        });
        // The byte order mark tells spreadsheet programs the file is UTF-8, so names keep their accents.
        res.write(`\uFEFF${csvRow(CSV_HEADER)}`);
        let after: AuditRow | undefined;
        for (;;) {
          const rows = await auditBatch(db, search, after, CSV_BATCH);
          for (const row of rows) {
            const line = csvRow([
              row.at.toISOString(),
              row.userId,
              row.userEmail,
              row.action,
              row.recordType,
              row.recordId,
              row.ip,
              JSON.stringify(row.details ?? {}),
            ]);
            await send(res, line);
          }
          if (rows.length < CSV_BATCH || res.destroyed) break;
          after = rows[rows.length - 1];
        }
        res.end();
      },
    },
  ];
}
