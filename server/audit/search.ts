import { DateTime } from 'luxon';
import type { IsoDate } from '../calendar/fortnights.js';
import {
  characterCount,
  dateInputValue,
  FormErrorsBuilder,
  parseDateInput,
  text,
  type Body,
  type DateInputValue,
  type FormErrors,
} from '../http/forms.js';

export const SEARCH_TEXT_MAX = 254;

/** The audit search form as typed: it travels in the query string, so results can be bookmarked and paged. */
export interface AuditSearchAnswers {
  person: string;
  recordType: string;
  recordId: string;
  from: DateInputValue;
  to: DateInputValue;
}

/** A checked search: every part optional; dates are whole days in Europe/London, both included. */
export interface AuditSearch {
  person?: string;
  recordType?: string;
  recordId?: string;
  from?: IsoDate;
  to?: IsoDate;
}

export function readAuditSearch(query: Body): AuditSearchAnswers {
  return {
    person: text(query, 'person'),
    recordType: text(query, 'recordType'),
    recordId: text(query, 'recordId'),
    from: dateInputValue(query, 'from'),
    to: dateInputValue(query, 'to'),
  };
}

export function validateAuditSearch(answers: AuditSearchAnswers): { search?: AuditSearch; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const labels = { person: 'Person', recordType: 'Record type', recordId: 'Record ID' } as const;
  for (const field of ['person', 'recordType', 'recordId'] as const) {
    if (characterCount(answers[field]) > SEARCH_TEXT_MAX)
      errors.add(field, `${labels[field]} must be ${SEARCH_TEXT_MAX} characters or fewer`);
  }
  const from = parseDateInput(answers.from, 'From date', errors, 'from', { required: false });
  const to = parseDateInput(answers.to, 'To date', errors, 'to', { required: false });
  if (from && to && to < from) errors.add('to', 'To date must be the same as or after the from date', 'to-day');
  if (errors.any) return { errors: errors.result() };
  return {
    search: {
      person: answers.person || undefined,
      recordType: answers.recordType || undefined,
      recordId: answers.recordId || undefined,
      from,
      to,
    },
  };
}

/** The search as a query string, for page links and the CSV download; empty parts left out. */
export function searchQueryString(answers: AuditSearchAnswers, page?: number): string {
  const params = new URLSearchParams();
  for (const field of ['person', 'recordType', 'recordId'] as const) if (answers[field]) params.set(field, answers[field]);
  for (const field of ['from', 'to'] as const) {
    for (const part of ['day', 'month', 'year'] as const) if (answers[field][part]) params.set(`${field}-${part}`, answers[field][part]);
  }
  if (page && page > 1) params.set('page', String(page));
  return params.toString();
}

export function parsePage(value: unknown): number {
  return typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : 1;
}

export type PageItem = { number: number; current: boolean } | { ellipsis: true };

/** GOV.UK pagination: the first and last pages, and those either side of the current one, with gaps marked. */
export function pageItems(current: number, total: number): PageItem[] {
  const items: PageItem[] = [];
  let last = 0;
  for (let number = 1; number <= total; number += 1) {
    if (number !== 1 && number !== total && Math.abs(number - current) > 1) continue;
    if (number - last > 1) items.push({ ellipsis: true });
    items.push({ number, current: number === current });
    last = number;
  }
  return items;
}

/** When an entry happened, as people in England read it. */
export function londonTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: 'Europe/London' }).toFormat('d LLL yyyy, HH:mm:ss');
}
