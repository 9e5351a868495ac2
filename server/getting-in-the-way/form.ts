import { OBSTACLE_CATEGORIES, OBSTACLE_STATUSES, type ObstacleCategory, type ObstacleStatus } from '../db/schema.js';
import { FormErrorsBuilder, text, type Body, type FormErrors } from '../http/forms.js';
import { checkLength, checkOwner } from '../actions/form.js';
import type { TeamMember } from '../sites/team.js';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const ESCALATED_TO_MAX = 200;

export const CATEGORY_NAMES: Record<ObstacleCategory, string> = {
  process: 'Process',
  policy: 'Policy',
  it_system: 'IT system',
  resources: 'Resources',
  community: 'Community',
  other: 'Other',
};

export const STATUS_NAMES: Record<ObstacleStatus, string> = {
  open: 'Open',
  in_hand: 'In hand',
  escalated: 'Escalated',
  resolved: 'Resolved',
  cannot_change: 'Can’t change',
};

export interface ItemAnswers {
  title: string;
  category: string;
  description: string;
  ownerId: string;
  escalatedTo: string;
  status: string;
  whatChanged: string;
}

export interface ItemFields {
  title: string;
  category: ObstacleCategory;
  description: string;
  ownerId: number;
  escalatedTo: string;
  status: ObstacleStatus;
  whatChanged: string;
}

export function blankItemAnswers(): ItemAnswers {
  return { title: '', category: '', description: '', ownerId: '', escalatedTo: '', status: 'open', whatChanged: '' };
}

export function readItemAnswers(body: Body | undefined): ItemAnswers {
  return {
    title: text(body, 'title'),
    category: text(body, 'category'),
    description: text(body, 'description', { multiline: true }),
    ownerId: text(body, 'ownerId'),
    escalatedTo: text(body, 'escalatedTo'),
    status: text(body, 'status') || 'open',
    whatChanged: text(body, 'whatChanged', { multiline: true }),
  };
}

export function validateItem(answers: ItemAnswers, context: { team: readonly TeamMember[] }): { fields?: ItemFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  if (!answers.title) errors.add('title', 'Enter what is getting in the way');
  checkLength(answers.title, TITLE_MAX, 'Title', errors, 'title');
  const category = OBSTACLE_CATEGORIES.find((candidate) => candidate === answers.category);
  if (!category) errors.add('category', 'Select a category', 'category');
  checkLength(answers.description, DESCRIPTION_MAX, 'Description', errors, 'description');
  const ownerId = checkOwner(answers.ownerId, context.team, errors);
  checkLength(answers.escalatedTo, ESCALATED_TO_MAX, 'Escalated to', errors, 'escalatedTo');
  const status = OBSTACLE_STATUSES.find((candidate) => candidate === answers.status);
  if (!status) errors.add('status', 'Select a status', 'status');
  if (status === 'escalated' && !answers.escalatedTo) errors.add('escalatedTo', 'Say who it was escalated to');
  if (status === 'resolved' && !answers.whatChanged) errors.add('whatChanged', 'Say what changed to resolve it');
  checkLength(answers.whatChanged, DESCRIPTION_MAX, 'What changed', errors, 'whatChanged');
  if (errors.any || category === undefined || ownerId === undefined || status === undefined) return { errors: errors.result() };
  return {
    fields: {
      title: answers.title,
      category: category,
      description: answers.description,
      ownerId: ownerId,
      escalatedTo: answers.escalatedTo,
      status: status,
      whatChanged: answers.whatChanged,
    },
  };
}
