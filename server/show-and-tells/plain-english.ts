/**
 * The plain-English check for anything shown to a public audience (DOMAIN.md, "Principles"):
 * finds the jargon listed in jargon.json, each with what to say instead. Pure: no I/O.
 */
import jargonFile from './jargon.json' with { type: 'json' };

export interface JargonTerm {
  term: string;
  instead: string;
}

export interface JargonFinding {
  /** The term as listed. */
  term: string;
  /** The first place it appears, exactly as written there. */
  found: string;
  instead: string;
  /** Offset of the first appearance, in UTF-16 code units. */
  index: number;
  /** How many times it appears. */
  count: number;
}

export const JARGON: readonly JargonTerm[] = jargonFile.terms;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A term matches as a whole word or phrase in any case; a space in a term matches any run of
 * spaces or a line break, and a hyphen matches a hyphen, a space or nothing ("hand-off",
 * "hand off", "handoff").
 */
function patternFor(term: string): RegExp {
  const body = term
    .trim()
    .split(/(\s+|-)/)
    .map((part) => (part === '-' ? '[-\\s]?' : /^\s+$/.test(part) ? '\\s+' : escapeRegExp(part)))
    .join('');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

const compiled = new WeakMap<readonly JargonTerm[], { term: JargonTerm; pattern: RegExp }[]>();

function patternsOf(terms: readonly JargonTerm[]) {
  let patterns = compiled.get(terms);
  if (!patterns) compiled.set(terms, (patterns = terms.map((term) => ({ term, pattern: patternFor(term.term) }))));
  return patterns;
}

/**
 * The jargon in `text`, each term once (with how often it appears), in the order the terms
 * first appear. Where one listed term lies inside another that also matched ("conversation 1"
 * and "C1" cannot, but "hand-off" and "hand-offs" could), only the longer is reported.
 */
export function findJargon(text: string, terms: readonly JargonTerm[] = JARGON): JargonFinding[] {
  const findings: (JargonFinding & { end: number })[] = [];
  for (const { term, pattern } of patternsOf(terms)) {
    pattern.lastIndex = 0;
    const matches = [...text.matchAll(pattern)];
    if (matches.length === 0) continue;
    const first = matches[0];
    findings.push({
      term: term.term,
      found: first[0],
      instead: term.instead,
      index: first.index,
      end: first.index + first[0].length,
      count: matches.length,
    });
  }
  const kept = findings.filter(
    (finding) =>
      !findings.some(
        (other) =>
          other !== finding &&
          other.index <= finding.index &&
          other.end >= finding.end &&
          other.end - other.index > finding.end - finding.index,
      ),
  );
  return kept.sort((a, b) => a.index - b.index).map(({ end, ...finding }) => finding);
}
