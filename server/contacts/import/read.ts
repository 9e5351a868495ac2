import type { WayOfWorking } from '../../db/rhythm-schema.js';
import { readCsvRecords } from './csv.js';
import { ContactFileProblem, DEFAULT_MAX_BYTES, decodeCsvBytes, EMPTY, type ByteSource, type CsvEncoding } from './decode.js';
import { checkContactRow, problemAt, readContactHeader, type ContactHeader, type ContactImportRow, type ContactProblem } from './rows.js';

/**
 * Reading a CSV of contacts as a stream: checked rows and problems in batches, so the caller can
 * stage rows and look for duplicates in the database a batch at a time, and a summary for the
 * "check your answers" page that is filled in as the file is read.
 *
 *   const reading = readContactCsv(upload, { today: todayInLondon() });
 *   for await (const { rows, problems } of reading) { ... reading.summary.rowCount for progress ... }
 *   if (reading.summary.problemCount > 0) ... nothing is imported
 */

export const DEFAULT_BATCH_SIZE = 1000;
/** Problems past this many are counted but not kept, so a file of nothing but errors stays small in memory. */
export const DEFAULT_MAX_PROBLEMS = 10_000;
export const HEADER_ONLY = 'The file has a header row but no contacts below it';

export interface ReadContactCsvOptions {
  /** Today in the UK as YYYY-MM-DD: no date may be after it. */
  today: string;
  /** Rows in a batch (default 1000); a batch also ends when it holds this many problems. */
  batchSize?: number;
  /** The largest file accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** Problems listed in full (default 10,000); the rest are only counted. */
  maxProblems?: number;
}

export interface ContactBatch {
  rows: ContactImportRow[];
  problems: ContactProblem[];
}

export interface ContactCsvSummary {
  encoding: CsvEncoding | null;
  bytesRead: number;
  /** Rows of contacts read, right or wrong (not the header or blank lines). */
  rowCount: number;
  /** Rows with no problem; the dates and counts below are of these. */
  validRowCount: number;
  earliestContactDate: string | null;
  latestContactDate: string | null;
  byWayOfWorking: Record<WayOfWorking, number>;
  /** Columns the file has that are not imported, as written in its header. */
  extraColumns: string[];
  /** Rows repeating an earlier row's person reference and contact date (each also a problem). */
  duplicatesInFile: number;
  problemCount: number;
  /** Rows with at least one problem ("16 problems in 11 rows"); problems with the file as a whole are in no row. */
  rowsWithProblems: number;
  /** Problems counted but not listed, past maxProblems. */
  problemsOmitted: number;
  /** The problem that stopped the reading (the file as a whole, its header, or a quote never closed). */
  fileProblem: string | null;
  /** True once the whole file has been read, or stopped at a file problem. */
  finished: boolean;
}

export class ContactCsvReading implements AsyncIterable<ContactBatch> {
  readonly summary: ContactCsvSummary = {
    encoding: null,
    bytesRead: 0,
    rowCount: 0,
    validRowCount: 0,
    earliestContactDate: null,
    latestContactDate: null,
    byWayOfWorking: { old: 0, new: 0 },
    extraColumns: [],
    duplicatesInFile: 0,
    problemCount: 0,
    rowsWithProblems: 0,
    problemsOmitted: 0,
    fileProblem: null,
    finished: false,
  };
  private started = false;

  constructor(
    private readonly source: ByteSource,
    private readonly options: ReadContactCsvOptions,
  ) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new TypeError(`today must be YYYY-MM-DD, not ${options.today}`);
  }

  [Symbol.asyncIterator](): AsyncIterator<ContactBatch> {
    if (this.started) throw new Error('A contact CSV can only be read once');
    this.started = true;
    return this.batches();
  }

  private async *batches(): AsyncGenerator<ContactBatch> {
    const { summary, options } = this;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
    let header: ContactHeader | undefined;
    let rows: ContactImportRow[] = [];
    let problems: ContactProblem[] = [];
    let listed = 0;
    // The first row of each person reference and contact date; the memory this needs grows
    // with the file (about 100 bytes a row), the one thing that does.
    const firstRows = new Map<string, number>();

    // A row's problems are reported together, as it is checked.
    let lastProblemRow = 0;
    const report = (problem: ContactProblem, always = false) => {
      summary.problemCount += 1;
      if (problem.row > 0 && problem.row !== lastProblemRow) summary.rowsWithProblems += 1;
      if (problem.row > 0) lastProblemRow = problem.row;
      if (listed < maxProblems || always) {
        problems.push(problem);
        listed += 1;
      } else summary.problemsOmitted += 1;
    };
    const stop = (problem: string, line = 0) => {
      summary.fileProblem = problem;
      report(problemAt(line, '', '', problem), true);
    };

    const decoded = decodeCsvBytes(this.source, {
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      onEncoding: (encoding) => (summary.encoding = encoding),
      onBytes: (bytes) => (summary.bytesRead = bytes),
    });
    try {
      reading: for await (const records of readCsvRecords(decoded)) {
        for (const record of records) {
          if (record.cells.every((cell) => cell.trim() === '')) continue;
          if (!header) {
            const read = readContactHeader(record);
            if ('problems' in read) {
              for (const problem of read.problems) report(problem, true);
              summary.fileProblem = read.problems[0].problem;
              break reading;
            }
            header = read.header;
            summary.extraColumns = header.extraColumns;
            continue;
          }
          summary.rowCount += 1;
          const checked = checkContactRow(record, header, options.today);
          for (const problem of checked.problems) report(problem);
          const row = checked.row;
          if (row) {
            const key = ownString(`${row.contactDate}|${row.personRef}`);
            const first = firstRows.get(key);
            if (first !== undefined) {
              summary.duplicatesInFile += 1;
              report(
                problemAt(
                  row.row,
                  'person_ref',
                  row.personRef,
                  `Row ${row.row} repeats row ${first}: same person reference and contact date`,
                ),
              );
            } else {
              firstRows.set(key, row.row);
              rows.push(row);
              count(summary, row);
            }
          }
          if (rows.length >= batchSize || problems.length >= batchSize) {
            yield { rows, problems };
            rows = [];
            problems = [];
          }
        }
      }
      if (!summary.fileProblem && !header) stop(EMPTY);
      else if (!summary.fileProblem && summary.rowCount === 0) stop(HEADER_ONLY);
    } catch (error) {
      if (!(error instanceof ContactFileProblem)) throw error;
      stop(error.message, error.line);
    }
    firstRows.clear();
    summary.finished = true;
    if (rows.length || problems.length) yield { rows, problems };
  }
}

/**
 * The same text as a string of its own. V8 builds a joined string as a pair of pointers to its
 * parts, and a cell as a pointer into the chunk of the file it came from, so a kept key would keep
 * every chunk alive; reading a character makes V8 copy it into one flat string.
 */
function ownString(text: string): string {
  text.charCodeAt(0);
  return text;
}

function count(summary: ContactCsvSummary, row: ContactImportRow): void {
  summary.validRowCount += 1;
  summary.byWayOfWorking[row.wayOfWorking] += 1;
  if (summary.earliestContactDate === null || row.contactDate < summary.earliestContactDate) summary.earliestContactDate = row.contactDate;
  if (summary.latestContactDate === null || row.contactDate > summary.latestContactDate) summary.latestContactDate = row.contactDate;
}

/** Reads a CSV of contacts from a stream of bytes (a Readable, or any async iterable of chunks). */
export function readContactCsv(source: ByteSource, options: ReadContactCsvOptions): ContactCsvReading {
  return new ContactCsvReading(source, options);
}
