import { ContactFileProblem } from './decode.js';

/**
 * A streaming RFC 4180 reader: comma separated, CRLF, LF or CR line ends, quoted cells with
 * commas, doubled quotes and line ends inside, with or without a final line end. Blank lines are
 * skipped. Each record carries the line it starts on (1-based), for messages.
 */

export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Longer cells are refused: nothing the tracker keeps is near this, and a runaway quote would be. */
export const MAX_CELL_LENGTH = 10_000;
export const MAX_CELLS = 1_000;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted cell: the closing one, or the first of a doubled pair. */
  QuoteInQuoted,
}

export class CsvReader {
  private state = State.FieldStart;
  private cells: string[] = [];
  private field = '';
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private lastWasCR = false;

  /** The records completed by this text. */
  push(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    const length = text.length;
    let index = 0;
    while (index < length) {
      const code = text.charCodeAt(index);
      const afterCR = this.lastWasCR;
      this.lastWasCR = code === CR;
      if (code === CR || (code === LF && !afterCR)) this.line += 1;
      switch (this.state) {
        case State.Quoted: {
          if (code === QUOTE) {
            this.state = State.QuoteInQuoted;
            index += 1;
            break;
          }
          let end = index + 1;
          while (end < length) {
            const next = text.charCodeAt(end);
            if (next === QUOTE || next === CR || next === LF) break;
            end += 1;
          }
          this.append(text, index, end);
          index = end;
          break;
        }
        case State.QuoteInQuoted:
          if (code === QUOTE) {
            this.append(text, index, index + 1);
            this.state = State.Quoted;
            index += 1;
            break;
          }
          this.state = State.Unquoted;
        // falls through: the character after a closing quote is read as in an unquoted cell
        default: {
          if (code === LF && afterCR) {
            index += 1;
            break;
          }
          if (code === QUOTE && this.field.trim() === '') {
            this.field = '';
            this.quoteLine = this.line;
            this.state = State.Quoted;
            index += 1;
            break;
          }
          if (code === COMMA) {
            this.endField();
            index += 1;
            break;
          }
          if (code === CR || code === LF) {
            this.endRecord(records);
            index += 1;
            break;
          }
          let end = index + 1;
          while (end < length) {
            const next = text.charCodeAt(end);
            if (next === COMMA || next === CR || next === LF || next === QUOTE) break;
            end += 1;
          }
          this.append(text, index, end);
          this.state = State.Unquoted;
          index = end;
        }
      }
    }
    return records;
  }

  /** The last record, when the file does not end with a line end. Throws for a quote never closed. */
  end(): CsvRecord[] {
    if (this.state === State.Quoted) {
      throw new ContactFileProblem(
        `The quote (") that starts a cell on line ${this.quoteLine} is never closed. Check the cell has a closing quote`,
        this.quoteLine,
      );
    }
    const records: CsvRecord[] = [];
    if (this.cells.length > 0 || this.field !== '' || this.state !== State.FieldStart) this.endRecord(records);
    return records;
  }

  private append(text: string, from: number, to: number): void {
    this.field += text.slice(from, to);
    if (this.field.length > MAX_CELL_LENGTH) {
      throw new ContactFileProblem(
        `A cell in the row starting on line ${this.recordLine} is longer than ${MAX_CELL_LENGTH.toLocaleString('en-GB')} characters. Check for a quote (") that is never closed`,
        this.recordLine,
      );
    }
  }

  private endField(): void {
    this.cells.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
    if (this.cells.length > MAX_CELLS) {
      throw new ContactFileProblem(
        `The row starting on line ${this.recordLine} has more than ${MAX_CELLS.toLocaleString('en-GB')} cells. Check this is the right file`,
        this.recordLine,
      );
    }
  }

  private endRecord(records: CsvRecord[]): void {
    this.endField();
    const cells = this.cells;
    this.cells = [];
    if (cells.length > 1 || cells[0] !== '') records.push({ line: this.recordLine, cells });
    this.recordLine = this.line;
  }
}

/** The records of a stream of text, in arrays of those each chunk completes. */
export async function* readCsvRecords(texts: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader();
  for await (const text of texts) {
    const records = reader.push(text);
    if (records.length) yield records;
  }
  const last = reader.end();
  if (last.length) yield last;
}

/** One line of a CSV file, quoted where needed; a cell that a spreadsheet would run as a formula is prefixed with '. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells
    .map((cell) => {
      let text = cell == null ? '' : String(cell);
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
