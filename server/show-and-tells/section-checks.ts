/**
 * The checks shown beside each section while a lead prepares a pack: jargon (advice) and what
 * must not reach the co-production group (which stops the pack being shared). Pure.
 */
import { findJargon, type JargonFinding } from './plain-english.js';
import { findPrivacyProblems, type PrivacyContext, type PrivacyFinding } from './privacy-check.js';

export interface SectionChecks {
  jargon: JargonFinding[];
  privacy: PrivacyFinding[];
}

/** The words a public audience reads: the heading, the vision and the text, each on its own line. */
function shownText(section: { title: string; vision: string; body: string }): string {
  return [section.title, section.vision, section.body].filter(Boolean).join('\n');
}

export function checkSection(section: { title: string; vision: string; body: string }, context: PrivacyContext): SectionChecks {
  const text = shownText(section);
  return { jargon: findJargon(text), privacy: findPrivacyProblems(text, context) };
}

/** Every privacy finding in a pack, with the section it is in. */
export function sharingProblems(sections: readonly { title: string; vision: string; body: string }[], context: PrivacyContext): { section: string; finding: PrivacyFinding }[] {
  return sections.flatMap((section) => findPrivacyProblems(shownText(section), context).map((finding) => ({ section: section.title, finding })));
}
