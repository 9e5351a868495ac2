import { addDays, formatDate, type IsoDate } from '../calendar/fortnights.js';
import { ACTION_STATUSES, type ActionStatus } from '../db/schema.js';
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

export const ACTION_MAX = 2000;
export const NOTE_MAX = 2000;

export interface ActionAnswers {
  description: string;
  ownerId: string;
  due: DateInputValue;
}

export interface ActionFields {
  description: string;
  ownerId: number;
  dueDate: IsoDate;
}

export function blankActionAnswers(today: IsoDate): ActionAnswers {
  return { description: '', ownerId: '', due: dateInputFromIso(addDays(today, 7)) };
}

export function readActionAnswers(body: Body | undefined): ActionAnswers {
  return { description: text(body, 'description', { multiline: true }), ownerId: text(body, 'ownerId'), due: dateInputValue(body, 'due') };
}

/** An owner must be someone in this site's team: an id from another site, or made up, is refused. */
export function checkOwner(
  ownerId: string,
  team: readonly TeamMember[],
  errors: FormErrorsBuilder,
  field = 'ownerId',
  who: 'owner' | 'lead worker' = 'owner',
): number | undefined {
  if (!ownerId) {
    errors.add(field, who === 'owner' ? 'Select who owns this' : 'Select the lead worker');
    return undefined;
  }
  const owner = team.find((member) => String(member.id) === ownerId);
  if (!owner) errors.add(field, `Select ${who === 'owner' ? 'an owner' : 'a lead worker'} from this site’s team: that person is not in it`);
  return owner?.id;
}

export function checkLength(value: string, max: number, label: string, errors: FormErrorsBuilder, field: string): void {
  if (characterCount(value) > max) errors.add(field, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
}

/** `keepDueDate`: a saved due date that may stay as it is, even if it has passed. */
function checkAction(
  answers: ActionAnswers,
  context: { team: readonly TeamMember[]; today: IsoDate; keepDueDate?: IsoDate },
  errors: FormErrorsBuilder,
): Partial<ActionFields> {
  if (!answers.description) errors.add('description', 'Enter the action');
  checkLength(answers.description, ACTION_MAX, 'Action', errors, 'description');
  const ownerId = checkOwner(answers.ownerId, context.team, errors);
  const dueDate = parseDateInput(answers.due, 'Due date', errors, 'due');
  if (dueDate && dueDate < context.today && dueDate !== context.keepDueDate)
    errors.add('due', `Due date must be today (${formatDate(context.today)}) or later`, 'due-day');
  return { description: answers.description, ownerId, dueDate };
}

export function validateAction(
  answers: ActionAnswers,
  context: { team: readonly TeamMember[]; today: IsoDate },
): { fields?: ActionFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const fields = checkAction(answers, context, errors);
  if (errors.any) return { errors: errors.result() };
  return { fields: fields as ActionFields };
}

export interface ReviewAnswers {
  status: string;
  note: string;
}

export function readReviewAnswers(body: Body | undefined): ReviewAnswers {
  return { status: text(body, 'status'), note: text(body, 'note', { multiline: true }) };
}

/** Done needs nothing more; still open needs a note, dropped a reason. */
export function validateReview(answers: ReviewAnswers): { fields?: { status: ActionStatus; note: string }; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const status = ACTION_STATUSES.find((candidate) => candidate === answers.status);
  if (!status) errors.add('status', 'Select done, still open or dropped');
  else if (status === 'open' && !answers.note) errors.add('note', 'Say where the action has got to, since it is still open');
  else if (status === 'dropped' && !answers.note) errors.add('note', 'Say why the action was dropped');
  checkLength(answers.note, NOTE_MAX, 'Note', errors, 'note');
  if (errors.any || status === undefined) return { errors: errors.result() };
  return { fields: { status: status, note: answers.note } };
}

export type ActionChangeAnswers = ActionAnswers & ReviewAnswers;

export function actionChangeAnswersFrom(action: {
  description: string;
  ownerId: number;
  dueDate: IsoDate;
  status: string;
  statusNote: string;
}): ActionChangeAnswers {
  return {
    description: action.description,
    ownerId: String(action.ownerId),
    due: dateInputFromIso(action.dueDate),
    status: action.status,
    note: action.statusNote,
  };
}

export function readActionChangeAnswers(body: Body | undefined): ActionChangeAnswers {
  return { ...readActionAnswers(body), ...readReviewAnswers(body) };
}

export interface ActionChange {
  fields: ActionFields;
  /** Set when the status or its note changed, so the change is kept in the action's review history. */
  review?: { status: ActionStatus; note: string };
}

/**
 * Changing a saved action: a due date that has passed may stay, but a new one must not be in the
 * past; a new status or note is a review, which needs a note when still open and a reason when dropped.
 */
export function validateActionChange(
  answers: ActionChangeAnswers,
  context: { team: readonly TeamMember[]; today: IsoDate; saved: { dueDate: IsoDate; status: string; statusNote: string } },
): { change?: ActionChange; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const fields = checkAction(answers, { team: context.team, today: context.today, keepDueDate: context.saved.dueDate }, errors);
  const reviewed = answers.status !== context.saved.status || answers.note !== context.saved.statusNote;
  let review: ActionChange['review'];
  if (reviewed) {
    const result = validateReview(answers);
    for (const [field, message] of Object.entries(result.errors?.fields ?? {})) errors.add(field, message);
    review = result.fields;
  }
  if (errors.any) return { errors: errors.result() };
  return { change: { fields: fields as ActionFields, review } };
}
