/** What the story pages show of the identifier check: the text with findings marked, and each finding numbered. */
import { escapeHtml } from '../http/html.js';
import {
  CHECKED_FIELDS,
  checkStory,
  distinctFindings,
  findingNumbers,
  isExplainable,
  segments,
  summarise,
  type CheckedField,
  type CheckSummary,
  type FieldCheck,
  type StoryFinding,
  type StoryText,
} from './findings.js';
import type { FindingExplanation } from '../db/schema.js';

export interface CheckView {
  checks: FieldCheck[];
  summary: CheckSummary;
  /** Each distinct finding once, numbered in the order the story reads. */
  findings: (StoryFinding & { number: number; snippet: string; explainable: boolean })[];
  /** Each field's text as HTML, findings in <mark> with their number beside them. */
  marked: Record<CheckedField, string>;
}

/**
 * The mark is not colour alone: it has a heavy underline, and the finding's number beside it
 * links to why it matters. Everything the writer typed is escaped.
 */
export function markedHtml(
  text: string,
  findings: readonly StoryFinding[],
  numbers: ReadonlyMap<string, number>,
  options: { links?: boolean } = { links: true },
): string {
  return segments(text, findings, numbers)
    .map((piece) => {
      if (!('finding' in piece)) return escapeHtml(piece.text);
      const label = `finding ${piece.number}`;
      const reference =
        options.links === false
          ? `<span class="app-finding__number">[${label}]</span>`
          : `<a class="govuk-link app-finding__number" href="#finding-${piece.number}">[${label}]</a>`;
      return `<mark class="app-finding">${escapeHtml(piece.text)}</mark> ${reference}`;
    })
    .join('');
}

const CONTEXT = 40;

/** A few words either side of a finding, so the list beside the form shows where it is. */
function snippetHtml(text: string, finding: StoryFinding): string {
  const from = Math.max(0, finding.start - CONTEXT);
  const to = Math.min(text.length, finding.end + CONTEXT);
  const before = `${from > 0 ? '…' : ''}${text.slice(from, finding.start)}`;
  const after = `${text.slice(finding.end, to)}${to < text.length ? '…' : ''}`;
  return `${escapeHtml(before)}<mark class="app-finding">${escapeHtml(finding.text)}</mark>${escapeHtml(after)}`;
}

export function checkView(text: StoryText, explanations: readonly FindingExplanation[], options: { links?: boolean } = {}): CheckView {
  const checks = checkStory(text, explanations);
  const numbers = findingNumbers(checks);
  const all = checks.flatMap((check) => check.findings);
  return {
    checks,
    summary: summarise(checks),
    findings: distinctFindings(all).map((finding) => ({
      ...finding,
      number: numbers.get(finding.key) ?? 0,
      snippet: snippetHtml(text[finding.field], finding),
      explainable: isExplainable(finding.kind),
    })),
    marked: Object.fromEntries(
      CHECKED_FIELDS.map((field) => [
        field,
        markedHtml(text[field], checks.find((check) => check.field === field)?.findings ?? [], numbers, options),
      ]),
    ) as Record<CheckedField, string>,
  };
}
