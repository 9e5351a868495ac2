import { addDays, type IsoDate } from '../calendar/fortnights.js';
import {
  characterCount,
  dateInputFromIso,
  dateInputValue,
  FormErrorsBuilder,
  list,
  parseDateInput,
  text,
  type Body,
  type DateInputValue,
  type FormErrors,
} from '../http/forms.js';
import type { Site } from '../db/schema.js';

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 1000;

export const WEEKDAYS = [
  { value: 1, text: 'Monday' },
  { value: 2, text: 'Tuesday' },
  { value: 3, text: 'Wednesday' },
  { value: 4, text: 'Thursday' },
  { value: 5, text: 'Friday' },
  { value: 6, text: 'Saturday' },
  { value: 7, text: 'Sunday' },
];

/** What the person typed, kept as typed so a form with errors shows it back. */
export interface SiteAnswers {
  name: string;
  teamDescription: string;
  goLive: DateInputValue;
  firstFortnight: DateInputValue;
  fortnightLengthDays: string;
  huddleDays: string[];
  huddleTime: string;
  reflectionDay: string;
  minContacts: string;
  outcomeDays: string;
}

export interface SiteFields {
  name: string;
  teamDescription: string;
  goLiveDate: IsoDate;
  firstFortnightStart: IsoDate;
  fortnightLengthDays: number;
  huddleDays: number[];
  huddleTime: string;
  /** ISO weekday of the weekly reflection. */
  reflectionDay: number;
  minContacts: number;
  outcomeDays: number;
}

/** What a site has unless it is told otherwise: the columns' defaults, for sites made in code (the demo, tests). */
export const SITE_DEFAULTS: Omit<SiteFields, 'name' | 'teamDescription' | 'goLiveDate' | 'firstFortnightStart'> = Object.freeze({
  fortnightLengthDays: 14,
  huddleDays: [1, 2, 3, 4, 5],
  huddleTime: '09:30',
  reflectionDay: 5,
  minContacts: 5,
  outcomeDays: 90,
});

export function blankSiteAnswers(): SiteAnswers {
  return {
    name: '',
    teamDescription: '',
    goLive: dateInputFromIso(undefined),
    firstFortnight: dateInputFromIso(undefined),
    fortnightLengthDays: '14',
    huddleDays: ['1', '2', '3', '4', '5'],
    huddleTime: '09:30',
    reflectionDay: '5',
    minContacts: '5',
    outcomeDays: '90',
  };
}

export function siteAnswersFrom(site: Site): SiteAnswers {
  return {
    name: site.name,
    teamDescription: site.teamDescription,
    goLive: dateInputFromIso(site.goLiveDate),
    firstFortnight: dateInputFromIso(site.firstFortnightStart),
    fortnightLengthDays: String(site.fortnightLengthDays),
    huddleDays: site.huddleDays.map(String),
    huddleTime: site.huddleTime,
    reflectionDay: String(site.reflectionDay),
    minContacts: String(site.minContacts),
    outcomeDays: String(site.outcomeDays),
  };
}

export function readSiteAnswers(body: Body | undefined): SiteAnswers {
  return {
    name: text(body, 'name'),
    teamDescription: text(body, 'teamDescription', { multiline: true }),
    goLive: dateInputValue(body, 'goLive'),
    firstFortnight: dateInputValue(body, 'firstFortnight'),
    fortnightLengthDays: text(body, 'fortnightLengthDays'),
    huddleDays: list(body, 'huddleDays'),
    huddleTime: text(body, 'huddleTime'),
    reflectionDay: text(body, 'reflectionDay'),
    // A form from before these fields existed (or a script) leaves them out: the defaults.
    minContacts: body?.minContacts === undefined ? '5' : text(body, 'minContacts'),
    outcomeDays: body?.outcomeDays === undefined ? '90' : text(body, 'outcomeDays'),
  };
}

/** Accepts 9:30, 09:30, 9.30 and 0930; gives HH:MM. */
export function parseHuddleTime(value: string): string | undefined {
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${match[2]}`;
}

export function validateSite(answers: SiteAnswers): { fields?: SiteFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();

  if (!answers.name) errors.add('name', 'Enter a name for the site');
  else if (characterCount(answers.name) > NAME_MAX) errors.add('name', `Site name must be ${NAME_MAX} characters or fewer`);

  if (characterCount(answers.teamDescription) > DESCRIPTION_MAX) {
    errors.add('teamDescription', `Team description must be ${DESCRIPTION_MAX} characters or fewer`);
  }

  const goLiveDate = parseDateInput(answers.goLive, 'Go-live date', errors, 'goLive');
  const firstFortnightStart = parseDateInput(answers.firstFortnight, 'First fortnight start date', errors, 'firstFortnight');
  if (goLiveDate && firstFortnightStart && firstFortnightStart > addDays(goLiveDate, 365)) {
    errors.add('firstFortnight', 'First fortnight must start no more than a year after the go-live date', 'firstFortnight-day');
  }

  let fortnightLengthDays = Number.NaN;
  if (!answers.fortnightLengthDays) errors.add('fortnightLengthDays', 'Enter how many days a fortnight lasts');
  else if (!/^\d{1,3}$/.test(answers.fortnightLengthDays))
    errors.add('fortnightLengthDays', 'Fortnight length must be a whole number of days, like 14');
  else {
    fortnightLengthDays = Number(answers.fortnightLengthDays);
    if (fortnightLengthDays < 5 || fortnightLengthDays > 28)
      errors.add('fortnightLengthDays', 'Fortnight length must be between 5 and 28 days');
  }

  const huddleDays = [...new Set(answers.huddleDays)].map(Number).sort();
  if (huddleDays.length === 0) errors.add('huddleDays', 'Select at least one huddle day');
  else if (huddleDays.some((day) => !Number.isInteger(day) || day < 1 || day > 7))
    errors.add('huddleDays', 'Select huddle days from the list');

  const huddleTime = parseHuddleTime(answers.huddleTime);
  if (!answers.huddleTime) errors.add('huddleTime', 'Enter the huddle time');
  else if (!huddleTime) errors.add('huddleTime', 'Huddle time must be a real time in 24-hour format, like 09:30');

  const reflectionDay = Number(answers.reflectionDay);
  if (!answers.reflectionDay) errors.add('reflectionDay', 'Select the weekly reflection day');
  else if (!/^[1-7]$/.test(answers.reflectionDay)) errors.add('reflectionDay', 'Select a weekly reflection day from the list');

  const minContacts = wholeNumber(answers.minContacts, errors, 'minContacts', {
    what: 'The fewest contacts behind a figure',
    min: 1,
    max: 1000,
    example: 5,
  });
  const outcomeDays = wholeNumber(answers.outcomeDays, errors, 'outcomeDays', {
    what: 'Days until an outcome is known',
    min: 1,
    max: 730,
    example: 90,
  });

  const problems = errors.result();
  if (problems || goLiveDate === undefined || firstFortnightStart === undefined || huddleTime === undefined) return { errors: problems };
  return {
    fields: {
      name: answers.name,
      teamDescription: answers.teamDescription,
      goLiveDate,
      firstFortnightStart,
      fortnightLengthDays,
      huddleDays,
      huddleTime,
      reflectionDay,
      minContacts,
      outcomeDays,
    },
  };
}

function wholeNumber(
  value: string,
  errors: FormErrorsBuilder,
  field: string,
  rule: { what: string; min: number; max: number; example: number },
): number {
  if (!value) errors.add(field, `Enter ${rule.what.charAt(0).toLowerCase()}${rule.what.slice(1)}, like ${rule.example}`);
  else if (!/^\d{1,4}$/.test(value)) errors.add(field, `${rule.what} must be a whole number, like ${rule.example}`);
  else if (Number(value) < rule.min || Number(value) > rule.max)
    errors.add(field, `${rule.what} must be between ${rule.min} and ${rule.max}`);
  return Number(value);
}
