import { findIdentifiers } from './identifiers.js';
import { CONSENT_GIVERS, type ConsentGiver, type ConsentScope, type StoryConsent } from '../db/schema.js';
import { formatDate, type IsoDate } from '../calendar/fortnights.js';
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
import { defaultExpiry, normaliseScope } from './consent.js';

export const DECIDED_BY_MAX = 200;
export const TOLD_BY_MAX = 200;
/** The checkbox that says the story stays with the team: exclusive of the others. */
export const TEAM_ONLY = 'team_only';

export interface ConsentAnswers {
  givenBy: string;
  decidedBy: string;
  consentDate: DateInputValue;
  scope: string[];
  expiresOn: DateInputValue;
  sawFinalText: string;
}

export interface ConsentFields {
  givenBy: ConsentGiver;
  decidedBy: string;
  consentDate: IsoDate;
  scope: ConsentScope[];
  expiresOn: IsoDate;
  sawFinalText: boolean;
}

export function blankConsentAnswers(): ConsentAnswers {
  const empty = { day: '', month: '', year: '' };
  return { givenBy: '', decidedBy: '', consentDate: empty, scope: [], expiresOn: empty, sawFinalText: '' };
}

/** A renewal starts from the consent it renews, with the dates left for today's. */
export function renewalAnswers(previous: StoryConsent): ConsentAnswers {
  return {
    ...blankConsentAnswers(),
    givenBy: previous.givenBy,
    decidedBy: previous.decidedBy,
    scope: previous.scope.length ? [...previous.scope] : [TEAM_ONLY],
  };
}

export function readConsentAnswers(body: Body | undefined): ConsentAnswers {
  return {
    givenBy: text(body, 'givenBy'),
    decidedBy: text(body, 'decidedBy'),
    consentDate: dateInputValue(body, 'consentDate'),
    scope: list(body, 'scope'),
    expiresOn: dateInputValue(body, 'expiresOn'),
    sawFinalText: text(body, 'sawFinalText'),
  };
}

export function validateConsent(answers: ConsentAnswers, today: IsoDate): { fields?: ConsentFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const givenBy = CONSENT_GIVERS.find((giver) => giver === answers.givenBy);
  if (!givenBy) errors.add('givenBy', 'Select who agreed to the story being told', 'givenBy');
  if (givenBy === 'best_interests' && !answers.decidedBy) errors.add('decidedBy', 'Enter who made the best-interests decision');
  if (characterCount(answers.decidedBy) > DECIDED_BY_MAX)
    errors.add('decidedBy', `Who made the decision must be ${DECIDED_BY_MAX} characters or fewer`);
  const consentDate = parseDateInput(answers.consentDate, 'Date consent was given', errors, 'consentDate');
  if (consentDate && consentDate > today)
    errors.add('consentDate', 'Date consent was given must be today or in the past', 'consentDate-day');
  const known = answers.scope.filter(
    (value) => value === TEAM_ONLY || value === 'show_and_tells' || value === 'internal_reports' || value === 'public',
  );
  if (known.length !== answers.scope.length || known.length === 0)
    errors.add('scope', 'Select where the story may be used, or select team only', 'scope');
  else if (known.includes(TEAM_ONLY) && known.length > 1)
    errors.add('scope', 'Select team only, or the places the story may be used, not both', 'scope');
  const expiresOn = parseDateInput(answers.expiresOn, 'Date consent ends', errors, 'expiresOn', { required: false });
  if (expiresOn && consentDate && expiresOn < consentDate)
    errors.add(
      'expiresOn',
      `Date consent ends must be the same as or after the date consent was given (${formatDate(consentDate)})`,
      'expiresOn-day',
    );
  if (answers.sawFinalText !== 'yes' && answers.sawFinalText !== 'no')
    errors.add('sawFinalText', 'Select whether the person saw the final text', 'sawFinalText');
  if (errors.any || givenBy === undefined || consentDate === undefined) return { errors: errors.result() };
  return {
    fields: {
      givenBy: givenBy,
      decidedBy: givenBy === 'best_interests' ? answers.decidedBy : '',
      consentDate: consentDate,
      scope: normaliseScope(known),
      expiresOn: expiresOn ?? defaultExpiry(consentDate),
      sawFinalText: answers.sawFinalText === 'yes',
    },
  };
}

export interface WithdrawalAnswers {
  withdrawnOn: DateInputValue;
  toldBy: string;
}

export function blankWithdrawalAnswers(today: IsoDate): WithdrawalAnswers {
  return { withdrawnOn: dateInputFromIso(today), toldBy: '' };
}

export function readWithdrawalAnswers(body: Body | undefined): WithdrawalAnswers {
  return { withdrawnOn: dateInputValue(body, 'withdrawnOn'), toldBy: text(body, 'toldBy') };
}

export function validateWithdrawal(
  answers: WithdrawalAnswers,
  context: { today: IsoDate; consentDate: IsoDate },
): { fields?: { withdrawnOn: IsoDate; toldBy: string }; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const withdrawnOn = parseDateInput(answers.withdrawnOn, 'Date consent was withdrawn', errors, 'withdrawnOn');
  if (withdrawnOn && withdrawnOn > context.today)
    errors.add('withdrawnOn', 'Date consent was withdrawn must be today or in the past', 'withdrawnOn-day');
  if (withdrawnOn && withdrawnOn < context.consentDate)
    errors.add(
      'withdrawnOn',
      `Date consent was withdrawn must be on or after the date it was given (${formatDate(context.consentDate)})`,
      'withdrawnOn-day',
    );
  if (!answers.toldBy) errors.add('toldBy', 'Enter who told the team, for example “the person, by phone” or “her son”');
  if (characterCount(answers.toldBy) > TOLD_BY_MAX) errors.add('toldBy', `Who told the team must be ${TOLD_BY_MAX} characters or fewer`);
  else if (answers.toldBy) {
    // "No names": a relationship or a role, never who they are.
    const found = findIdentifiers(answers.toldBy);
    if (found.length)
      errors.add(
        'toldBy',
        `Say who told the team by their relationship or role, not their name or details: take out ${found.map((finding) => `“${finding.text}”`).join(', ')}. For example “her daughter” or “the person, by phone”`,
      );
  }
  if (errors.any || withdrawnOn === undefined) return { errors: errors.result() };
  return { fields: { withdrawnOn: withdrawnOn, toldBy: answers.toldBy } };
}
