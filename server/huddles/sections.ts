/**
 * The sections of a huddle board, in the order the team talks through them. The board, its
 * numbered headings, the parts of the board query each section reads after a change to it, and
 * the tests are all built from this list: a new section is one entry here, one partial
 * (views/huddles/_<id>.ejs, which takes its heading from sectionHeading) and its use cases.
 */
export type BoardPart = 'team' | 'guests' | 'openActions' | 'contacts' | 'people' | 'items' | 'openItems' | 'agreedActions';

export const HUDDLE_SECTIONS = [
  { id: 'open-actions', title: 'Open actions', parts: ['openActions'] },
  { id: 'attendance', title: 'Who’s here', parts: ['team', 'guests'] },
  { id: 'contacts', title: 'New contacts since the last huddle', parts: ['team', 'contacts'] },
  { id: 'people', title: 'People to talk about', parts: ['team', 'people'] },
  { id: 'getting-in-the-way', title: 'What is getting in the way', parts: ['team', 'items', 'openItems'] },
  { id: 'agreed-actions', title: 'Actions agreed', parts: ['team', 'agreedActions'] },
] as const satisfies readonly { id: string; title: string; parts: readonly BoardPart[] }[];

export type Section = (typeof HUDDLE_SECTIONS)[number]['id'];

export const SECTIONS: readonly Section[] = HUDDLE_SECTIONS.map((section) => section.id);

/** Every part of the board query, as the full board reads them. */
export const ALL_PARTS: readonly BoardPart[] = [...new Set(HUDDLE_SECTIONS.flatMap((section) => section.parts))];

export function partsOf(id: Section): readonly BoardPart[] {
  return sectionOf(id).parts;
}

function sectionOf(id: Section) {
  const section = HUDDLE_SECTIONS.find((candidate) => candidate.id === id);
  if (!section) throw new Error(`No huddle section ${id}`);
  return section;
}

/** "1. Open actions": the section's heading, numbered by its place on the board. */
export function sectionHeading(id: Section): string {
  return `${SECTIONS.indexOf(id) + 1}. ${sectionOf(id).title}`;
}

/** The board's sections as its template includes them. */
export const BOARD_SECTIONS = HUDDLE_SECTIONS.map((section) => ({ id: section.id, partial: `/huddles/_${section.id}` }));
