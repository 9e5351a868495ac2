/**
 * What the audit log keeps of people reading stories: every read of one (and whether its text
 * was shown), every list of them, and every refusal. Reads write no data, so these are plain
 * audit entries rather than use cases; they are named here so the routes say what they record.
 */
import type { Db } from '../db/connection.js';
import { recordAudit, type Actor } from '../audit/record.js';

type Details = Record<string, unknown>;

export function storyRead(db: Db, actor: Actor, storyId: number, details: Details): Promise<void> {
  return recordAudit(db, actor, { action: 'story.read', recordType: 'story', recordId: storyId, details });
}

export function storiesListed(db: Db, actor: Actor, details: Details): Promise<void> {
  return recordAudit(db, actor, { action: 'story.listed', recordType: 'story', details });
}

/** `action`: why the story was not shown or the step not taken, such as `story.refused` or `story.approval-refused`. */
export function storyRefused(
  db: Db,
  actor: Actor,
  action: `story.${string}-refused` | 'story.refused',
  storyId: number | string,
  details: Details,
): Promise<void> {
  return recordAudit(db, actor, { action, recordType: 'story', recordId: storyId, details });
}
