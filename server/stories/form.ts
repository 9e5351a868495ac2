import type { Story, StoryStatus, StoryTheme } from '../db/schema.js';
import { characterCount, FormErrorsBuilder, list, text, type Body, type FormErrors } from '../http/forms.js';
import { personReferenceProblem } from '../contacts/person-reference.js';
import { EXPLANATION_MAX, FIELD_NAMES, type StoryText } from './findings.js';

export const TITLE_MAX = 200;
export const TEXT_MAX = 5000;

export const STATUS_NAMES: Record<StoryStatus, string> = {
  draft: 'Draft',
  submitted: 'Waiting for review',
  approved: 'Approved',
  returned: 'Returned with comments',
};

export const CONVERSATION_NAMES: Record<number, string> = {
  1: 'Conversation 1: listen and connect',
  2: 'Conversation 2: work intensively in crisis',
  3: 'Conversation 3: build a good life',
};

/** For experts by experience: the same, in plain words. */
export const CONVERSATION_PLAIN_NAMES: Record<number, string> = {
  1: 'Listening and connecting the person with people and places near them',
  2: 'Staying with the person through a crisis',
  3: 'Planning support for a good life',
};

export interface StoryAnswers extends StoryText {
  fortnight: string;
  conversations: string[];
  themeIds: string[];
  personRef: string;
  /** The writer's explanations of findings, by finding key. */
  explanations: Map<string, string>;
}

export interface StoryFields extends StoryText {
  fortnight: number;
  conversations: number[];
  themeIds: number[];
  personRef: string | null;
}

export function blankStoryAnswers(fortnight: number): StoryAnswers {
  return {
    title: '',
    fortnight: String(fortnight),
    conversations: [],
    whatMattered: '',
    whatWeDid: '',
    differenceItMade: '',
    oldWay: '',
    themeIds: [],
    personRef: '',
    explanations: new Map(),
  };
}

export function storyAnswersFrom(story: Pick<Story, keyof StoryFields>, explanations: Map<string, string> = new Map()): StoryAnswers {
  return {
    title: story.title,
    fortnight: String(story.fortnight),
    conversations: story.conversations.map(String),
    whatMattered: story.whatMattered,
    whatWeDid: story.whatWeDid,
    differenceItMade: story.differenceItMade,
    oldWay: story.oldWay,
    themeIds: story.themeIds.map(String),
    personRef: story.personRef ?? '',
    explanations,
  };
}

/** The explanations come as two lists in step: each finding's key (hidden) and what the writer wrote. */
function readExplanations(body: Body | undefined): Map<string, string> {
  const keys = list(body, 'explanationKey');
  const given = list(body, 'explanation');
  const explanations = new Map<string, string>();
  keys.forEach((key, index) => {
    const value = (given[index] ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
    if (value) explanations.set(key, value);
  });
  return explanations;
}

export function readStoryAnswers(body: Body | undefined): StoryAnswers {
  return {
    title: text(body, 'title'),
    fortnight: text(body, 'fortnight'),
    conversations: list(body, 'conversations'),
    whatMattered: text(body, 'whatMattered', { multiline: true }),
    whatWeDid: text(body, 'whatWeDid', { multiline: true }),
    differenceItMade: text(body, 'differenceItMade', { multiline: true }),
    oldWay: text(body, 'oldWay', { multiline: true }),
    themeIds: list(body, 'themeIds'),
    personRef: text(body, 'personRef'),
    explanations: readExplanations(body),
  };
}

/**
 * Checks what a draft may hold: nothing is required (drafts save incomplete), but every limit
 * holds. `themes` are those the story may pick: the site's current ones and any it already has.
 */
export function validateStory(
  answers: StoryAnswers,
  context: { themes: readonly StoryTheme[]; latestFortnight: number },
): { fields?: StoryFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  if (characterCount(answers.title) > TITLE_MAX) errors.add('title', `Title must be ${TITLE_MAX} characters or fewer`);
  const fortnight = /^\d{1,4}$/.test(answers.fortnight) ? Number(answers.fortnight) : NaN;
  if (!(fortnight >= 1 && fortnight <= context.latestFortnight))
    errors.add('fortnight', `Select the fortnight the story happened in, from 1 to ${context.latestFortnight}`);
  const conversations = [...new Set(answers.conversations)];
  if (conversations.some((value) => !['1', '2', '3'].includes(value)))
    errors.add('conversations', 'Select conversations 1, 2 or 3', 'conversations');
  for (const field of ['whatMattered', 'whatWeDid', 'differenceItMade', 'oldWay'] as const) {
    if (characterCount(answers[field]) > TEXT_MAX)
      errors.add(field, `${FIELD_NAMES[field]} must be ${TEXT_MAX.toLocaleString('en-GB')} characters or fewer`);
  }
  const themeIds = [...new Set(answers.themeIds)];
  if (themeIds.some((id) => !context.themes.some((theme) => String(theme.id) === id)))
    errors.add('themeIds', 'Select themes from the site’s list', 'themeIds');
  if (answers.personRef) {
    const problem = personReferenceProblem(answers.personRef);
    if (problem) errors.add('personRef', problem);
  }
  for (const explanation of answers.explanations.values()) {
    if (characterCount(explanation) > EXPLANATION_MAX)
      errors.add('explanation', `Each explanation must be ${EXPLANATION_MAX} characters or fewer`, 'findings');
  }
  if (errors.any) return { errors: errors.result() };
  return {
    fields: {
      title: answers.title,
      fortnight,
      conversations: conversations.map(Number).sort(),
      whatMattered: answers.whatMattered,
      whatWeDid: answers.whatWeDid,
      differenceItMade: answers.differenceItMade,
      oldWay: answers.oldWay,
      themeIds: themeIds.map(Number),
      personRef: answers.personRef || null,
    },
  };
}

/** What a story still needs before it can go to review, each as it would appear in an error summary. */
export function missingForReview(
  story: Pick<Story, 'title' | 'conversations' | 'whatMattered' | 'whatWeDid' | 'differenceItMade' | 'oldWay'>,
): string[] {
  const missing: string[] = [];
  if (!story.title) missing.push('Give the story a title');
  if (story.conversations.length === 0) missing.push('Say which conversations were involved');
  if (!story.whatMattered) missing.push('Say what mattered to the person');
  if (!story.whatWeDid) missing.push('Say what the team did');
  if (!story.differenceItMade) missing.push('Say what difference it made');
  if (!story.oldWay) missing.push('Say what the old way would have done');
  return missing;
}
