/** Text a spreadsheet would run as a formula: =, +, - and @ start one; a tab or carriage return can hide one. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: a cell that could start a formula gets a leading single quote (OWASP's advice
 * against CSV injection), then RFC 4180 quoting for commas, quotes and line breaks.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ended with CRLF as RFC 4180 asks. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
