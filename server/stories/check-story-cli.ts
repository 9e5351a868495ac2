/**
 * `npm run cli -- check-story FILE`: the identifier check for any document, so information
 * governance teams can check a story, report or slide notes before they are shared. Prints one
 * finding a line (tab-separated: kind, the text found, line and column, why, what instead) and
 * exits 1 when there are any, 0 when there are none, 2 when the file cannot be read.
 */
import fs from 'node:fs/promises';
import { UsageError, type Command } from '../cli/commands.js';
import { FINDING_KIND_NAMES, findIdentifiers } from './identifiers.js';

/** The file's text: UTF-8 with or without a byte order mark, UTF-16 with one, else Windows-1252. */
export function decodeDocument(bytes: Uint8Array): { text: string; note?: string } | { problem: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  if (bytes.subarray(0, 8000).includes(0)) {
    return { problem: 'looks like a binary file, such as a Word document or a PDF. Save it as plain text (.txt) and check that' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), note: 'is not UTF-8, so it was read as Windows-1252 text' };
  }
}

function readProblem(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'there is no such file';
  if (error.code === 'EISDIR') return 'it is a folder, not a file';
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  return error.message;
}

export const checkStoryCommand: Command = {
  name: 'check-story',
  usage: 'check-story FILE',
  summary: 'Check a document for likely identifiers (names, ages of 90 and over, addresses, NHS numbers...); exit 1 if any',
  database: 'none',
  async run(args, { io }) {
    if (args.length !== 1 || args[0].startsWith('-')) throw new UsageError('Name one file to check: check-story FILE');
    const file = args[0];
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      io.err(`Cannot read ${file}: ${readProblem(error as NodeJS.ErrnoException)}`);
      return 2;
    }
    const decoded = decodeDocument(bytes);
    if ('problem' in decoded) {
      io.err(`Cannot check ${file}: it ${decoded.problem}`);
      return 2;
    }
    if (decoded.note) io.err(`Note: ${file} ${decoded.note}`);
    const findings = findIdentifiers(decoded.text);
    for (const finding of findings) {
      io.out(
        [
          finding.kind,
          JSON.stringify(finding.text),
          `line ${finding.line}, column ${finding.column}`,
          finding.why,
          `Instead: ${finding.instead}`,
        ].join('\t'),
      );
    }
    if (findings.length === 0) {
      io.err(`No likely identifiers found in ${file}`);
      return 0;
    }
    const kinds = [...new Set(findings.map((finding) => FINDING_KIND_NAMES[finding.kind].toLowerCase()))];
    io.err(
      `${findings.length} likely identifier${findings.length === 1 ? '' : 's'} found in ${file} (${kinds.join(', ')}): edit them, or be ready to explain why each is fine`,
    );
    return 1;
  },
};
