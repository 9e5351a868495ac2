import { addDays, formatDate, type Fortnight, type IsoDate } from '../calendar/fortnights.js';
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
import type { FortnightSummary } from './schedule.js';

export const GOAL_MAX = 500;
/** A show-and-tell may be held up to a week after its fortnight ends. */
const SHOW_AND_TELL_GRACE_DAYS = 7;

export interface PlanAnswers {
  goal: string;
  showAndTell: DateInputValue;
}

export function planAnswersFrom(summary: FortnightSummary): PlanAnswers {
  return { goal: summary.goal, showAndTell: dateInputFromIso(summary.showAndTellIsDefault ? undefined : summary.showAndTellDate) };
}

export function readPlanAnswers(body: Body | undefined): PlanAnswers {
  return { goal: text(body, 'goal', { multiline: true }), showAndTell: dateInputValue(body, 'showAndTell') };
}

export function validatePlan(
  answers: PlanAnswers,
  period: Fortnight,
): { fields?: { goal: string; showAndTellDate: IsoDate | null }; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  if (characterCount(answers.goal) > GOAL_MAX) errors.add('goal', `Goal must be ${GOAL_MAX} characters or fewer`);
  const showAndTellDate = parseDateInput(answers.showAndTell, 'Show-and-tell date', errors, 'showAndTell', { required: false });
  const latest = addDays(period.end, SHOW_AND_TELL_GRACE_DAYS);
  if (showAndTellDate && (showAndTellDate < period.start || showAndTellDate > latest)) {
    errors.add(
      'showAndTell',
      `Show-and-tell date must be between ${formatDate(period.start, 'short')} and ${formatDate(latest, 'short')}`,
      'showAndTell-day',
    );
  }
  const problems = errors.result();
  if (problems) return { errors: problems };
  return { fields: { goal: answers.goal, showAndTellDate: showAndTellDate ?? null } };
}
