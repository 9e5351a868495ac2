/**
 * What must not reach the co-production group (DOMAIN.md, "Stories of difference" and the
 * expert by experience's row of "The people"): person references, workers' names and anything
 * the stories' identifier check finds. A pack with any of these cannot be shared with the group.
 * Pure: no I/O.
 */
import { findIdentifiers } from '../stories/identifiers.js';

export interface PrivacyFinding {
  kind: 'person-reference' | 'worker-name' | 'identifier';
  /** For an identifier, which kind the stories' check found (a name, an NHS number...). */
  identifierKind?: string;
  text: string;
  why: string;
  instead: string;
  index: number;
}

// Codes such as HX-0417, C-1043 or NG12345, and long case numbers: what person references look like.
const REFERENCE = /(?<![\p{L}\p{N}])(\p{Lu}{1,4}[-/ ]?\d{3,}|\d{6,})(?![\p{L}\p{N}])/gu;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Full names, and each part of three letters or more, as whole capitalised words. */
function namePatterns(workerNames: readonly string[]): RegExp[] {
  const parts = new Set<string>();
  for (const name of workerNames) {
    const trimmed = name.trim();
    if (!trimmed) continue;
    parts.add(trimmed);
    for (const part of trimmed.split(/\s+/)) if ([...part].length >= 3 && /^\p{Lu}/u.test(part)) parts.add(part);
  }
  return [...parts]
    .sort((a, b) => b.length - a.length)
    .map((part) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`, 'gu'));
}

/** Who works at the site (their names must not be shown), and the site's own name (which may be). */
export interface PrivacyContext {
  workerNames: readonly string[];
  siteName?: string;
  /** Leave out what a reviewer has judged (a possible name, an age, a date): for approved stories. */
  skipJudgements?: (identifierKind: string) => boolean;
}

export function findPrivacyProblems(text: string, context: PrivacyContext): PrivacyFinding[] {
  // The identifier check takes any unusual capitalised word for a name; the team's own name is not one.
  const siteWords = new Set((context.siteName ?? '').split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean));
  const findings: PrivacyFinding[] = [];
  const taken: [number, number][] = [];
  const add = (finding: PrivacyFinding) => {
    const end = finding.index + finding.text.length;
    if (taken.some(([start, stop]) => finding.index < stop && end > start)) return;
    taken.push([finding.index, end]);
    findings.push(finding);
  };
  for (const identifier of findIdentifiers(text)) {
    if (identifier.kind === 'name' && identifier.text.split(/\s+/).every((word) => siteWords.has(word))) continue;
    if (context.skipJudgements?.(identifier.kind)) continue;
    add({
      kind: 'identifier',
      identifierKind: identifier.kind,
      text: identifier.text,
      why: identifier.why,
      instead: identifier.instead,
      index: identifier.start,
    });
  }
  for (const pattern of namePatterns(context.workerNames)) {
    for (const match of text.matchAll(pattern)) {
      add({
        kind: 'worker-name',
        text: match[0],
        why: 'The group must not see the names of the workers.',
        instead: 'Say “the team” or the worker’s role, like “a social worker”.',
        index: match.index,
      });
    }
  }
  for (const match of text.matchAll(REFERENCE)) {
    add({
      kind: 'person-reference',
      text: match[0],
      why: 'This looks like a person reference, which could identify someone.',
      instead: 'Leave it out, or say “a person we worked with”.',
      index: match.index,
    });
  }
  return findings.sort((a, b) => a.index - b.index);
}
