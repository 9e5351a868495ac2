import type { Outcome, WayOfWorking } from '../../db/rhythm-schema.js';
import { personReferenceProblem } from '../person-reference.js';
import type { CsvRecord } from './csv.js';
import {
  checkDate,
  checkFundingPanel,
  checkHandoffs,
  checkHighestConversation,
  checkOutcome,
  checkTeam,
  checkWayOfWorking,
  checkWeeklyCost,
  type Checked,
} from './fields.js';

/** The columns of a contacts CSV, in the template's order. */
export const CONTACT_COLUMNS = [
  'person_ref',
  'contact_date',
  'first_conversation_date',
  'highest_conversation',
  'outcome',
  'handoffs',
  'funding_panel',
  'weekly_cost_gbp',
  'way_of_working',
  'team',
] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];

/** Columns a file may leave out altogether (the template says so): a case-system extract often has no cost or team. */
export const OPTIONAL_COLUMNS: readonly ContactColumn[] = ['weekly_cost_gbp', 'team'];

/**
 * Columns the header must name: every other one, since a misspelt heading would otherwise leave
 * a whole measure silently blank (every contact "waiting" without first_conversation_date).
 * Cells may be empty except in REQUIRED_VALUES.
 */
export const REQUIRED_COLUMNS: readonly ContactColumn[] = CONTACT_COLUMNS.filter((column) => !OPTIONAL_COLUMNS.includes(column));
export const REQUIRED_VALUES: readonly ContactColumn[] = ['person_ref', 'contact_date', 'way_of_working'];

/** A checked row, shaped like contact_import_rows; `row` is the line of the file it starts on. */
export interface ContactImportRow {
  row: number;
  personRef: string;
  contactDate: string;
  firstConversationDate: string | null;
  highestConversation: number | null;
  outcome: Outcome | null;
  handoffs: number;
  fundingPanel: boolean;
  weeklyCostGbp: string | null;
  wayOfWorking: WayOfWorking;
  team: string;
}

/** One problem for the report: the file's line, the column, the value as written, and what is wrong. */
export interface ContactProblem {
  row: number;
  column: string;
  value: string;
  problem: string;
}

export interface ContactHeader {
  /** Where each column is in a row. */
  positions: Map<ContactColumn, number>;
  /** How many cells the header has, up to its last named column. */
  width: number;
  /** Columns the file has that the tracker does not keep, as written, for the preview. */
  extraColumns: string[];
}

/** A value kept in a problem is cut short, so a file of long junk cannot fill the memory. */
const MAX_VALUE_IN_PROBLEM = 200;

export function problemAt(row: number, column: string, value: string, problem: string): ContactProblem {
  const shown = value.length > MAX_VALUE_IN_PROBLEM ? `${value.slice(0, MAX_VALUE_IN_PROBLEM)}…` : value;
  return { row, column, value: shown, problem };
}

/** "Person ref", "PERSON-REF" and " person_ref " all name person_ref. */
export function columnKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function listInWords(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The header's columns, or the problems with it: missing columns (in one problem) and repeated ones. */
export function readContactHeader(record: CsvRecord): { header: ContactHeader } | { problems: ContactProblem[] } {
  const positions = new Map<ContactColumn, number>();
  const extraColumns: string[] = [];
  const seenExtra = new Set<string>();
  const repeated = new Set<ContactColumn>();
  record.cells.forEach((name, index) => {
    const key = columnKey(name);
    if (key === '') return;
    if ((CONTACT_COLUMNS as readonly string[]).includes(key)) {
      const column = key as ContactColumn;
      if (positions.has(column)) repeated.add(column);
      else positions.set(column, index);
    } else if (!seenExtra.has(key)) {
      seenExtra.add(key);
      extraColumns.push(name.trim());
    }
  });
  const problems = [...repeated].map((column) =>
    problemAt(record.line, column, column, `The column ${column} appears more than once in the header. Keep only one`),
  );
  const missing = REQUIRED_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length) {
    const columns = missing.length === 1 ? 'column' : 'columns';
    const problem = `The header is missing the ${columns} ${listInWords(missing)}. The first line must name the columns, as in the template`;
    problems.unshift(problemAt(record.line, missing.join(', '), '', problem));
  }
  const width = record.cells.findLastIndex((name) => name.trim() !== '') + 1;
  return problems.length ? { problems } : { header: { positions, width, extraColumns } };
}

const REQUIRED_MESSAGES: Partial<Record<ContactColumn, string>> = { contact_date: 'Enter the contact date' };

/**
 * A row checked against the header: the typed row when every cell is right, else its problems.
 * Extra empty cells at the end of a row (as spreadsheets add) are allowed; any other difference
 * from the header's width is a problem, and the row's cells are not read further.
 */
export function checkContactRow(
  record: CsvRecord,
  header: ContactHeader,
  today: string,
): { row?: ContactImportRow; problems: ContactProblem[] } {
  const { cells, line } = record;
  const fits =
    cells.length === header.width || (cells.length > header.width && cells.slice(header.width).every((cell) => cell.trim() === ''));
  if (!fits) return { problems: [problemAt(line, '', '', `Row ${line} has ${cells.length} cells but the header has ${header.width}`)] };

  const problems: ContactProblem[] = [];
  const text = (column: ContactColumn) => {
    const position = header.positions.get(column);
    return position === undefined ? '' : cells[position].trim();
  };
  function read<T>(column: ContactColumn, check: (value: string) => Checked<T>): T | undefined {
    const value = text(column);
    const required = REQUIRED_VALUES.includes(column) && value === '' ? REQUIRED_MESSAGES[column] : undefined;
    const checked: Checked<T> = required ? { problem: required } : check(value);
    if ('value' in checked) return checked.value;
    problems.push(problemAt(line, column, value, checked.problem));
    return undefined;
  }

  const personRef = read('person_ref', (value): Checked<string> => {
    const problem = personReferenceProblem(value);
    return problem ? { problem } : { value };
  });
  const contactDate = read('contact_date', (value) => checkDate(value, 'Contact date', today));
  const firstConversationDate = read('first_conversation_date', (value): Checked<string | null> => {
    if (value === '') return { value: null };
    const checked = checkDate(value, 'First conversation date', today);
    if ('value' in checked && contactDate !== undefined && checked.value < contactDate) {
      return { problem: 'First conversation date must be the same as or after the contact date' };
    }
    return checked;
  });
  const highestConversation = read('highest_conversation', checkHighestConversation);
  const outcome = read('outcome', checkOutcome);
  const handoffs = read('handoffs', checkHandoffs);
  const fundingPanel = read('funding_panel', checkFundingPanel);
  const weeklyCostGbp = read('weekly_cost_gbp', checkWeeklyCost);
  const wayOfWorking = read('way_of_working', checkWayOfWorking);
  const team = read('team', checkTeam);
  // A contact cannot have reached a conversation without having its first one.
  if (highestConversation !== undefined && highestConversation !== null && firstConversationDate === null) {
    problems.push(
      problemAt(
        line,
        'highest_conversation',
        text('highest_conversation'),
        `Highest conversation is ${highestConversation} but there is no first conversation date. Enter the first conversation date, or leave highest conversation empty`,
      ),
    );
  }
  if (
    problems.length ||
    personRef === undefined ||
    contactDate === undefined ||
    firstConversationDate === undefined ||
    highestConversation === undefined ||
    outcome === undefined ||
    handoffs === undefined ||
    fundingPanel === undefined ||
    weeklyCostGbp === undefined ||
    wayOfWorking === undefined ||
    team === undefined
  )
    return { problems };
  return {
    problems,
    row: {
      row: line,
      personRef,
      contactDate,
      firstConversationDate,
      highestConversation,
      outcome,
      handoffs,
      fundingPanel,
      weeklyCostGbp,
      wayOfWorking,
      team,
    },
  };
}
