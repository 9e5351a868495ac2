import { isUtf8 } from 'node:buffer';

/**
 * Turning the bytes of an uploaded file into text, whatever saved it: UTF-8 with or without a
 * byte order mark, or Windows-1252 (what Excel's plain "CSV" gives on a UK Windows machine).
 * No I/O: the caller passes the upload or file as a stream of bytes.
 */

/** A problem with the whole file that stops the reading, with the line it was found on when known. */
export class ContactFileProblem extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ContactFileProblem';
  }
}

export type ByteSource = AsyncIterable<Uint8Array | string>;
export type CsvEncoding = 'utf-8' | 'windows-1252';

export const MEGABYTE = 1024 * 1024;
export const DEFAULT_MAX_BYTES = 50 * MEGABYTE;

export const NOT_CSV = 'This file is not a CSV file. Save it from your spreadsheet or case system as "CSV UTF-8" and try again';
const EXCEL = 'This file is an Excel workbook, not a CSV file. In Excel, choose "Save as", then "CSV UTF-8", and upload that file';
const UTF16 = 'This file is saved as "Unicode text" (UTF-16). Save it as "CSV UTF-8" and try again';
const MIXED = 'Part of this file is not in the UTF-8 encoding its start is in. Save it again as "CSV UTF-8" and try again';
export const EMPTY = 'The file is empty';

/** Bytes looked at before deciding whether the file is text at all. */
const SNIFF_BYTES = 8192;
/** Above this share of control characters (other than tab and line ends) the file is not text. */
const CONTROL_SHARE = 0.02;

/** "50 MB" for the size limit's message. */
export function describeSize(bytes: number): string {
  if (bytes >= MEGABYTE) return `${Number((bytes / MEGABYTE).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F; the five bytes it leaves undefined map
// to the C1 controls of the same number, as browsers' decoders do.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
].map((code) => String.fromCharCode(code));

export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]);
}

/** Where an incomplete UTF-8 character at the end of the bytes starts (the length when there is none). */
function completeUpTo(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function hasNonAscii(bytes: Buffer): boolean {
  for (let index = 0; index < bytes.length; index += 1) if (bytes[index] > 0x7f) return true;
  return false;
}

/** Throws when the start of the file shows it is a workbook, UTF-16 or binary rather than text. */
function checkLooksLikeText(start: Buffer): void {
  if (start.length === 0) throw new ContactFileProblem(EMPTY);
  if (start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04) throw new ContactFileProblem(EXCEL);
  if (start[0] === 0xd0 && start[1] === 0xcf && start[2] === 0x11 && start[3] === 0xe0) throw new ContactFileProblem(EXCEL);
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff)) throw new ContactFileProblem(UTF16);
  let controls = 0;
  for (const byte of start) {
    if (byte === 0) throw new ContactFileProblem(NOT_CSV);
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) controls += 1;
  }
  if (controls / start.length > CONTROL_SHARE) throw new ContactFileProblem(NOT_CSV);
}

export interface DecodeOptions {
  /** The largest file accepted, in bytes; reading stops as soon as it is passed. */
  maxBytes?: number;
  /** Told the encoding once it is known, and again if a file that looked like UTF-8 turns out not to be. */
  onEncoding?: (encoding: CsvEncoding) => void;
  /** Told the bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

/**
 * The file's text, chunk by chunk, without a byte order mark. The encoding is UTF-8 while the
 * bytes are valid UTF-8; if invalid bytes turn up while everything before was plain ASCII (which
 * reads the same in both), the rest is read as Windows-1252. Throws ContactFileProblem.
 */
export async function* decodeCsvBytes(source: ByteSource, options: DecodeOptions = {}): AsyncGenerator<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let encoding: CsvEncoding | undefined;
  let total = 0;
  let start: Buffer[] = [];
  let startLength = 0;
  let pending: Buffer = Buffer.alloc(0);
  let seenNonAscii = false;

  const setEncoding = (next: CsvEncoding) => {
    encoding = next;
    options.onEncoding?.(next);
  };

  function decode(bytes: Buffer, last: boolean): string {
    if (encoding === 'windows-1252') return decodeWindows1252(bytes);
    const data = pending.length ? Buffer.concat([pending, bytes]) : bytes;
    const cut = last ? data.length : completeUpTo(data);
    const head = data.subarray(0, cut);
    if (isUtf8(head)) {
      pending = Buffer.from(data.subarray(cut));
      if (!seenNonAscii) seenNonAscii = hasNonAscii(head);
      return head.toString('utf8');
    }
    if (seenNonAscii) throw new ContactFileProblem(MIXED);
    pending = Buffer.alloc(0);
    setEncoding('windows-1252');
    return decodeWindows1252(data);
  }

  function first(bytes: Buffer, last: boolean): string {
    checkLooksLikeText(bytes);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const body = bom ? bytes.subarray(3) : bytes;
    const utf8 = isUtf8(body.subarray(0, last ? body.length : completeUpTo(body)));
    if (bom && !utf8) throw new ContactFileProblem(MIXED);
    seenNonAscii = bom;
    setEncoding(utf8 ? 'utf-8' : 'windows-1252');
    return decode(body, last);
  }

  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += bytes.length;
    options.onBytes?.(total);
    if (total > maxBytes) throw new ContactFileProblem(`The file is larger than ${describeSize(maxBytes)}`);
    if (encoding === undefined) {
      start.push(bytes);
      startLength += bytes.length;
      if (startLength < SNIFF_BYTES) continue;
      const text = first(Buffer.concat(start), false);
      start = [];
      if (text) yield text;
      continue;
    }
    if (bytes.includes(0)) throw new ContactFileProblem(NOT_CSV);
    const text = decode(bytes, false);
    if (text) yield text;
  }
  if (encoding === undefined) {
    const text = first(Buffer.concat(start), true);
    if (text) yield text;
    return;
  }
  if (pending.length) {
    const text = decode(Buffer.alloc(0), true);
    if (text) yield text;
  }
}
