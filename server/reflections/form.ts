import { addDays, formatDate, isoWeekday, type IsoDate } from '../calendar/fortnights.js';
import type { Reflection, Site } from '../db/schema.js';
import { characterCount, dateInputValue, FormErrorsBuilder, parseDateInput, text, type Body, type DateInputValue, type FormErrors } from '../http/forms.js';

export const TEXT_MAX = 5000;
export const WORD_MAX = 30;
export const SCORES = [1, 2, 3, 4, 5] as const;

/** The reflection's written prompts, saved together. Empty is fine: a reflection is a draft until the team is done. */
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

export function textAnswersFrom(reflection: Reflection): TextAnswers {
  return { wentWell: reflection.wentWell, thanks: reflection.thanks, learned: reflection.learned, storyIdeas: reflection.storyIdeas };
}

export function readTextAnswers(body: Body | undefined): TextAnswers {
  const read = (name: string) => text(body, name, { multiline: true });
  return { wentWell: read('wentWell'), thanks: read('thanks'), learned: read('learned'), storyIdeas: read('storyIdeas') };
}

export function validateText(answers: TextAnswers): FormErrors | undefined {
  const errors = new FormErrorsBuilder();
  for (const field of Object.keys(TEXT_LABELS) as (keyof TextAnswers)[]) {
    if (characterCount(answers[field]) > TEXT_MAX) errors.add(field, `${TEXT_LABELS[field]} must be ${TEXT_MAX.toLocaleString('en-GB')} characters or fewer`);
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
export function validateWeek(answers: WeekAnswers, site: Pick<Site, 'firstFortnightStart'>, today: IsoDate): { heldOn?: IsoDate; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const heldOn = parseDateInput(answers.held, 'Date the reflection was held', errors, 'held');
  if (heldOn && heldOn > today) {
    errors.add('held', `The date the reflection was held must be today (${formatDate(today)}) or earlier. A week still to come has no reflection yet`, 'held-day');
  } else if (heldOn && heldOn < site.firstFortnightStart) {
    errors.add('held', `The date the reflection was held must be on or after ${formatDate(site.firstFortnightStart)}, when the site’s first fortnight started`, 'held-day');
  }
  if (errors.any) return { errors: errors.result() };
  return { heldOn };
}
