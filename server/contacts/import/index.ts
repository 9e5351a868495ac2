/** Reading a CSV of contacts for import: pure, streaming, no I/O of its own. */
export { readContactCsv, ContactCsvReading, DEFAULT_BATCH_SIZE, DEFAULT_MAX_PROBLEMS, HEADER_ONLY } from './read.js';
export type { ContactBatch, ContactCsvSummary, ReadContactCsvOptions } from './read.js';
export { CONTACT_COLUMNS, REQUIRED_COLUMNS, REQUIRED_VALUES, columnKey, checkContactRow, readContactHeader } from './rows.js';
export type { ContactColumn, ContactHeader, ContactImportRow, ContactProblem } from './rows.js';
export { ContactFileProblem, DEFAULT_MAX_BYTES, EMPTY, NOT_CSV, decodeCsvBytes, decodeWindows1252, describeSize } from './decode.js';
export type { ByteSource, CsvEncoding } from './decode.js';
export { CsvReader, csvLine, readCsvRecords } from './csv.js';
export type { CsvRecord } from './csv.js';
export { contactTemplateCsv } from './template.js';
