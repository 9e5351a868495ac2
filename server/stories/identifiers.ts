/**
 * The identifier check for stories of difference (issue 6): finds what could let a "motivated
 * intruder" recognise the person, says why it matters and what to write instead. Pure: no I/O
 * beyond reading the shipped word lists once. Every pattern is linear in the text (bounded
 * repeats, no nested ambiguity), so a long document is checked in one quick pass.
 */
import { findAgesAndBirthDates } from './identifier-dates.js';
import { findNames } from './identifier-names.js';
import { findContactDetails } from './identifier-patterns.js';

export const FINDING_KINDS = ['name', 'age', 'date-of-birth', 'postcode', 'address', 'phone', 'email', 'nhs-number', 'case-id'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** What each kind is called on the page and in the command line's summary. */
export const FINDING_KIND_NAMES: Record<FindingKind, string> = {
  name: 'Name',
  age: 'Exact age of 90 or over',
  'date-of-birth': 'Date of birth',
  postcode: 'Postcode',
  address: 'Street address',
  phone: 'Phone number',
  email: 'Email address',
  'nhs-number': 'NHS number',
  'case-id': 'Case number',
};

export interface Finding {
  kind: FindingKind;
  /** The text found, exactly as written. */
  text: string;
  /** Offsets into the checked text, in UTF-16 code units (as String.prototype.slice counts). */
  start: number;
  end: number;
  /** 1-based line and column (columns count characters as people see them, so an emoji is one). */
  line: number;
  column: number;
  /** Why it matters, in plain English. */
  why: string;
  /** What to write instead. */
  instead: string;
}

/** A finding before its text and position are filled in. */
export type Candidate = Pick<Finding, 'kind' | 'start' | 'end' | 'why' | 'instead'>;

// When two findings overlap, the more certain kind wins ("07700 900123" is a phone, not a case id).
const PRIORITY: FindingKind[] = ['email', 'phone', 'nhs-number', 'postcode', 'date-of-birth', 'age', 'address', 'case-id', 'name'];

function withoutOverlaps(candidates: Candidate[], length: number): Candidate[] {
  const ranked = [...candidates].sort(
    (a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken = new Uint8Array(length);
  const kept: Candidate[] = [];
  for (const candidate of ranked) {
    if (candidate.end <= candidate.start || taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose: all of Latin and its marks
const SIMPLE = /^[\u0000-\u02ff]*$/;

function characters(text: string): number {
  if (SIMPLE.test(text)) return text.length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
}

const LINE_BREAK = /\r\n|\n|\r|\u2028|\u2029/g;

function nextBreak(text: string, from: number): { index: number; after: number } | undefined {
  LINE_BREAK.lastIndex = from;
  const match = LINE_BREAK.exec(text);
  return match ? { index: match.index, after: match.index + match[0].length } : undefined;
}

/** Fills in line and column for findings in order, in one pass over the text. */
function positioned(text: string, candidates: Candidate[]): Finding[] {
  let line = 1;
  let column = 1;
  let counted = 0;
  let next = nextBreak(text, 0);
  return candidates.map((candidate) => {
    while (next && next.index < candidate.start) {
      line += 1;
      column = 1;
      counted = next.after;
      next = nextBreak(text, next.after);
    }
    column += characters(text.slice(counted, candidate.start));
    counted = candidate.start;
    return { ...candidate, text: text.slice(candidate.start, candidate.end), line, column };
  });
}

/** Every likely identifier in `text`, in the order they appear, none overlapping. */
export function findIdentifiers(text: string): Finding[] {
  const candidates = [...findContactDetails(text), ...findAgesAndBirthDates(text), ...findNames(text)];
  return positioned(text, withoutOverlaps(candidates, text.length));
}
