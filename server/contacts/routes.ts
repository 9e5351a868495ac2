import { actorOf, recordRead } from '../audit/record.js';
import type { IsoDate } from '../calendar/fortnights.js';
import { daysBetween } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Body } from '../http/forms.js';
import { wantsPartial } from '../http/htmx.js';
import { renderPage, renderPartial } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { teamMembers } from '../sites/team.js';
import { checkRecordFilter, cursorText, readPageRequest, readRecordFilter, recordFilterQuery } from './filter.js';
import { OUTCOME_NAMES, WAY_NAMES } from './form.js';
import { listRecords, type RecordRow } from './queries.js';

const days = (count: number) => (count === 1 ? '1 day' : `${count} days`);

/** Days from contact to first conversation, or how long the person has been waiting so far. */
export function waitedText(
  record: Pick<RecordRow, 'contactDate' | 'firstConversationDate' | 'outcome'>,
  today: IsoDate,
): { waited: string; waiting: boolean } {
  if (record.firstConversationDate) return { waited: days(daysBetween(record.contactDate, record.firstConversationDate)), waiting: false };
  // Closed with an outcome and no first conversation: not waiting for one.
  if (record.outcome) return { waited: 'Closed without a conversation', waiting: false };
  return { waited: `Waiting ${days(Math.max(0, daysBetween(record.contactDate, today)))}`, waiting: true };
}

/** The records list: filtered by a GET form, paged by keyset so the thousandth page is as quick as the first. */
export function contactListRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/contacts',
      allow: 'contacts.record',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const query = req.query as Body;
        const { filter, errors } = checkRecordFilter(readRecordFilter(query));
        const base = `/sites/${site.id}/contacts`;
        const href = (page: Record<string, string> = {}) => {
          const search = recordFilterQuery(filter, page);
          return search ? `${base}?${search}` : base;
        };
        const [team, page] = await Promise.all([
          teamMembers(db, site.id),
          errors ? undefined : listRecords(db, site.id, filter, readPageRequest(query)),
        ]);
        const date = today();
        const rows = page?.rows ?? [];
        const last = rows.at(-1);
        const locals = {
          site,
          team,
          filter,
          errors,
          total: page?.total ?? 0,
          records: rows.map((row) => ({ ...row, ...waitedText(row, date) })),
          outcomeNames: OUTCOME_NAMES,
          wayNames: WAY_NAMES,
          newest: href(),
          oldest: href({ oldest: 'yes' }),
          previous:
            page?.hasNewer && rows.length > 0 ? href({ before: cursorText({ date: rows[0].contactDate, id: rows[0].id }) }) : undefined,
          next: page?.hasOlder && last ? href({ after: cursorText({ date: last.contactDate, id: last.id }) }) : undefined,
        };
        const status = errors ? 422 : 200;
        // The list shows person references: who looked at which records is audited (the ids shown, not the filter's words).
        await recordRead(db, actorOf(req, res), {
          action: 'contacts.listed',
          recordType: 'site',
          recordId: site.id,
          details: { siteId: site.id, shown: rows.map((row) => row.id) },
        });
        if (wantsPartial(req, res)) return renderPartial(res, 'contacts/_records', { ...locals, asPart: true }, status);
        await renderPage(
          res,
          'contacts/list',
          {
            title: `Contact records – ${site.name}`,
            navigation: 'sites',
            backLink: { href: `/sites/${site.id}`, text: `Back to ${site.name}` },
            ...locals,
          },
          status,
        );
      },
    },
  ];
}
