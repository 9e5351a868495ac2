import type { Db } from '../../server/db/connection.js';
import {
  storyConsents,
  storyThemes,
  type ConsentScope,
  type Site,
  type Story,
  type StoryConsent,
  type StoryTheme,
  type User,
} from '../../server/db/schema.js';
import { createStory, moveStory, recordReview } from '../../server/stories/queries.js';
import type { StoryFields } from '../../server/stories/form.js';

/** A complete story, with nothing the identifier check finds in it. */
export const CLEAN_STORY = {
  title: 'Back to the lunch club',
  whatMattered: 'She wanted to get back to the lunch club where her friends meet each week.',
  whatWeDid: 'We talked with her the day she rang, and a community connector went with her the following week.',
  differenceItMade: 'She goes every week again and feels part of things. She needed no package of care.',
  oldWay: 'She would have waited weeks for an assessment and been offered a day centre place through the funding panel.',
};

export function storyFields(overrides: Partial<StoryFields> = {}): StoryFields {
  return { ...CLEAN_STORY, fortnight: 1, conversations: [1], themeIds: [], personRef: null, ...overrides };
}

/** The story form as a browser sends it. */
export function storyForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return { ...CLEAN_STORY, fortnight: '1', conversations: ['1'], personRef: '', ...overrides };
}

/** The consent form as a browser sends it: the person agreed on 1 June 2026, for show-and-tells. */
export function consentForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    givenBy: 'person',
    decidedBy: '',
    'consentDate-day': '1',
    'consentDate-month': '6',
    'consentDate-year': '2026',
    scope: ['show_and_tells'],
    'expiresOn-day': '',
    'expiresOn-month': '',
    'expiresOn-year': '',
    sawFinalText: 'yes',
    ...overrides,
  };
}

export async function aStory(db: Db, site: Site, author: User, overrides: Partial<StoryFields> = {}): Promise<Story> {
  return db.transaction((tx) => createStory(tx, site.id, author.id, storyFields(overrides), []));
}

export async function aConsent(
  db: Db,
  story: Story,
  recordedBy: User,
  overrides: Partial<typeof storyConsents.$inferInsert> = {},
): Promise<StoryConsent> {
  const [consent] = await db
    .insert(storyConsents)
    .values({
      storyId: story.id,
      givenBy: 'person',
      consentDate: '2026-06-01',
      scope: ['show_and_tells'] as ConsentScope[],
      expiresOn: '2028-06-01',
      sawFinalText: true,
      recordedBy: recordedBy.id,
      ...overrides,
    })
    .returning();
  return consent;
}

/** Submitted and approved by `reviewer`, as the review page would. */
export async function approved(db: Db, story: Story, reviewer: User): Promise<Story> {
  return db.transaction(async (tx) => {
    const submitted = (await moveStory(tx, story, ['draft', 'returned'], 'submitted'))!;
    const done = (await moveStory(tx, submitted, ['submitted'], 'approved'))!;
    await recordReview(tx, {
      storyId: story.id,
      version: story.version,
      decision: 'approved',
      reviewerId: reviewer.id,
      identifierCheck: 'clean',
      motivatedIntruder: true,
    });
    return done;
  });
}

export async function aTheme(db: Db, site: Site, name: string): Promise<StoryTheme> {
  const [theme] = await db.insert(storyThemes).values({ siteId: site.id, name }).returning();
  return theme;
}
