/**
 * Rendered pages kept while nothing they show has changed: the huddle board (per site, date and
 * board revision) and a show-and-tell pack (per everything it is made from). Most loads of these
 * see nothing new, and rendering them costs far more than the lookups that say so. The key comes
 * from the database each time, so each app instance keeps its own copy and none can serve a stale
 * one (the caches themselves, and why they need no expiry, are in server/cache.ts).
 *
 * What differs per request (the session's CSRF token, its idle seconds) is left as a gap. A kept
 * page is its UTF-8 bytes cut at the gaps, so a request costs a copy of bytes and no encoding.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { pageHtml, renderPage } from './render.js';
import { cacheOf } from '../cache.js';
import type { Role } from '../db/schema.js';

/**
 * The gaps' markers carry a secret made when the process starts and never sent to anyone (every
 * gap is filled before a page leaves), so text a person types can never be taken for a gap.
 */
const GAP_SECRET = randomBytes(16).toString('hex');
type Gap = 'csrf_token' | 'idle_seconds' | 'form_key';
const markerOf = (gap: Gap) => `__kept_${gap}_${GAP_SECRET}__`;
export const CSRF_PLACEHOLDER = markerOf('csrf_token');
export const IDLE_PLACEHOLDER = markerOf('idle_seconds');
/** Each page shown gets its own key for its add forms, so a repeated submission of it adds once. */
export const FORM_KEY_PLACEHOLDER = markerOf('form_key');
const GAPS = new RegExp(`__kept_(csrf_token|idle_seconds|form_key)_${GAP_SECRET}__`, 'g');

export interface KeptPage {
  /** One more part than gaps: parts[0], gaps[0], parts[1], ... */
  parts: Buffer[];
  gaps: Gap[];
}

export interface PerRequest {
  csrfToken: string;
  idleSeconds: number;
  formKey: string;
}

/** Pages kept whole (a site's page, a show-and-tell pack), by what they show and the role they were rendered for (the menu differs). */
const keptPages = cacheOf<{ view: string; inputs: string; role: Role | 'visitor' }, KeptPage>('page', {
  maxEntries: 500,
  key: ({ view, inputs, role }) => [view, inputs, role],
});

export function keepPage(html: string): KeptPage {
  const parts: Buffer[] = [];
  const gaps: Gap[] = [];
  let from = 0;
  for (const match of html.matchAll(GAPS)) {
    parts.push(Buffer.from(html.slice(from, match.index)));
    gaps.push(match[1] as Gap);
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(html.slice(from)));
  return { parts, gaps };
}

/** The kept page as HTML with its gaps marked again, to be placed inside a larger page. */
export function keptHtml(page: KeptPage): string {
  let html = page.parts[0].toString();
  page.gaps.forEach((gap, index) => (html += `${markerOf(gap)}${page.parts[index + 1].toString()}`));
  return html;
}

/**
 * This response's key for the add forms it shows: a fresh random one for each page or part sent,
 * carried back by the form, so that the same form sent twice (a double click, a resubmit) is
 * recognised and adds one record.
 */
export function formKeyOf(res: Response): string {
  return (res.locals.formKey ??= randomBytes(16).toString('base64url'));
}

/** This request's values for the gaps. */
export function perRequest(res: Response): PerRequest {
  return { csrfToken: res.locals.csrfToken ?? '', idleSeconds: res.locals.session?.idleSecondsLeft ?? 0, formKey: formKeyOf(res) };
}

/** The session as a page template sees it, with a gap for its idle seconds. */
export function sessionWithGap(res: Response) {
  return res.locals.session ? { ...res.locals.session, idleSecondsLeft: IDLE_PLACEHOLDER } : undefined;
}

export function filledPage(page: KeptPage, values: PerRequest): Buffer {
  const token = Buffer.from(values.csrfToken);
  const idle = Buffer.from(String(values.idleSeconds));
  const formKey = Buffer.from(values.formKey);
  const chunks: Buffer[] = [page.parts[0]];
  let length = page.parts[0].length;
  page.gaps.forEach((gap, index) => {
    const value = gap === 'csrf_token' ? token : gap === 'form_key' ? formKey : idle;
    chunks.push(value, page.parts[index + 1]);
    length += value.length + page.parts[index + 1].length;
  });
  return Buffer.concat(chunks, length);
}

/** A short key for what a page is made from: the same inputs, the same page. */
export function keyOf(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * Sends a page in the site layout, kept under `key` (which must name everything the page shows)
 * and the person's role (the menu differs). A page with a one-off message is this person's alone,
 * so it is rendered fresh and not kept.
 */
export async function sendKeptPage(
  db: object,
  res: Response,
  key: string,
  view: string,
  locals: Record<string, unknown>,
  status = 200,
): Promise<void> {
  if (res.locals.flash) return renderPage(res, view, locals, status);
  const page = await keptPages.keptOrMade(db, { view, inputs: key, role: res.locals.user?.role ?? 'visitor' }, async () => ({
    value: keepPage(await pageHtml(res, view, { ...locals, csrfToken: CSRF_PLACEHOLDER, session: sessionWithGap(res) })),
  }));
  res
    .status(status)
    .type('html')
    .send(filledPage(page, perRequest(res)));
}
