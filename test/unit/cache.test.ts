import assert from 'node:assert/strict';
import { cacheOf } from '../../server/cache.js';

describe('the cache every kept page and figure goes through', () => {
  const boards = () =>
    cacheOf<{ siteId: number; revision: number }, string>('test-board', {
      maxEntries: 3,
      key: ({ siteId, revision }) => [siteId, revision],
    });

  it('makes a value once for requests that miss at the same time, and keeps it under the parts it belongs to', async () => {
    const cache = boards();
    const db = {};
    let made = 0;
    const make = async () => {
      made += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { value: '<p>board at revision 8</p>', under: { siteId: 7, revision: 8 } };
    };
    const values = await Promise.all(Array.from({ length: 5 }, () => cache.keptOrMade(db, { siteId: 7, revision: 7 }, make)));
    assert.equal(made, 1);
    assert.ok(values.every((value) => value === values[0]));
    assert.equal(cache.get(db, { siteId: 7, revision: 8 }), values[0]);
    assert.equal(cache.get(db, { siteId: 7, revision: 7 }), undefined, 'not kept under the older revision asked for');
    await cache.keptOrMade(db, { siteId: 7, revision: 8 }, make);
    assert.equal(made, 1, 'a kept value is not made again');
  });

  it('lets the next request try again when making fails', async () => {
    const cache = boards();
    const db = {};
    await assert.rejects(
      cache.keptOrMade(db, { siteId: 1, revision: 1 }, async () => Promise.reject(new Error('database gone'))),
      /database gone/,
    );
    assert.equal(await cache.keptOrMade(db, { siteId: 1, revision: 1 }, () => ({ value: 'ok' })), 'ok');
  });

  it('holds at most its limit, letting the least recently used go first', () => {
    const cache = boards();
    const db = {};
    for (const revision of [1, 2, 3]) cache.set(db, { siteId: 1, revision }, `r${revision}`);
    assert.equal(cache.get(db, { siteId: 1, revision: 1 }), 'r1', 'a hit counts as a use');
    cache.set(db, { siteId: 1, revision: 4 }, 'r4');
    assert.equal(cache.size(db), 3);
    assert.equal(cache.get(db, { siteId: 1, revision: 2 }), undefined, 'the least recently used went');
    assert.equal(cache.get(db, { siteId: 1, revision: 1 }), 'r1');
    assert.equal(cache.get(db, { siteId: 1, revision: 4 }), 'r4');
  });

  it('keeps a value for as long as its key matches: no expiry, since the key says when it is stale', () => {
    const cache = boards();
    const db = {};
    const realNow = Date.now;
    try {
      cache.set(db, { siteId: 2, revision: 5 }, 'kept');
      Date.now = () => realNow() + 24 * 60 * 60_000;
      assert.equal(cache.get(db, { siteId: 2, revision: 5 }), 'kept');
    } finally {
      Date.now = realNow;
    }
  });

  it('keeps each database apart, and each cache apart under the same parts', () => {
    const first = boards();
    const second = cacheOf<{ siteId: number; revision: number }, string>('test-other', {
      maxEntries: 3,
      key: ({ siteId, revision }) => [siteId, revision],
    });
    const [a, b] = [{}, {}];
    first.set(a, { siteId: 1, revision: 1 }, 'a');
    assert.equal(first.get(b, { siteId: 1, revision: 1 }), undefined);
    assert.equal(second.get(a, { siteId: 1, revision: 1 }), undefined);
  });
});
