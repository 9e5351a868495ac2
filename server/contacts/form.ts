import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import { OUTCOMES, WAYS_OF_WORKING, type Contact, type Outcome, type WayOfWorking } from '../db/schema.js';
import {
  characterCount,
  dateInputFromIso,
  dateInputValue,
  FormErrorsBuilder,
  parseDateInput,
  text,
  type Body,
  type DateInputValue,
  type FormErrors,
} from '../http/forms.js';
import type { TeamMember } from '../sites/team.js';
import { personReferenceProblem } from './person-reference.js';

export const TEAM_MAX = 100;
export const HANDOFFS_MAX = 1000;
/** numeric(10, 2): eight digits of pounds. */
export const COST_MAX = 99_999_999.99;

export const OUTCOME_NAMES: Record<Outcome, string> = {
  resolved_c1: 'Resolved in conversation 1',
  community: 'Connected to community',
  equipment: 'Equipment or adaptation',
  short_term: 'Short-term support',
  long_term: 'Long-term support package',
  signposted: 'Signposted elsewhere',
  nfa: 'No further action',
};

export const WAY_NAMES: Record<WayOfWorking, string> = { old: 'Old way', new: 'New way' };

/** The conversation dates, in order: conversation 1, 2 and 3. */
export const CONVERSATIONS = [
  { number: 1, field: 'c1' },
  { number: 2, field: 'c2' },
  { number: 3, field: 'c3' },
] as const;

/** What the record form sends, as typed. */
export interface ContactRecordAnswers {
  personRef: string;
  contact: DateInputValue;
  firstConversation: DateInputValue;
  c1: DateInputValue;
  c2: DateInputValue;
  c3: DateInputValue;
  highestConversation: string;
  outcome: string;
  handoffs: string;
  fundingPanel: string;
  weeklyCost: string;
  wayOfWorking: string;
  team: string;
  leadWorkerId: string;
}

/** The columns a record form writes. */
export interface ContactRecordFields {
  personRef: string;
  contactDate: IsoDate;
  firstConversationDate: IsoDate | null;
  c1Date: IsoDate | null;
  c2Date: IsoDate | null;
  c3Date: IsoDate | null;
  highestConversation: number | null;
  outcome: Outcome | null;
  handoffs: number;
  fundingPanel: boolean;
  weeklyCostGbp: string | null;
  wayOfWorking: WayOfWorking;
  team: string;
  leadWorkerId: number | null;
}

const blankDate = (): DateInputValue => dateInputFromIso(undefined);

export function blankRecordAnswers(): ContactRecordAnswers {
  return {
    personRef: '',
    contact: blankDate(),
    firstConversation: blankDate(),
    c1: blankDate(),
    c2: blankDate(),
    c3: blankDate(),
    highestConversation: '',
    outcome: '',
    handoffs: '0',
    fundingPanel: 'no',
    weeklyCost: '',
    wayOfWorking: '',
    team: '',
    leadWorkerId: '',
  };
}

export function readRecordAnswers(body: Body | undefined): ContactRecordAnswers {
  return {
    personRef: text(body, 'personRef'),
    contact: dateInputValue(body, 'contact'),
    firstConversation: dateInputValue(body, 'firstConversation'),
    c1: dateInputValue(body, 'c1'),
    c2: dateInputValue(body, 'c2'),
    c3: dateInputValue(body, 'c3'),
    highestConversation: text(body, 'highestConversation'),
    outcome: text(body, 'outcome'),
    handoffs: text(body, 'handoffs'),
    fundingPanel: text(body, 'fundingPanel'),
    weeklyCost: text(body, 'weeklyCost'),
    wayOfWorking: text(body, 'wayOfWorking'),
    team: text(body, 'team'),
    leadWorkerId: text(body, 'leadWorkerId'),
  };
}

/** A saved record as form answers; the cost as stored ("1234.50"), which reads back unchanged. */
export function recordAnswersFrom(contact: Contact): ContactRecordAnswers {
  return {
    personRef: contact.personRef,
    contact: dateInputFromIso(contact.contactDate),
    firstConversation: dateInputFromIso(contact.firstConversationDate),
    c1: dateInputFromIso(contact.c1Date),
    c2: dateInputFromIso(contact.c2Date),
    c3: dateInputFromIso(contact.c3Date),
    highestConversation: contact.highestConversation ? String(contact.highestConversation) : '',
    outcome: contact.outcome ?? '',
    handoffs: String(contact.handoffs),
    fundingPanel: contact.fundingPanel ? 'yes' : 'no',
    weeklyCost: contact.weeklyCostGbp ?? '',
    wayOfWorking: contact.wayOfWorking,
    team: contact.team,
    leadWorkerId: contact.leadWorkerId ? String(contact.leadWorkerId) : '',
  };
}

/** Pounds as typed ("£1,234.50", "1234.5", "12") to a numeric string, or a problem. Commas only between groups of three digits. */
export function parsePounds(value: string): { pounds?: string; problem?: string } {
  const typed = value.replace(/^£\s*/, '').replace(/\s+/g, '');
  if (typed.startsWith('-')) return { problem: 'Weekly cost must be £0 or more' };
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(typed)) {
    if (/^[\d,]*\.\d{3,}$/.test(typed)) return { problem: 'Weekly cost must have no more than 2 decimal places, like £1,234.50' };
    return { problem: 'Weekly cost must be an amount in pounds, like £1,234.50' };
  }
  const amount = Number(typed.replace(/,/g, ''));
  if (amount > COST_MAX) return { problem: 'Weekly cost must be £99,999,999.99 or less' };
  return { pounds: amount.toFixed(2) };
}

/** A date that must not be in the future, nor (when `notBefore` is given) before the contact date. */
function checkDate(
  value: DateInputValue,
  label: string,
  field: string,
  errors: FormErrorsBuilder,
  limits: { today: IsoDate; notBefore?: IsoDate; required?: boolean },
): IsoDate | null {
  const date = parseDateInput(value, label, errors, field, { required: limits.required ?? false });
  if (!date) return null;
  if (date > limits.today) errors.add(field, `${label} must be today (${formatDate(limits.today)}) or earlier`, `${field}-day`);
  else if (limits.notBefore && date < limits.notBefore)
    errors.add(field, `${label} must be on or after the contact date (${formatDate(limits.notBefore)})`, `${field}-day`);
  return date;
}

function checkWholeNumber(value: string, label: string, max: number, field: string, errors: FormErrorsBuilder): number | undefined {
  if (value === '') errors.add(field, `Enter the number of ${label.toLowerCase()}, or 0 if there were none`);
  else if (!/^\d+$/.test(value)) errors.add(field, `${label} must be a whole number, like 2`);
  else if (Number(value) > max) errors.add(field, `${label} must be ${max.toLocaleString('en-GB')} or fewer`);
  else return Number(value);
  return undefined;
}

/**
 * Checks a contact record as typed on the records form. `team` lists who may be the lead worker
 * (the site's team, and a saved lead worker who has since left it).
 */
export function validateRecord(
  answers: ContactRecordAnswers,
  context: { team: readonly TeamMember[]; today: IsoDate },
): { fields?: ContactRecordFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const referenceProblem = personReferenceProblem(answers.personRef);
  if (referenceProblem) errors.add('personRef', referenceProblem);
  const { today } = context;
  const contactDate = checkDate(answers.contact, 'Contact date', 'contact', errors, { today, required: true });
  const notBefore = contactDate ?? undefined;
  const firstConversationDate = checkDate(answers.firstConversation, 'First conversation date', 'firstConversation', errors, {
    today,
    notBefore,
  });
  const conversationDates = CONVERSATIONS.map(({ number, field }) =>
    checkDate(answers[field], `Conversation ${number} date`, field, errors, { today, notBefore }),
  );

  let highestConversation: number | null = null;
  const highestDated = conversationDates.reduce<number>((highest, date, index) => (date ? index + 1 : highest), 0);
  if (answers.highestConversation !== '') {
    if (!/^[123]$/.test(answers.highestConversation)) errors.add('highestConversation', 'Select conversation 1, 2 or 3, or leave it empty');
    else if (Number(answers.highestConversation) < highestDated) {
      errors.add(
        'highestConversation',
        `Highest conversation must be at least ${highestDated}, since conversation ${highestDated} has a date`,
      );
    } else highestConversation = Number(answers.highestConversation);
  }

  let outcome: Outcome | null = null;
  if (answers.outcome !== '') {
    outcome = OUTCOMES.find((code) => code === answers.outcome) ?? null;
    if (!outcome) errors.add('outcome', 'Select an outcome from the list, or none yet');
  }
  const handoffs = checkWholeNumber(answers.handoffs, 'Hand-offs', HANDOFFS_MAX, 'handoffs', errors);
  if (answers.fundingPanel !== 'yes' && answers.fundingPanel !== 'no')
    errors.add('fundingPanel', 'Select yes if a funding panel decided, or no');

  let weeklyCostGbp: string | null = null;
  if (answers.weeklyCost !== '') {
    const { pounds, problem } = parsePounds(answers.weeklyCost);
    if (problem) errors.add('weeklyCost', problem);
    weeklyCostGbp = pounds ?? null;
  }
  const wayOfWorking = WAYS_OF_WORKING.find((way) => way === answers.wayOfWorking);
  if (!wayOfWorking) errors.add('wayOfWorking', 'Select the old way or the new way of working');
  if (characterCount(answers.team) > TEAM_MAX) errors.add('team', `Team must be ${TEAM_MAX} characters or fewer`);

  let leadWorkerId: number | null = null;
  if (answers.leadWorkerId !== '') {
    const lead = context.team.find((member) => String(member.id) === answers.leadWorkerId);
    if (!lead) errors.add('leadWorkerId', 'Select a lead worker from this site’s team: that person is not in it');
    leadWorkerId = lead?.id ?? null;
  }

  if (errors.any || !contactDate || handoffs === undefined || wayOfWorking === undefined) return { errors: errors.result() };
  const [c1Date, c2Date, c3Date] = conversationDates;
  return {
    fields: {
      personRef: answers.personRef,
      contactDate: contactDate,
      firstConversationDate,
      c1Date,
      c2Date,
      c3Date,
      highestConversation,
      outcome,
      handoffs: handoffs,
      fundingPanel: answers.fundingPanel === 'yes',
      weeklyCostGbp,
      wayOfWorking: wayOfWorking,
      team: answers.team,
      leadWorkerId,
    },
  };
}
