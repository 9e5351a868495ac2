import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog, storyReviews, storyThemes, type Site, type User } from '../../server/db/schema.js';
import {
  addStoryTheme,
  changeStory,
  recordStoryConsent,
  reviewStory,
  submitStory,
  withdrawStoryConsent,
  writeStory,
} from '../../server/stories/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { storyFields } from './helpers.js';

/** A story's use cases, from writing to approval and consent, without HTTP. */
describe('the use cases of a story of difference', function () {
  let database: TestDatabase;
  let site: Site;
  let writer: User;
  let lead: User;
  const as = (person: User) => ({ userId: person.id, ip: null });

  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db);
    writer = await aUser(database.db, { role: 'practitioner', siteIds: [site.id] });
    lead = await aUser(database.db, { role: 'programme_lead', siteIds: [site.id] });
  });
  after(async () => database.drop());

  const actionsOf = async (storyId: number) =>
    (
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.recordType, 'story'), eq(auditLog.recordId, String(storyId))))
    ).map((entry) => entry.action);

  it('writes, changes, sends and approves a story, each audited, the review kept', async () => {
    const story = await writeStory(database.db, as(writer), { siteId: site.id, fields: storyFields(), explanations: [], findings: 0 });
    const changed = await changeStory(database.db, as(writer), {
      siteId: site.id,
      story,
      version: story.version,
      fields: storyFields({ title: 'Back to the allotment' }),
      explanations: [],
      findings: 0,
    });
    assert.ok(changed.saved);
    assert.deepEqual(
      await changeStory(database.db, as(lead), {
        siteId: site.id,
        story,
        version: story.version,
        fields: storyFields(),
        explanations: [],
        findings: 0,
      }),
      {
        stale: true,
      },
    );
    const submitted = await submitStory(database.db, as(writer), { siteId: site.id, story: changed.saved });
    assert.equal(submitted.saved?.status, 'submitted');
    const check = { state: 'clean', total: 0 };
    const [first, second] = await Promise.all(
      [0, 1].map(() =>
        reviewStory(database.db, as(lead), { siteId: site.id, story: changed.saved!, approving: true, comments: '', check }),
      ),
    );
    assert.equal([first, second].filter((result) => result.saved).length, 1, 'one review of a double click, the other stale');
    assert.equal((await database.db.select().from(storyReviews).where(eq(storyReviews.storyId, story.id))).length, 1);
    assert.deepEqual(await actionsOf(story.id), ['story.created', 'story.saved', 'story.submitted', 'story.approved']);
  });

  it('records consent and withdraws it once, however often it is asked', async () => {
    const story = await writeStory(database.db, as(writer), { siteId: site.id, fields: storyFields(), explanations: [], findings: 0 });
    const consent = await recordStoryConsent(database.db, as(writer), {
      siteId: site.id,
      storyId: story.id,
      renewal: false,
      fields: { givenBy: 'person', consentDate: '2026-06-01', scope: ['show_and_tells'], expiresOn: '2028-06-01', sawFinalText: true },
    });
    const fields = { withdrawnOn: '2026-06-20', toldBy: 'The person, by phone' };
    const answers = await Promise.all(
      [0, 1, 2].map(() => withdrawStoryConsent(database.db, as(writer), { siteId: site.id, storyId: story.id, consent, fields })),
    );
    assert.deepEqual(answers.sort(), ['already', 'already', 'withdrawn']);
    assert.deepEqual(await actionsOf(story.id), ['story.created', 'story.consent-recorded', 'story.consent-withdrawn']);
  });

  it('adds a theme once when it is added twice at once, the other told the name is taken', async () => {
    const results = await Promise.all([0, 1].map(() => addStoryTheme(database.db, as(lead), { siteId: site.id, name: 'Staying at home' })));
    assert.equal(results.filter((result) => result.saved).length, 1);
    assert.equal(results.filter((result) => result.nameTaken).length, 1);
    assert.equal((await database.db.select().from(storyThemes).where(eq(storyThemes.name, 'Staying at home'))).length, 1);
  });
});
