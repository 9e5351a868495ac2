import { GOAL_MET, type GoalMet, type SectionKind } from '../db/schema.js';
import { characterCount, FormErrorsBuilder, list, text, type Body, type FormErrors } from '../http/forms.js';
import { MEASURES } from '../measures/definitions.js';
import type { SectionFields } from './queries.js';

export const TITLE_MAX = 120;
export const BODY_MAX = 4000;
export const VISION_MAX = 1000;
export const MEASURES_MAX = 6;
export const STORIES_MAX = 4;
export const ATTENDANCE_MAX = 999;

export const GOAL_MET_NAMES: Record<GoalMet, string> = { yes: 'Yes, we met it', partly: 'We partly met it', no: 'No, not this time' };

/** What each kind of section holds besides its title and text. */
export function sectionHas(kind: SectionKind): { vision: boolean; goalMet: boolean; charts: boolean } {
  return { vision: kind === 'welcome', goalMet: kind === 'what-we-did', charts: kind === 'what-we-learned' || kind === 'free-text' };
}

export interface SectionAnswers {
  title: string;
  body: string;
  vision: string;
  goalMet: string;
  measures: string[];
  storyIds: string[];
}

export function sectionAnswersFrom(section: SectionFields): SectionAnswers {
  return {
    title: section.title,
    body: section.body,
    vision: section.vision,
    goalMet: section.goalMet ?? '',
    measures: [...section.measures],
    storyIds: section.storyIds.map(String),
  };
}

export function blankSectionAnswers(): SectionAnswers {
  return { title: '', body: '', vision: '', goalMet: '', measures: [], storyIds: [] };
}

export function readSectionAnswers(body: Body | undefined): SectionAnswers {
  return {
    title: text(body, 'title'),
    body: text(body, 'body', { multiline: true }),
    vision: text(body, 'vision', { multiline: true }),
    goalMet: text(body, 'goalMet'),
    measures: list(body, 'measures'),
    storyIds: list(body, 'storyIds'),
  };
}

function checkLength(value: string, max: number, label: string, errors: FormErrorsBuilder, field: string): void {
  if (characterCount(value) > max) errors.add(field, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
}

/**
 * `offeredStoryIds` are the stories that may be shown at a show-and-tell today: a story chosen
 * earlier and withdrawn since may be kept (it will not be shown), but none may be newly chosen.
 */
export function validateSection(
  answers: SectionAnswers,
  context: { kind: SectionKind; offeredStoryIds: ReadonlySet<number>; alreadyChosen?: readonly number[] },
): { fields?: SectionFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const has = sectionHas(context.kind);
  if (!answers.title) errors.add('title', 'Enter a heading for the section');
  checkLength(answers.title, TITLE_MAX, 'Heading', errors, 'title');
  checkLength(answers.body, BODY_MAX, 'Text', errors, 'body');
  if (has.vision) checkLength(answers.vision, VISION_MAX, 'Vision', errors, 'vision');
  const goalMet = GOAL_MET.find((value) => value === answers.goalMet) ?? null;
  if (has.goalMet && answers.goalMet && !goalMet) errors.add('goalMet', 'Select whether the goal was met', 'goalMet');
  const measures = [...new Set(answers.measures)];
  if (has.charts && measures.some((name) => !MEASURES.some((measure) => measure.name === name)))
    errors.add('measures', 'Select measures from the list', 'measures');
  if (has.charts && measures.length > MEASURES_MAX) errors.add('measures', `Select ${MEASURES_MAX} measures or fewer`, 'measures');
  const storyIds = [...new Set(answers.storyIds)].map((id) => (/^[1-9]\d{0,9}$/.test(id) ? Number(id) : NaN));
  const newlyChosen = storyIds.filter((id) => !(context.alreadyChosen ?? []).includes(id));
  if (has.charts && newlyChosen.some((id) => !context.offeredStoryIds.has(id))) {
    errors.add(
      'storyIds',
      'Select only stories that may be shown at a show-and-tell today: approved, with consent that covers show-and-tells',
      'storyIds',
    );
  }
  if (has.charts && storyIds.length > STORIES_MAX) errors.add('storyIds', `Select ${STORIES_MAX} stories or fewer`, 'storyIds');
  if (errors.any) return { errors: errors.result() };
  return {
    fields: {
      title: answers.title,
      body: answers.body,
      vision: has.vision ? answers.vision : '',
      goalMet: has.goalMet ? goalMet : null,
      measures: has.charts ? measures : [],
      storyIds: has.charts ? storyIds : [],
    },
  };
}

export const ATTENDANCE_KINDS = [
  { field: 'attendanceTeam', label: 'From the team' },
  { field: 'attendanceManagers', label: 'Managers and directors' },
  { field: 'attendancePartners', label: 'Partners, such as health, housing and community groups' },
  { field: 'attendanceExperts', label: 'Experts by experience' },
] as const;

export type AttendanceAnswers = Record<(typeof ATTENDANCE_KINDS)[number]['field'], string>;

export function readAttendanceAnswers(body: Body | undefined): AttendanceAnswers {
  return Object.fromEntries(ATTENDANCE_KINDS.map(({ field }) => [field, text(body, field)])) as AttendanceAnswers;
}

export function validateAttendance(answers: AttendanceAnswers): {
  fields?: Record<keyof AttendanceAnswers, number | null>;
  errors?: FormErrors;
} {
  const errors = new FormErrorsBuilder();
  const fields = {} as Record<keyof AttendanceAnswers, number | null>;
  for (const { field, label } of ATTENDANCE_KINDS) {
    const value = answers[field];
    const name = label.split(',')[0];
    if (value === '') fields[field] = null;
    else if (!/^\d{1,3}$/.test(value)) errors.add(field, `${name}: enter a whole number, like 6, or leave it empty`);
    else fields[field] = Number(value);
  }
  if (errors.any) return { errors: errors.result() };
  return { fields };
}
