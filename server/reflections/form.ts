import { createHash } from 'node:crypto';
import { addDays, formatDate, isoWeekday, type IsoDate } from '../calendar/fortnights.js';
import type { Reflection, Site } from '../db/schema.js';
import {
  characterCount,
  dateInputValue,
  FormErrorsBuilder,
  parseDateInput,
  text,
  type Body,
  type DateInputValue,
  type FormErrors,
} from '../http/forms.js';

export const TEXT_MAX = 5000;
export const WORD_MAX = 30;
export const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * The reflection's written prompts. They are sent in one form, but each part is saved on its own:
 * only the parts this person changed are written, each against its own version. Empty is fine:
 * a reflection is a draft until the team is done.
 */
export interface TextAnswers {
  wentWell: string;
  thanks: string;
  learned: string;
  storyIdeas: string;
}

export const TEXT_LABELS: Record<keyof TextAnswers, string> = {
  wentWell: 'What went well',
  thanks: 'Thanks',
  learned: 'What we learned',
  storyIdeas: 'Stories of difference worth capturing',
};

export type Part = keyof TextAnswers;
export const PARTS = Object.keys(TEXT_LABELS) as Part[];

export const PART_VERSION_COLUMN = {
  wentWell: 'wentWellVersion',
  thanks: 'thanksVersion',
  learned: 'learnedVersion',
  storyIdeas: 'storyIdeasVersion',
} as const satisfies Record<Part, keyof Reflection>;

export function textAnswersFrom(reflection: Reflection): TextAnswers {
  return { wentWell: reflection.wentWell, thanks: reflection.thanks, learned: reflection.learned, storyIdeas: reflection.storyIdeas };
}

/**
 * What a person's form says about each part as it was shown to them: its version, and a
 * fingerprint of its text, so that a part they left alone is never written back (and never
 * clashes with someone else's newer save of it).
 */
export type PartsAsRead = Record<Part, { version: number | undefined; read: string }>;

/** A short fingerprint of a prompt's text, as the form will send it back. Not a secret. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

export function partsAsReadFrom(reflection: Reflection): PartsAsRead {
  const parts = {} as PartsAsRead;
  for (const part of PARTS) parts[part] = { version: reflection[PART_VERSION_COLUMN[part]], read: fingerprint(reflection[part]) };
  return parts;
}

export function readPartsAsRead(body: Body | undefined): PartsAsRead {
  const parts = {} as PartsAsRead;
  for (const part of PARTS) {
    const version = text(body, `${part}-version`);
    parts[part] = { version: /^[1-9]\d{0,8}$/.test(version) ? Number(version) : undefined, read: text(body, `${part}-read`) };
  }
  return parts;
}

/** The parts whose text differs from what the form showed: the only ones this person wrote. */
export function editedParts(answers: TextAnswers, asRead: PartsAsRead): Part[] {
  return PARTS.filter((part) => fingerprint(answers[part]) !== asRead[part].read);
}

/**
 * Both people's words in one box, theirs first, for a part two people changed at once: saving
 * it keeps both, and only the person's own editing can take either out.
 */
export function bothKept(theirs: string, yours: string): string {
  if (!theirs) return yours;
  if (!yours) return theirs;
  return `${theirs}\n\n${yours}`;
}

export function readTextAnswers(body: Body | undefined): TextAnswers {
  const read = (name: string) => text(body, name, { multiline: true });
  return { wentWell: read('wentWell'), thanks: read('thanks'), learned: read('learned'), storyIdeas: read('storyIdeas') };
}

export function validateText(answers: TextAnswers): FormErrors | undefined {
  const errors = new FormErrorsBuilder();
  for (const field of Object.keys(TEXT_LABELS) as (keyof TextAnswers)[]) {
    if (characterCount(answers[field]) > TEXT_MAX)
      errors.add(field, `${TEXT_LABELS[field]} must be ${TEXT_MAX.toLocaleString('en-GB')} characters or fewer`);
  }
  return errors.result();
}

/** Story ideas are kept as one a line; shown as a list. */
export function storyLines(storyIdeas: string): string[] {
  return storyIdeas
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

export interface WellbeingAnswers {
  score: string;
  word: string;
}

export function readWellbeingAnswers(body: Body | undefined): WellbeingAnswers {
  return { score: text(body, 'score'), word: text(body, 'word') };
}

export function validateWellbeing(answers: WellbeingAnswers): { fields?: { score: number; word: string }; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  if (!answers.score) errors.add('score', 'Select how you are feeling, from 1 to 5');
  else if (!/^[1-5]$/.test(answers.score)) errors.add('score', 'Select a score from 1 to 5');
  if (characterCount(answers.word) > WORD_MAX) errors.add('word', `Your word must be ${WORD_MAX} characters or fewer`);
  if (errors.any) return { errors: errors.result() };
  return { fields: { score: Number(answers.score), word: answers.word } };
}

/** The Monday that starts the ISO week of a date. */
export function weekStartOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * This week's reflection is held on the site's reflection day, or today when that day has
 * already gone by (the team is holding it late).
 */
export function heldOnThisWeek(site: Pick<Site, 'reflectionDay'>, today: IsoDate): IsoDate {
  const reflectionDay = addDays(weekStartOf(today), site.reflectionDay - 1);
  return reflectionDay >= today ? reflectionDay : today;
}

export interface WeekAnswers {
  held: DateInputValue;
}

export function readWeekAnswers(body: Body | undefined): WeekAnswers {
  return { held: dateInputValue(body, 'held') };
}

/** An earlier week's reflection, named by the day it was held: not in the future, not before the site's first fortnight. */
export function validateWeek(
  answers: WeekAnswers,
  site: Pick<Site, 'firstFortnightStart'>,
  today: IsoDate,
): { heldOn?: IsoDate; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const heldOn = parseDateInput(answers.held, 'Date the reflection was held', errors, 'held');
  if (heldOn && heldOn > today) {
    errors.add(
      'held',
      `The date the reflection was held must be today (${formatDate(today)}) or earlier. A week still to come has no reflection yet`,
      'held-day',
    );
  } else if (heldOn && heldOn < site.firstFortnightStart) {
    errors.add(
      'held',
      `The date the reflection was held must be on or after ${formatDate(site.firstFortnightStart)}, when the site’s first fortnight started`,
      'held-day',
    );
  }
  if (errors.any) return { errors: errors.result() };
  return { heldOn };
}
