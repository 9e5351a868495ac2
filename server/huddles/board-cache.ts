/**
 * The rendered agenda of a board, kept per site, date, display and revision. Every open board
 * asks for it again whenever anything changes, and most loads see nothing new: rendering its
 * hundred small forms costs far more than reading its revision. The revision comes from the
 * database, so each app instance keeps its own copy and none can serve a stale board.
 * Forms carry a placeholder for the CSRF token, filled in per request.
 */
export const CSRF_PLACEHOLDER = '__board_csrf_token__';
const MAX_ENTRIES = 500;
/** Names and teams can change without a revision (an account renamed): no copy outlives this. */
const MAX_AGE_MS = 5 * 60_000;

/** Per database, so tests (each on a database of its own, with the same ids) never share a board. */
const caches = new WeakMap<object, Map<string, { html: string; at: number }>>();

function entriesOf(db: object): Map<string, { html: string; at: number }> {
  let entries = caches.get(db);
  if (!entries) caches.set(db, (entries = new Map()));
  return entries;
}

export function boardCacheKey(parts: { siteId: number; date: string; display: string; today: string; revision: number }): string {
  return `${parts.siteId}|${parts.date}|${parts.display}|${parts.today}|${parts.revision}`;
}

export function cachedBoard(db: object, key: string, now = Date.now()): string | undefined {
  const entries = entriesOf(db);
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (now - entry.at > MAX_AGE_MS) {
    entries.delete(key);
    return undefined;
  }
  return entry.html;
}

export function cacheBoard(db: object, key: string, html: string, now = Date.now()): void {
  const entries = entriesOf(db);
  entries.delete(key);
  entries.set(key, { html, at: now });
  // A Map iterates in insertion order: the first key is the least recently stored.
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

export function withCsrfToken(html: string, token: string): string {
  return html.replaceAll(CSRF_PLACEHOLDER, token);
}
