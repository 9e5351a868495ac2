import type { IsoDate } from '../calendar/fortnights.js';
import { OUTCOMES, WAYS_OF_WORKING, type Outcome, type WayOfWorking } from '../db/schema.js';
import { dateInputValue, FormErrorsBuilder, parseDateInput, text, type Body, type DateInputValue, type FormErrors } from '../http/forms.js';

/** What the records list is filtered by, as the GET form sends it. Anything unreadable in a choice means "any". */
export interface RecordFilter {
  conversation: '' | '1' | '2' | '3';
  outcome: '' | Outcome | 'none';
  lead: string;
  waiting: '' | 'yes' | 'no';
  way: '' | WayOfWorking;
  from: DateInputValue;
  to: DateInputValue;
}

/** The filter's contact date range, once checked. */
export interface CheckedFilter extends RecordFilter {
  fromDate?: IsoDate;
  toDate?: IsoDate;
}

/** A place in the list: the contact date and id of a row, newest first. */
export interface Cursor {
  date: IsoDate;
  id: number;
}

export type PageRequest = { after?: Cursor; before?: Cursor; oldest?: boolean };

const pick = <T extends string>(value: string, allowed: readonly T[]): T | '' => allowed.find((candidate) => candidate === value) ?? '';

export function readRecordFilter(query: Body | undefined): RecordFilter {
  const lead = text(query, 'lead');
  return {
    conversation: pick(text(query, 'conversation'), ['1', '2', '3'] as const),
    outcome: pick(text(query, 'outcome'), [...OUTCOMES, 'none'] as const),
    lead: lead === 'none' || /^[1-9]\d{0,8}$/.test(lead) ? lead : '',
    waiting: pick(text(query, 'waiting'), ['yes', 'no'] as const),
    way: pick(text(query, 'way'), WAYS_OF_WORKING),
    from: dateInputValue(query, 'from'),
    to: dateInputValue(query, 'to'),
  };
}

/** The date range is the only part of the filter a person types, so the only part that can be wrong. */
export function checkRecordFilter(filter: RecordFilter): { filter: CheckedFilter; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const fromDate = parseDateInput(filter.from, 'From date', errors, 'from', { required: false });
  const toDate = parseDateInput(filter.to, 'To date', errors, 'to', { required: false });
  if (fromDate && toDate && fromDate > toDate) errors.add('from', 'From date must be the same as or before the to date', 'from-day');
  return { filter: { ...filter, fromDate, toDate }, errors: errors.result() };
}

export function readCursor(value: unknown): Cursor | undefined {
  const match = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})_([1-9]\d{0,9})$/.exec(value) : null;
  if (!match || Number(match[2]) > 2_147_483_647) return undefined;
  // A real date only ("2026-02-30" would be refused by PostgreSQL).
  const [year, month, day] = match[1].split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { date: match[1], id: Number(match[2]) };
}

export function readPageRequest(query: Body | undefined): PageRequest {
  const after = readCursor(query?.after);
  if (after) return { after };
  const before = readCursor(query?.before);
  if (before) return { before };
  return query?.oldest === 'yes' ? { oldest: true } : {};
}

export const cursorText = (cursor: Cursor): string => `${cursor.date}_${cursor.id}`;

/** The filter as an address query, without the empty parts, for the paging links. */
export function recordFilterQuery(filter: RecordFilter, page: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of ['conversation', 'outcome', 'lead', 'waiting', 'way'] as const) if (filter[name]) params.set(name, filter[name]);
  for (const name of ['from', 'to'] as const) {
    for (const part of ['day', 'month', 'year'] as const) if (filter[name][part]) params.set(`${name}-${part}`, filter[name][part]);
  }
  for (const [name, value] of Object.entries(page)) params.set(name, value);
  return params.toString();
}
