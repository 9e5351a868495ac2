import assert from 'node:assert/strict';
import { asc, eq, sql } from 'drizzle-orm';
import { seedDemo } from '../../server/demo/demo.js';
import { sites, stories, storyConsents, storyReviews } from '../../server/db/schema.js';
import { consentStateOf, governingConsent } from '../../server/stories/consent.js';
import { checkStory, summarise } from '../../server/stories/findings.js';
import { offeredStories } from '../../server/stories/offered.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const TODAY = '2026-06-10';

describe('demo: stories of difference', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    const result = await seedDemo(t.database.db, TODAY);
    assert.ok(result.ok);
    assert.ok(
      result.lines.some((line) => /14 stories of difference/.test(line)),
      result.lines.join('\n'),
    );
  });
  after(async () => t.close());

  it('adds a dozen stories and more across statuses, including one withdrawn and one expired', async () => {
    const db = t.database.db;
    const all = await db.select().from(stories).orderBy(asc(stories.id));
    assert.ok(all.length >= 12);
    const byStatus = (status: string) => all.filter((story) => story.status === status).length;
    assert.ok(
      byStatus('draft') >= 2 && byStatus('submitted') >= 2 && byStatus('approved') >= 6 && byStatus('returned') >= 1,
      JSON.stringify(all.map((story) => story.status)),
    );
    const consents = await db.select().from(storyConsents);
    const states = all.map((story) =>
      consentStateOf(
        governingConsent(
          consents.filter((consent) => consent.storyId === story.id),
          TODAY,
        ),
        TODAY,
      ),
    );
    assert.equal(states.filter((state) => state === 'withdrawn').length, 1);
    assert.equal(states.filter((state) => state === 'expired').length, 1);
    const changed = all.find((story) => story.status === 'submitted' && story.approvedVersion === 1 && story.version === 2);
    assert.ok(changed, 'one story was changed after its approval and is back in review');
    const reviews = await db.select().from(storyReviews);
    assert.ok(
      reviews.every((review) => all.find((story) => story.id === review.storyId)!.authorId !== review.reviewerId),
      'nobody reviewed their own story',
    );
  });

  it('offers some stories to the show-and-tell and the co-production group, never a team-only, withdrawn or expired one', async () => {
    const [northgate] = await t.database.db.select().from(sites).where(eq(sites.name, 'Northgate Community Team'));
    const offered = await offeredStories(t.database.db, northgate.id, { audience: 'expert-by-experience', on: TODAY });
    assert.equal(offered.length, 2);
    assert.ok(offered.every((story) => story.toldBy === 'Northgate Community Team'));
  });

  it('keeps its approved stories clean of the identifier check’s findings, and its two drafts full of them', async () => {
    const all = await t.database.db
      .select()
      .from(stories)
      .where(sql`${stories.title} like 'Draft:%' or ${stories.status} = 'approved'`);
    for (const story of all) {
      const { total } = summarise(checkStory(story));
      if (story.title.startsWith('Draft:')) assert.ok(total >= 5, `${story.title}: ${total} findings`);
      else assert.equal(total, 0, `${story.title} should be clean`);
    }
  });
});
