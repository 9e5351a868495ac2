/**
 * The checks shown beside each section while a lead prepares a pack: jargon (advice) and what
 * must not reach the co-production group (which stops the pack being shared). Pure.
 */
import { findJargon, type JargonFinding } from './plain-english.js';
import { isExplainable } from '../stories/findings.js';
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

type StoryWords = { title: string; whatMattered: string; whatWeDid: string; differenceItMade: string; oldWay: string };

/** A story's words as the group reads them: its title and its four parts. */
export function storyShownText(story: StoryWords): string {
  return [story.title, story.whatMattered, story.whatWeDid, story.differenceItMade, story.oldWay].filter(Boolean).join('\n');
}

/**
 * Every privacy finding in what a pack shows the group: each section's words and the words of each
 * story it shows, with the section (and story) they are in.
 */
export function packPrivacyProblems(
  sections: readonly { title: string; vision: string; body: string; stories?: readonly StoryWords[] }[],
  context: PrivacyContext,
): { section: string; finding: PrivacyFinding }[] {
  return sections.flatMap((section) => [
    ...findPrivacyProblems(shownText(section), context).map((finding) => ({ section: section.title, finding })),
    ...(section.stories ?? []).flatMap((story) =>
      // A possible name, age or date in an approved story was judged by its reviewer; the rest never is fine.
      findPrivacyProblems(storyShownText(story), { ...context, skipJudgements: isExplainable }).map((finding) => ({
        section: `${section.title}: the story “${story.title}”`,
        finding,
      })),
    ),
  ]);
}
