/**
 * The sections of a huddle board, in the order the team talks through them. The board, its
 * numbered headings, the parts of the board query each section reads after a change to it, and
 * the tests are all built from this list: a new section is one entry here, one partial
 * (views/huddles/_<id>.ejs, which takes its heading from sectionHeading) and its use cases.
 */
export type BoardPart = 'team' | 'guests' | 'openActions' | 'contacts' | 'people' | 'items' | 'openItems' | 'agreedActions';

/**
 * `forms`: the names of the section's forms (a name may carry a suffix, as `review-12` for one
 * action's review). A form refused with its errors is shown in its own section (`refuse` only
 * takes a form of the section it names), and the section's error summary lists that form's.
 */
export const HUDDLE_SECTIONS = [
  { id: 'open-actions', title: 'Open actions', parts: ['openActions'], forms: ['review-'] },
  { id: 'attendance', title: 'Who’s here', parts: ['team', 'guests'], forms: ['attendance', 'guest'] },
  { id: 'contacts', title: 'New contacts since the last huddle', parts: ['team', 'contacts'], forms: ['contact'] },
  { id: 'people', title: 'People to talk about', parts: ['team', 'people'], forms: ['person'] },
  { id: 'getting-in-the-way', title: 'What is getting in the way', parts: ['team', 'items', 'openItems'], forms: ['item', 'mention'] },
  { id: 'agreed-actions', title: 'Actions agreed', parts: ['team', 'agreedActions'], forms: ['action'] },
] as const satisfies readonly { id: string; title: string; parts: readonly BoardPart[]; forms: readonly string[] }[];

export type Section = (typeof HUDDLE_SECTIONS)[number]['id'];

/** A form of section `S`: one of its names, with any suffix. */
export type FormOf<S extends Section> = `${Extract<(typeof HUDDLE_SECTIONS)[number], { id: S }>['forms'][number]}${string}`;

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

/** The names the section's forms start with, for its error summary. */
export function formsOf(id: Section): readonly string[] {
  return sectionOf(id).forms;
}

/** "1. Open actions": the section's heading, numbered by its place on the board. */
export function sectionHeading(id: Section): string {
  return `${SECTIONS.indexOf(id) + 1}. ${sectionOf(id).title}`;
}

/** The board's sections as its template includes them. */
export const BOARD_SECTIONS = HUDDLE_SECTIONS.map((section) => ({ id: section.id, partial: `/huddles/_${section.id}` }));
