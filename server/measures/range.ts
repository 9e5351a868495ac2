import { addDays, type IsoDate } from '../calendar/fortnights.js';
import type { Period } from './definitions.js';
import { periodStartOf } from './series.js';
import {
  dateInputFromIso,
  dateInputValue,
  FormErrorsBuilder,
  parseDateInput,
  type Body,
  type DateInputValue,
  type FormErrors,
} from '../http/forms.js';

export interface RangeAnswers {
  from: DateInputValue;
  to: DateInputValue;
}

/**
 * The dates a comparison covers: about two years to today unless the person chooses, starting on
 * the first day of a week (or, for monthly points, a month) so the first point is a whole period.
 */
export function readRange(
  query: Body,
  today: IsoDate,
  period: Period = 'week',
): { answers: RangeAnswers; range?: { from: IsoDate; to: IsoDate }; errors?: FormErrors } {
  const chosen = query['from-day'] !== undefined || query['to-day'] !== undefined;
  const answers = chosen
    ? { from: dateInputValue(query, 'from'), to: dateInputValue(query, 'to') }
    : { from: dateInputFromIso(periodStartOf(addDays(today, -729), period)), to: dateInputFromIso(today) };
  const errors = new FormErrorsBuilder();
  const from = parseDateInput(answers.from, 'Start date', errors, 'from');
  const to = parseDateInput(answers.to, 'End date', errors, 'to');
  if (from && to && from > to) errors.add('to', 'End date must be the same as or after the start date', 'to-day');
  if (from && to && to > today) errors.add('to', 'End date must be today or earlier', 'to-day');
  if (errors.any || from === undefined || to === undefined) return { answers, errors: errors.result() };
  return { answers, range: { from: from, to: to } };
}

export function rangeQuery(range: { from: IsoDate; to: IsoDate }): string {
  const [fy, fm, fd] = range.from.split('-').map(Number);
  const [ty, tm, td] = range.to.split('-').map(Number);
  return `from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}`;
}
