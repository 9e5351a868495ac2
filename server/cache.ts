/**
 * What the app keeps in memory between requests, in one place: the huddle board, the pages kept
 * whole (a site, a show-and-tell pack), a pack's rendered parts, and the measures' figures.
 *
 * Every kept value is named by a typed key: the inputs it was made from, down to a revision the
 * database moves whenever a row behind it changes (drizzle/0020_revisions_from_the_database.sql),
 * or the very values it shows. So a key that matches is never stale, on any app instance, and no
 * value needs an expiry to be right: the only limit is how many each cache holds, least recently
 * used first out. A key part left out does not compile: each cache's key builder takes every part
 * by name.
 *
 * Stores are per database, so tests (each on a database of its own, with the same ids) never
 * share a value.
 */

type KeyPart = string | number | boolean | null | undefined;

export interface Cache<Parts, Value> {
  /** The value kept under these parts, if any; a hit counts as a use. */
  get(db: object, parts: Parts): Value | undefined;
  set(db: object, parts: Parts, value: Value): void;
  /**
   * The value kept under `parts`, or the one `make` makes. Requests that miss at once (every open
   * board asking after a change) wait for one `make` rather than each making its own. `make` may
   * say the parts its value belongs under (a newer revision than the one asked for, read with it).
   */
  keptOrMade(
    db: object,
    parts: Parts,
    make: () => Promise<{ value: Value; under?: Parts }> | { value: Value; under?: Parts },
  ): Promise<Value>;
  /** How many values are kept for this database (for tests and the bench). */
  size(db: object): number;
}

export function cacheOf<Parts, Value>(
  name: string,
  options: { maxEntries: number; key: (parts: Parts) => readonly KeyPart[] },
): Cache<Parts, Value> {
  const stores = new WeakMap<object, Map<string, Value>>();
  const making = new WeakMap<object, Map<string, Promise<Value>>>();
  const keyOf = (parts: Parts) => `${name}|${options.key(parts).join('|')}`;

  function storeOf(db: object): Map<string, Value> {
    let store = stores.get(db);
    if (!store) stores.set(db, (store = new Map<string, Value>()));
    return store;
  }

  function getByKey(db: object, key: string): Value | undefined {
    const store = storeOf(db);
    const value = store.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: moving a hit to the end keeps the least recently used first.
    store.delete(key);
    store.set(key, value);
    return value;
  }

  function setByKey(db: object, key: string, value: Value): void {
    const store = storeOf(db);
    store.delete(key);
    store.set(key, value);
    if (store.size > options.maxEntries) {
      const oldest = store.keys().next();
      if (!oldest.done) store.delete(oldest.value);
    }
  }

  return {
    get: (db, parts) => getByKey(db, keyOf(parts)),
    set: (db, parts, value) => setByKey(db, keyOf(parts), value),
    async keptOrMade(db, parts, make) {
      const key = keyOf(parts);
      const kept = getByKey(db, key);
      if (kept !== undefined) return kept;
      let inFlight = making.get(db);
      if (!inFlight) making.set(db, (inFlight = new Map<string, Promise<Value>>()));
      const pending = inFlight.get(key);
      if (pending) return pending;
      const made = Promise.resolve()
        .then(make)
        .then(({ value, under }) => {
          setByKey(db, under === undefined ? key : keyOf(under), value);
          return value;
        });
      inFlight.set(key, made);
      try {
        return await made;
      } finally {
        inFlight.delete(key);
      }
    },
    size: (db) => storeOf(db).size,
  };
}
