/**
 * The use cases that change a story of difference: writing one, saving a change, sending it for
 * review, the review itself, consent recorded and withdrawn, and the site's themes. See
 * server/use-cases.ts for what a use case owns. Who may do each (the author, the site's leads) is
 * checked by the route first (access.ts).
 */
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { FindingExplanation, Story, StoryConsent, StoryTheme } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { type Acting, STALE, unlessTaken, type Written, savedOrStale } from '../use-cases.js';
import type { StoryFields } from './form.js';
import { createStory, moveStory, recordConsent, recordReview, saveStory, withdrawConsent } from './queries.js';
import { addTheme, changeTheme, THEME_UNIQUE } from './themes.js';

export async function writeStory(
  db: Db,
  acting: Acting,
  input: { siteId: number; fields: StoryFields; explanations: FindingExplanation[]; findings: number },
): Promise<Story> {
  return db.transaction(async (tx) => {
    const story = await createStory(tx, input.siteId, acting.userId, input.fields, input.explanations);
    await recordAudit(tx, acting, {
      action: 'story.created',
      recordType: 'story',
      recordId: story.id,
      details: { siteId: input.siteId, version: 1, findings: input.findings },
    });
    return story;
  });
}

/** Saves a new version of a story read at `version`: stale if someone has saved it since. An approved story goes back for review. */
export async function changeStory(
  db: Db,
  acting: Acting,
  input: {
    siteId: number;
    story: { id: number; status: Story['status'] };
    version: number;
    fields: StoryFields;
    explanations: FindingExplanation[];
    findings: number;
  },
): Promise<Written<Story>> {
  return db.transaction(async (tx) => {
    const updated = await saveStory(tx, { id: input.story.id, version: input.version }, input.fields, input.explanations, acting.userId);
    if (!updated) return STALE;
    await recordAudit(tx, acting, {
      action: 'story.saved',
      recordType: 'story',
      recordId: input.story.id,
      details: {
        siteId: input.siteId,
        version: updated.version,
        status: updated.status,
        findings: input.findings,
        sentBackForReview: input.story.status === 'approved',
      },
    });
    return { saved: updated };
  });
}

/** Sends a draft or returned story for review; stale if it changed since it was read. */
export async function submitStory(
  db: Db,
  acting: Acting,
  input: { siteId: number; story: { id: number; version: number } },
): Promise<Written<Story>> {
  return savedOrStale(
    db,
    acting,
    (tx) => moveStory(tx, input.story, ['draft', 'returned'], 'submitted'),
    () => ({
      action: 'story.submitted',
      recordType: 'story',
      recordId: input.story.id,
      details: { siteId: input.siteId, version: input.story.version },
    }),
  );
}

/** Approves or returns a story waiting for review, with the review kept; stale if it changed since it was read. */
export async function reviewStory(
  db: Db,
  acting: Acting,
  input: {
    siteId: number;
    story: { id: number; version: number };
    approving: boolean;
    comments: string;
    check: { state: string; total: number };
  },
): Promise<Written<Story>> {
  const { siteId, story, approving, check } = input;
  return db.transaction(async (tx) => {
    const moved = await moveStory(tx, story, ['submitted'], approving ? 'approved' : 'returned');
    if (!moved) return STALE;
    await recordReview(tx, {
      storyId: story.id,
      version: story.version,
      decision: approving ? 'approved' : 'returned',
      reviewerId: acting.userId,
      comments: input.comments,
      identifierCheck: approving ? (check.state === 'clean' ? 'clean' : 'explained') : null,
      findings: check.total,
      motivatedIntruder: approving,
    });
    await recordAudit(tx, acting, {
      action: approving ? 'story.approved' : 'story.returned',
      recordType: 'story',
      recordId: story.id,
      details: { siteId, version: story.version, identifierCheck: check.state, findings: check.total },
    });
    return { saved: moved };
  });
}

/** Records the person's consent (or its renewal) for a story. */
export async function recordStoryConsent(
  db: Db,
  acting: Acting,
  input: {
    siteId: number;
    storyId: number;
    renewal: boolean;
    fields: Omit<Parameters<typeof recordConsent>[1], 'storyId' | 'recordedBy'>;
  },
): Promise<StoryConsent> {
  return db.transaction(async (tx) => {
    const consent = await recordConsent(tx, { storyId: input.storyId, ...input.fields, recordedBy: acting.userId });
    await recordAudit(tx, acting, {
      action: 'story.consent-recorded',
      recordType: 'story',
      recordId: input.storyId,
      details: {
        siteId: input.siteId,
        consentId: consent.id,
        givenBy: consent.givenBy,
        scope: consent.scope,
        consentDate: consent.consentDate,
        expiresOn: consent.expiresOn,
        renewal: input.renewal,
      },
    });
    return consent;
  });
}

/** Withdraws a consent; withdrawing one already withdrawn (a double click) changes nothing. */
export async function withdrawStoryConsent(
  db: Db,
  acting: Acting,
  input: { siteId: number; storyId: number; consent: { id: number; storyId: number }; fields: { withdrawnOn: IsoDate; toldBy: string } },
): Promise<'withdrawn' | 'already'> {
  return db.transaction(async (tx) => {
    const withdrawn = await withdrawConsent(tx, input.consent, { ...input.fields, recordedBy: acting.userId });
    if (!withdrawn) return 'already';
    await recordAudit(tx, acting, {
      action: 'story.consent-withdrawn',
      recordType: 'story',
      recordId: input.storyId,
      details: { siteId: input.siteId, consentId: input.consent.id, withdrawnOn: input.fields.withdrawnOn },
    });
    return 'withdrawn';
  });
}

/** The site already has a theme of that name: nothing was written. */
export const THEME_TAKEN: { nameTaken: true; saved?: never; stale?: never } = Object.freeze({ nameTaken: true as const });

export async function addStoryTheme(
  db: Db,
  acting: Acting,
  input: { siteId: number; name: string },
): Promise<{ saved: StoryTheme; nameTaken?: never } | typeof THEME_TAKEN> {
  return unlessTaken(THEME_UNIQUE, THEME_TAKEN, () =>
    db.transaction(async (tx) => {
      const theme = await addTheme(tx, input.siteId, input.name, acting.userId);
      await recordAudit(tx, acting, {
        action: 'story-theme.added',
        recordType: 'story-theme',
        recordId: theme.id,
        details: { siteId: input.siteId, name: input.name },
      });
      return { saved: theme };
    }),
  );
}

/** Renames, retires or restores a theme read at `version`: stale if someone has changed it since. */
export async function changeStoryTheme(
  db: Db,
  acting: Acting,
  input: {
    theme: { id: number; siteId: number; name: string };
    version: number;
    change: { name?: string; retired?: boolean };
    action: 'renamed' | 'retired' | 'restored';
  },
): Promise<Written<StoryTheme> | typeof THEME_TAKEN> {
  const { theme } = input;
  return unlessTaken(THEME_UNIQUE, THEME_TAKEN, () =>
    db.transaction(async (tx) => {
      const saved = await changeTheme(tx, { ...theme, version: input.version }, input.change);
      if (!saved) return STALE;
      await recordAudit(tx, acting, {
        action: `story-theme.${input.action}`,
        recordType: 'story-theme',
        recordId: theme.id,
        details: { siteId: theme.siteId, from: theme.name, name: saved.name },
      });
      return { saved };
    }),
  );
}
