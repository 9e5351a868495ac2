import { formatDate } from '../calendar/fortnights.js';
import type { DateInputValue } from '../http/forms.js';
import type { TeamMember } from '../sites/team.js';
import { OUTCOME_NAMES, WAY_NAMES, type ContactRecordAnswers } from './form.js';
import type { ContactRecord } from './queries.js';

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export const pounds = (value: string | null): string => (value === null ? 'None' : POUNDS.format(Number(value)));

const dateOrNone = (date: string | null, none = 'None') => (date ? formatDate(date) : none);

/** A record's fields as its page lists them: label, text, and the form field its "Change" link goes to. */
export function recordRows(record: ContactRecord & { waited: string }): { key: string; value: string; field?: string }[] {
  const conversation = (n: 1 | 2 | 3) => dateOrNone(record[`c${n}Date`], 'No date');
  return [
    { key: 'Person reference', value: record.personRef, field: 'personRef' },
    { key: 'Contact date', value: formatDate(record.contactDate), field: 'contact-day' },
    { key: 'First conversation date', value: dateOrNone(record.firstConversationDate, 'Not yet'), field: 'firstConversation-day' },
    { key: 'Days waited', value: record.waited },
    { key: 'Conversation 1', value: conversation(1), field: 'c1-day' },
    { key: 'Conversation 2', value: conversation(2), field: 'c2-day' },
    { key: 'Conversation 3', value: conversation(3), field: 'c3-day' },
    {
      key: 'Highest conversation reached',
      value: record.highestConversation ? String(record.highestConversation) : 'Not recorded',
      field: 'highestConversation',
    },
    { key: 'Outcome', value: record.outcome ? OUTCOME_NAMES[record.outcome] : 'No outcome yet', field: 'outcome' },
    { key: 'Hand-offs', value: String(record.handoffs), field: 'handoffs' },
    { key: 'Funding panel decided', value: record.fundingPanel ? 'Yes' : 'No', field: 'fundingPanel' },
    { key: 'Weekly cost', value: pounds(record.weeklyCostGbp), field: 'weeklyCost' },
    { key: 'Way of working', value: WAY_NAMES[record.wayOfWorking], field: 'wayOfWorking' },
    { key: 'Team', value: record.team || 'Not recorded', field: 'team' },
    { key: 'Lead worker', value: record.leadWorkerName ?? 'None', field: 'leadWorkerId' },
  ];
}

const typedDate = (value: DateInputValue) =>
  value.day || value.month || value.year ? [value.day, value.month, value.year].join(' / ') : '';

/** Answers as text, for setting the saved version beside the typed one when they conflict. */
export function answerRows(answers: ContactRecordAnswers, team: readonly TeamMember[]): [string, string][] {
  const named = <T extends string>(names: Record<T, string>, value: string) => (Object.hasOwn(names, value) ? names[value as T] : value);
  return [
    ['Person reference', answers.personRef],
    ['Contact date', typedDate(answers.contact)],
    ['First conversation date', typedDate(answers.firstConversation)],
    ['Conversation 1 date', typedDate(answers.c1)],
    ['Conversation 2 date', typedDate(answers.c2)],
    ['Conversation 3 date', typedDate(answers.c3)],
    ['Highest conversation reached', answers.highestConversation],
    ['Outcome', answers.outcome ? named(OUTCOME_NAMES, answers.outcome) : 'No outcome yet'],
    ['Hand-offs', answers.handoffs],
    ['Funding panel decided', answers.fundingPanel === 'yes' ? 'Yes' : answers.fundingPanel === 'no' ? 'No' : answers.fundingPanel],
    ['Weekly cost', answers.weeklyCost],
    ['Way of working', named(WAY_NAMES, answers.wayOfWorking)],
    ['Team', answers.team],
    [
      'Lead worker',
      answers.leadWorkerId ? (team.find((member) => String(member.id) === answers.leadWorkerId)?.name ?? answers.leadWorkerId) : 'None',
    ],
  ];
}
