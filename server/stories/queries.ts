import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import {
  contacts,
  stories,
  storyConsents,
  storyReviews,
  storyVersions,
  users,
  type FindingExplanation,
  type Story,
  type StoryConsent,
  type StoryReview,
  type StoryVersion,
} from '../db/schema.js';
import type { StoryFields } from './form.js';

export interface StoryRecord extends Story {
  authorName: string;
}

/** A story of the site with its author's name, or undefined. */
export async function findStory(db: Db, siteId: number, id: number): Promise<StoryRecord | undefined> {
  const [row] = await db
    .select({ story: stories, authorName: users.name })
    .from(stories)
    .innerJoin(users, eq(users.id, stories.authorId))
    .where(and(eq(stories.siteId, siteId), eq(stories.id, id)));
  return row && { ...row.story, authorName: row.authorName };
}

/** Which site a story belongs to, so a link from anywhere can be checked against the reader's sites. */
export async function siteOfStory(db: Db, id: number): Promise<number | undefined> {
  const [row] = await db.select({ siteId: stories.siteId }).from(stories).where(eq(stories.id, id));
  return row?.siteId;
}

function versionRow(storyId: number, version: number, fields: StoryFields, explanations: FindingExplanation[], savedBy: number) {
  return { storyId, version, ...fields, explanations, savedBy };
}

/** A new draft and its first version. Call inside a transaction. */
export async function createStory(
  tx: Db,
  siteId: number,
  authorId: number,
  fields: StoryFields,
  explanations: FindingExplanation[],
): Promise<Story> {
  const [story] = await tx
    .insert(stories)
    .values({ siteId, authorId, ...fields })
    .returning();
  await tx.insert(storyVersions).values(versionRow(story.id, 1, fields, explanations, authorId));
  return story;
}

/**
 * Saves the next version if nobody has saved since `version` was read; undefined when someone has.
 * An approved story goes back for review: the approval stays with the version it was given to.
 * Call inside a transaction.
 */
export async function saveStory(
  tx: Db,
  story: { id: number; version: number },
  fields: StoryFields,
  explanations: FindingExplanation[],
  savedBy: number,
): Promise<Story | undefined> {
  const [saved] = await tx
    .update(stories)
    .set({
      ...fields,
      version: sql`${stories.version} + 1`,
      status: sql`case when ${stories.status} = 'approved' then 'submitted' else ${stories.status} end`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(stories.id, story.id), eq(stories.version, story.version)))
    .returning();
  if (!saved) return undefined;
  await tx.insert(storyVersions).values(versionRow(saved.id, saved.version, fields, explanations, savedBy));
  return saved;
}

/** Moves a story from one review status to another, only from the version and statuses given; undefined when it has moved on. */
export async function moveStory(
  tx: Db,
  story: { id: number; version: number },
  from: readonly Story['status'][],
  to: Story['status'],
): Promise<Story | undefined> {
  const [moved] = await tx
    .update(stories)
    .set({ status: to, ...(to === 'approved' ? { approvedVersion: story.version } : {}), updatedAt: sql`now()` })
    .where(and(eq(stories.id, story.id), eq(stories.version, story.version), inArray(stories.status, [...from])))
    .returning();
  return moved;
}

export async function recordReview(tx: Db, review: Omit<typeof storyReviews.$inferInsert, 'id' | 'reviewedAt'>): Promise<StoryReview> {
  const [made] = await tx.insert(storyReviews).values(review).returning();
  return made;
}

export async function findVersion(db: Db, storyId: number, version: number): Promise<(StoryVersion & { savedByName: string }) | undefined> {
  const [row] = await db
    .select({ version: storyVersions, savedByName: users.name })
    .from(storyVersions)
    .innerJoin(users, eq(users.id, storyVersions.savedBy))
    .where(and(eq(storyVersions.storyId, storyId), eq(storyVersions.version, version)));
  return row && { ...row.version, savedByName: row.savedByName };
}

export interface VersionSummary {
  version: number;
  title: string;
  savedAt: Date;
  savedByName: string;
  explanations: number;
}

export async function versionsOf(db: Db, storyId: number): Promise<VersionSummary[]> {
  return db
    .select({
      version: storyVersions.version,
      title: storyVersions.title,
      savedAt: storyVersions.savedAt,
      savedByName: users.name,
      explanations: sql<number>`jsonb_array_length(${storyVersions.explanations})`,
    })
    .from(storyVersions)
    .innerJoin(users, eq(users.id, storyVersions.savedBy))
    .where(eq(storyVersions.storyId, storyId))
    .orderBy(desc(storyVersions.version));
}

export type ReviewRecord = StoryReview & { reviewerName: string };

/** Every review of a story, oldest first. */
export async function reviewsOf(db: Db, storyId: number): Promise<ReviewRecord[]> {
  const rows = await db
    .select({ review: storyReviews, reviewerName: users.name })
    .from(storyReviews)
    .innerJoin(users, eq(users.id, storyReviews.reviewerId))
    .where(eq(storyReviews.storyId, storyId))
    .orderBy(asc(storyReviews.id));
  return rows.map((row) => ({ ...row.review, reviewerName: row.reviewerName }));
}

export type ConsentRecordRow = StoryConsent & { recordedByName: string };

/** Every consent record of a story, oldest first: the history, renewals and withdrawals included. */
export async function consentsOf(db: Db, storyId: number): Promise<ConsentRecordRow[]> {
  const rows = await db
    .select({ consent: storyConsents, recordedByName: users.name })
    .from(storyConsents)
    .innerJoin(users, eq(users.id, storyConsents.recordedBy))
    .where(eq(storyConsents.storyId, storyId))
    .orderBy(asc(storyConsents.id));
  return rows.map((row) => ({ ...row.consent, recordedByName: row.recordedByName }));
}

/** Call inside a transaction. */
export async function recordConsent(tx: Db, consent: Omit<typeof storyConsents.$inferInsert, 'id' | 'recordedAt'>): Promise<StoryConsent> {
  const [made] = await tx.insert(storyConsents).values(consent).returning();
  return made;
}

/** Marks a consent record withdrawn, unless it already is; undefined then. Call inside a transaction. */
export async function withdrawConsent(
  tx: Db,
  consent: { id: number; storyId: number },
  withdrawal: { withdrawnOn: IsoDate; toldBy: string; recordedBy: number },
): Promise<StoryConsent | undefined> {
  const [withdrawn] = await tx
    .update(storyConsents)
    .set({ withdrawnOn: withdrawal.withdrawnOn, withdrawalToldBy: withdrawal.toldBy, withdrawalRecordedBy: withdrawal.recordedBy })
    .where(and(eq(storyConsents.id, consent.id), eq(storyConsents.storyId, consent.storyId), sql`${storyConsents.withdrawnOn} is null`))
    .returning();
  return withdrawn;
}

/** The site's latest contact record for a person reference, to link the story to it. */
export async function contactOf(db: Db, siteId: number, personRef: string): Promise<number | undefined> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.siteId, siteId), eq(contacts.personRef, personRef)))
    .orderBy(desc(contacts.contactDate), desc(contacts.id))
    .limit(1);
  return row?.id;
}
