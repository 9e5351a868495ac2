/**
 * The identifier check applied to a story: which of its fields hold findings, which findings the
 * writer has explained, the text cut into plain and marked pieces for the page, and whether the
 * story may go to review. Pure, no I/O; the check itself is identifiers.ts.
 */
import type { FindingExplanation } from '../db/schema.js';
import { FINDING_KIND_NAMES, findIdentifiers, type Finding } from './identifiers.js';

/** The fields the check reads, in the order the story tells them. */
export const CHECKED_FIELDS = ['title', 'whatMattered', 'whatWeDid', 'differenceItMade', 'oldWay'] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

export const FIELD_NAMES: Record<CheckedField, string> = {
  title: 'Title',
  whatMattered: 'What mattered to the person',
  whatWeDid: 'What we did',
  differenceItMade: 'What difference it made',
  oldWay: 'What the old way would have done',
};

/** How each kind of finding is named on the page: the check's own names. */
export const KIND_NAMES = FINDING_KIND_NAMES;

export const EXPLANATION_MAX = 500;

export type StoryText = Record<CheckedField, string>;

/** A finding in one field, with the writer's explanation when there is one. */
export interface StoryFinding extends Finding {
  field: CheckedField;
  /** The same finding keeps its key from one version to the next while its text is unchanged. */
  key: string;
  explanation: string;
}

export interface FieldCheck {
  field: CheckedField;
  findings: StoryFinding[];
}

export interface CheckSummary {
  total: number;
  unexplained: number;
  /** Findings that can never be explained away: contact details, NHS and case numbers, addresses. */
  mustGo: number;
  /** Clean (nothing found), every finding explained, or some not. */
  state: 'clean' | 'explained' | 'unexplained';
}

/**
 * What a writer may explain as fine: judgements the check cannot make alone (a word that may be a
 * name, an age, a date). Contact details, NHS and case numbers and street addresses are never
 * fine in a story, whatever the reason: they must be taken out, as in person references and
 * huddle notes.
 */
const EXPLAINABLE: ReadonlySet<string> = new Set(['name', 'age', 'date-of-birth']);

export function isExplainable(kind: string): boolean {
  return EXPLAINABLE.has(kind);
}

export function findingKey(field: string, kind: string, text: string): string {
  return `${field}|${kind}|${text}`;
}

/** Every finding in every field, each with its explanation from `explanations` (matched by key). */
export function checkStory(story: StoryText, explanations: readonly FindingExplanation[] = []): FieldCheck[] {
  const explained = new Map(explanations.map((entry) => [findingKey(entry.field, entry.kind, entry.text), entry.explanation]));
  return CHECKED_FIELDS.map((field) => ({
    field,
    findings: findIdentifiers(story[field]).map((finding) => {
      const key = findingKey(field, finding.kind, finding.text);
      // An explanation of what can never be fine (kept from before this rule) counts for nothing.
      return { ...finding, field, key, explanation: isExplainable(finding.kind) ? (explained.get(key) ?? '') : '' };
    }),
  }));
}

/** Counts distinct findings: the same words found twice in a field are one thing to change or explain. */
export function summarise(checks: readonly FieldCheck[]): CheckSummary {
  const findings = distinctFindings(checks.flatMap((check) => check.findings));
  const unexplained = findings.filter((finding) => !finding.explanation).length;
  const mustGo = findings.filter((finding) => !isExplainable(finding.kind)).length;
  return {
    total: findings.length,
    unexplained,
    mustGo,
    state: findings.length === 0 ? 'clean' : unexplained === 0 ? 'explained' : 'unexplained',
  };
}

/**
 * The explanations worth keeping with a new version: those the writer gave for findings the new
 * text still has. One per key: the same words found twice in a field share an explanation.
 */
export function keptExplanations(checks: readonly FieldCheck[], given: ReadonlyMap<string, string>): FindingExplanation[] {
  const kept = new Map<string, FindingExplanation>();
  for (const finding of checks.flatMap((check) => check.findings)) {
    const explanation = given.get(finding.key)?.trim();
    if (explanation && isExplainable(finding.kind) && !kept.has(finding.key))
      kept.set(finding.key, { field: finding.field, kind: finding.kind, text: finding.text, explanation });
  }
  return [...kept.values()];
}

/** One distinct finding per key, for a list the writer explains once each. */
export function distinctFindings(findings: readonly StoryFinding[]): StoryFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => !seen.has(finding.key) && seen.add(finding.key));
}

export type Segment = { text: string } | { text: string; finding: StoryFinding; number: number };

/**
 * The text cut into plain pieces and marked findings, for <mark>. `numbers` gives each key the
 * number it has in the list beside the text, so the mark can say which explanation is its.
 * A finding that overlaps an earlier one is left in the earlier one's mark.
 */
export function segments(text: string, findings: readonly StoryFinding[], numbers: ReadonlyMap<string, number>): Segment[] {
  const pieces: Segment[] = [];
  let at = 0;
  for (const finding of [...findings].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (finding.start < at) continue;
    if (finding.start > at) pieces.push({ text: text.slice(at, finding.start) });
    pieces.push({ text: text.slice(finding.start, finding.end), finding, number: numbers.get(finding.key) ?? 0 });
    at = finding.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** Numbers for the distinct findings of a whole story, 1 upwards in the order the story reads. */
export function findingNumbers(checks: readonly FieldCheck[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const finding of checks.flatMap((check) => check.findings))
    if (!numbers.has(finding.key)) numbers.set(finding.key, numbers.size + 1);
  return numbers;
}
