/**
 * The identifier check for stories of difference (issue 6): finds what could let a "motivated
 * intruder" recognise the person, says why it matters and what to write instead. A pure module,
 * no I/O. This first version finds only the certain cases; the full check replaces it.
 */
import { isNhsNumber } from '../contacts/person-reference.js';

export const FINDING_KINDS = ['name', 'age', 'date-of-birth', 'postcode', 'address', 'phone', 'email', 'nhs-number', 'case-id'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** The text found, exactly as written. */
  text: string;
  /** Offsets into the checked text, in UTF-16 code units (as String.prototype.slice counts). */
  start: number;
  end: number;
  /** 1-based line and column (columns count characters, not code units). */
  line: number;
  column: number;
  /** Why it matters, in plain English. */
  why: string;
  /** What to write instead. */
  instead: string;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}

function finding(text: string, kind: FindingKind, start: number, found: string, why: string, instead: string): Finding {
  return { kind, text: found, start, end: start + found.length, ...position(text, start), why, instead };
}

/** Every likely identifier in `text`, in the order they appear. */
export function findIdentifiers(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const match of text.matchAll(/[^\s@]+@[^\s@]+\.[^\s@]+/g)) {
    findings.push(finding(text, 'email', match.index, match[0], 'An email address identifies the person.', 'Leave it out.'));
  }
  for (const match of text.matchAll(/\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b/g)) {
    if (isNhsNumber(match[0].replace(/[\s-]/g, ''))) {
      findings.push(finding(text, 'nhs-number', match.index, match[0], 'An NHS number identifies the person.', 'Leave it out.'));
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}
