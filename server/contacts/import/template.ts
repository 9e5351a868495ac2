import { csvLine } from './csv.js';
import { CONTACT_COLUMNS } from './rows.js';

/**
 * The template a lead downloads: the header and three made-up contacts showing each kind of
 * value (an ISO date and a UK one, an empty first conversation for someone still waiting, a
 * cost with a £ sign). No real person is in it.
 */
const EXAMPLES: readonly (readonly string[])[] = [
  ['EX-0001', '2025-03-03', '2025-03-04', '1', 'resolved_c1', '0', 'no', '', 'new', 'Example team'],
  ['EX-0002', '10/03/2025', '24/03/2025', '3', 'long_term', '4', 'yes', '£1,234.50', 'old', 'Example team'],
  ['EX-0003', '2025-03-17', '', '', '', '', 'no', '', 'new', 'Example team'],
];

/** The template CSV, with CRLF line ends as RFC 4180 and Excel expect. */
export function contactTemplateCsv(): string {
  return [CONTACT_COLUMNS, ...EXAMPLES].map((cells) => `${csvLine(cells)}\r\n`).join('');
}
