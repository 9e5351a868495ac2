import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import { PERSON_FLAGS, type PersonFlag } from '../db/schema.js';
import { checkLength, checkOwner, NOTE_MAX } from '../actions/form.js';
import { noteProblem, personReferenceProblem } from '../contacts/person-reference.js';
import {
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
import type { ContactFields, PersonFields } from './queries.js';

export const GUEST_ROLE_MAX = 100;

export interface ContactAnswers {
  personRef: string;
  contact: DateInputValue;
  leadWorkerId: string;
}

export function blankContactAnswers(huddleDate: IsoDate): ContactAnswers {
  return { personRef: '', contact: dateInputFromIso(huddleDate), leadWorkerId: '' };
}

export function contactAnswersFrom(contact: { personRef: string; contactDate: IsoDate; leadWorkerId: number | null }): ContactAnswers {
  return {
    personRef: contact.personRef,
    contact: dateInputFromIso(contact.contactDate),
    leadWorkerId: contact.leadWorkerId ? String(contact.leadWorkerId) : '',
  };
}

export function readContactAnswers(body: Body | undefined): ContactAnswers {
  return { personRef: text(body, 'personRef'), contact: dateInputValue(body, 'contact'), leadWorkerId: text(body, 'leadWorkerId') };
}

function checkPersonRef(value: string, errors: FormErrorsBuilder): void {
  const problem = personReferenceProblem(value);
  if (problem) errors.add('personRef', problem);
}

/** A contact cannot be dated after the huddle that records it. */
export function validateContact(
  answers: ContactAnswers,
  context: { team: readonly TeamMember[]; huddleDate: IsoDate },
): { fields?: ContactFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  checkPersonRef(answers.personRef, errors);
  const contactDate = parseDateInput(answers.contact, 'Contact date', errors, 'contact');
  if (contactDate && contactDate > context.huddleDate)
    errors.add('contact', `Contact date must be on or before the huddle (${formatDate(context.huddleDate)})`, 'contact-day');
  const leadWorkerId = checkOwner(answers.leadWorkerId, context.team, errors, 'leadWorkerId', 'lead worker');
  if (errors.any || contactDate === undefined || leadWorkerId === undefined) return { errors: errors.result() };
  return { fields: { personRef: answers.personRef, contactDate: contactDate, leadWorkerId: leadWorkerId } };
}

export interface PersonAnswers {
  personRef: string;
  conversation: string;
  leadWorkerId: string;
  contact: DateInputValue;
  note: string;
  flag: string;
}

export function blankPersonAnswers(): PersonAnswers {
  // No radio is chosen for the person (GOV.UK's guidance): the conversation and any risk are asked, not assumed.
  return { personRef: '', conversation: '', leadWorkerId: '', contact: dateInputFromIso(undefined), note: '', flag: '' };
}

export function personAnswersFrom(person: {
  personRef: string;
  conversation: number;
  leadWorkerId: number;
  contactDate: IsoDate | null;
  note: string;
  flag: string;
}): PersonAnswers {
  return {
    personRef: person.personRef,
    conversation: String(person.conversation),
    leadWorkerId: String(person.leadWorkerId),
    contact: dateInputFromIso(person.contactDate),
    note: person.note,
    flag: person.flag,
  };
}

export function readPersonAnswers(body: Body | undefined): PersonAnswers {
  return {
    personRef: text(body, 'personRef'),
    conversation: text(body, 'conversation'),
    leadWorkerId: text(body, 'leadWorkerId'),
    contact: dateInputValue(body, 'contact'),
    note: text(body, 'note', { multiline: true }),
    flag: text(body, 'flag'),
  };
}

export function validatePerson(
  answers: PersonAnswers,
  context: { team: readonly TeamMember[]; huddleDate: IsoDate },
): { fields?: PersonFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  checkPersonRef(answers.personRef, errors);
  const conversation = ['1', '2', '3'].includes(answers.conversation) ? (Number(answers.conversation) as 1 | 2 | 3) : undefined;
  if (!conversation) errors.add('conversation', 'Select the conversation the person is in: 1, 2 or 3', 'conversation');
  const leadWorkerId = checkOwner(answers.leadWorkerId, context.team, errors, 'leadWorkerId', 'lead worker');
  const contactDate = parseDateInput(answers.contact, 'Contact date', errors, 'contact', { required: false });
  if (contactDate && contactDate > context.huddleDate)
    errors.add('contact', `Contact date must be on or before the huddle (${formatDate(context.huddleDate)})`, 'contact-day');
  checkLength(answers.note, NOTE_MAX, 'Note', errors, 'note');
  const problem = noteProblem(answers.note, 'Note', { teamNames: context.team.map((member) => member.name) });
  if (problem) errors.add('note', problem);
  const flag = PERSON_FLAGS.find((candidate) => candidate === answers.flag);
  if (!flag) errors.add('flag', 'Select whether there is a risk or safeguarding concern', 'flag');
  if (errors.any || conversation === undefined || leadWorkerId === undefined) return { errors: errors.result() };
  return {
    fields: {
      personRef: answers.personRef,
      conversation: conversation,
      leadWorkerId: leadWorkerId,
      contactDate: contactDate ?? null,
      note: answers.note,
      flag: flag as PersonFlag,
    },
  };
}

/** Guests are recorded by role, never by name. */
export function validateGuest(body: Body | undefined): { role: string; errors?: FormErrors } {
  const role = text(body, 'role');
  const errors = new FormErrorsBuilder();
  if (!role) errors.add('role', 'Enter the guest’s role, like “hospital discharge nurse”');
  checkLength(role, GUEST_ROLE_MAX, 'The guest’s role', errors, 'role');
  const problem = noteProblem(role, 'The guest’s role', {
    instead: 'Describe the guest by their job instead, like “hospital discharge nurse”',
  });
  if (problem) errors.add('role', problem);
  return { role, errors: errors.result() };
}
