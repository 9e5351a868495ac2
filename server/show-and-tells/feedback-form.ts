import { FEEDBACK_ANSWERS, type FeedbackAnswer } from '../db/schema.js';
import { characterCount, FormErrorsBuilder, text, type Body, type FormErrors } from '../http/forms.js';

export const FEEDBACK_MAX = 2000;

/** How an answer reads, to leads and, as "You said, we did", to the group. */
export const FEEDBACK_ANSWER_NAMES: Record<FeedbackAnswer, string> = { did: 'We did this', not_yet: 'Not yet', wont: 'We won’t, because…' };

export const FEEDBACK_PARTS = [
  { field: 'liked', label: 'What did you like?' },
  { field: 'worried', label: 'What worried you?' },
  { field: 'tryNext', label: 'What should we try?' },
] as const;

export interface FeedbackAnswers {
  liked: string;
  worried: string;
  tryNext: string;
  anonymous: boolean;
}

export function blankFeedbackAnswers(): FeedbackAnswers {
  return { liked: '', worried: '', tryNext: '', anonymous: false };
}

export function readFeedbackAnswers(body: Body | undefined): FeedbackAnswers {
  return {
    liked: text(body, 'liked', { multiline: true }),
    worried: text(body, 'worried', { multiline: true }),
    tryNext: text(body, 'tryNext', { multiline: true }),
    anonymous: text(body, 'anonymous') === 'yes',
  };
}

function tooLong(value: string, label: string, field: string, errors: FormErrorsBuilder): void {
  const count = characterCount(value);
  if (count > FEEDBACK_MAX)
    errors.add(
      field,
      `“${label}” can be up to 2,000 characters. You have written ${count.toLocaleString('en-GB')}. Please make it shorter.`,
    );
}

export function validateFeedback(answers: FeedbackAnswers): { errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  if (!answers.liked && !answers.worried && !answers.tryNext) errors.add('liked', 'Write something in at least one of the three boxes');
  for (const { field, label } of FEEDBACK_PARTS) tooLong(answers[field], label, field, errors);
  return { errors: errors.result() };
}

export interface AnswerAnswers {
  answer: string;
  answerText: string;
}

export function readAnswerAnswers(body: Body | undefined): AnswerAnswers {
  return { answer: text(body, 'answer'), answerText: text(body, 'answerText', { multiline: true }) };
}

export function validateAnswer(answers: AnswerAnswers): { fields?: { answer: FeedbackAnswer; answerText: string }; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const answer = FEEDBACK_ANSWERS.find((value) => value === answers.answer);
  if (!answer) errors.add('answer', 'Select what the team did about it', 'answer');
  if (answer === 'wont' && !answers.answerText) errors.add('answerText', 'Say why the team won’t do it: the group will read your reason');
  const count = characterCount(answers.answerText);
  if (count > FEEDBACK_MAX)
    errors.add('answerText', `The answer must be 2,000 characters or fewer. It has ${count.toLocaleString('en-GB')}`);
  if (errors.any || answer === undefined) return { errors: errors.result() };
  return { fields: { answer: answer, answerText: answers.answerText } };
}
