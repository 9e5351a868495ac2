import request from 'supertest';
import type { Express } from 'express';
import { CONTACT_COLUMNS, type ContactColumn } from '../../server/contacts/import/index.js';
import type { Visitor } from '../helpers/accounts.js';

export const HEADER = CONTACT_COLUMNS.join(',');
const GOOD: Record<ContactColumn, string> = {
  person_ref: 'HX-0417',
  contact_date: '2026-03-02',
  first_conversation_date: '2026-03-04',
  highest_conversation: '2',
  outcome: 'community',
  handoffs: '1',
  funding_panel: 'no',
  weekly_cost_gbp: '',
  way_of_working: 'new',
  team: 'North',
};

/** One row of a contacts CSV, quoted where needed. */
export function line(values: Partial<Record<ContactColumn, string>> = {}): string {
  // A contact with no first conversation is waiting: no highest conversation and no outcome unless the test says so.
  const waiting = values.first_conversation_date === '' ? { highest_conversation: '', outcome: '' } : {};
  const row: Partial<Record<ContactColumn, string>> = { ...waiting, ...values };
  const cells = CONTACT_COLUMNS.map((column) => row[column] ?? GOOD[column]);
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

export function csv(...rows: Partial<Record<ContactColumn, string>>[]): string {
  return [HEADER, ...rows.map(line)].join('\n') + '\n';
}

/** Posts the upload form as a browser does: multipart/form-data, the token in its hidden field. */
export function upload(
  app: Express | string,
  visitor: Visitor,
  siteId: number,
  file: string | Buffer,
  options: { fileName?: string; onDuplicate?: string; csrf?: string | null } = {},
): request.Test {
  const test = request(app).post(`/sites/${siteId}/imports`).set('Cookie', visitor.cookie);
  if (options.csrf !== null) test.field('_csrf', options.csrf ?? visitor.csrfToken);
  test.field('onDuplicate', options.onDuplicate ?? 'skip');
  return test.attach('file', typeof file === 'string' ? Buffer.from(file) : file, options.fileName ?? 'contacts.csv');
}

/** The import id a redirect after upload points at. */
export function importIdOf(location: string | undefined): number {
  const match = /\/imports\/(\d+)$/.exec(location ?? '');
  if (!match) throw new Error(`Not an import's page: ${location}`);
  return Number(match[1]);
}
