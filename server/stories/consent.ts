/**
 * The consent rules for stories, without I/O: which consent record governs a story on a day,
 * whether it is live, withdrawn or expired, and where its scope lets the story be used.
 * queries.ts says the same in SQL (consentStateOn); the tests hold the two to each other.
 */
import { CONSENT_SCOPES, type ConsentGiver, type ConsentScope } from '../db/schema.js';
import type { IsoDate } from '../calendar/fortnights.js';
import type { StoryAudience } from './offered.js';

export type ConsentState = 'none' | 'live' | 'withdrawn' | 'expired';

export interface ConsentRecord {
  id: number;
  consentDate: IsoDate;
  expiresOn: IsoDate;
  withdrawnOn: IsoDate | null;
  scope: readonly ConsentScope[];
}

export const GIVER_NAMES: Record<ConsentGiver, string> = {
  person: 'The person',
  attorney: 'A carer with lasting power of attorney',
  best_interests: 'A best-interests decision',
};

export const SCOPE_NAMES: Record<ConsentScope, string> = {
  show_and_tells: 'Show-and-tells',
  internal_reports: 'Internal reports',
  public: 'Public',
};

export const STATE_NAMES: Record<ConsentState, string> = {
  none: 'No consent recorded',
  live: 'Consent given',
  withdrawn: 'Consent withdrawn',
  expired: 'Consent expired',
};

/** The record that governs on `on`: the latest recorded whose consent date has come. Renewal is a newer record. */
export function governingConsent<T extends ConsentRecord>(records: readonly T[], on: IsoDate): T | undefined {
  return records.filter((record) => record.consentDate <= on).sort((a, b) => b.id - a.id)[0];
}

/** Withdrawn from the day it was withdrawn; expired after its last day, until renewed. */
export function consentStateOf(record: ConsentRecord | undefined, on: IsoDate): ConsentState {
  if (!record) return 'none';
  if (record.withdrawnOn !== null && record.withdrawnOn <= on) return 'withdrawn';
  if (on > record.expiresOn) return 'expired';
  return 'live';
}

/** Public implies every other use; nothing ticked is team only. */
export function normaliseScope(ticked: readonly string[]): ConsentScope[] {
  if (ticked.includes('public')) return [...CONSENT_SCOPES];
  return CONSENT_SCOPES.filter((scope) => ticked.includes(scope));
}

/** Show-and-tells, and the experts by experience who are their audience, need show-and-tells or public in scope. */
export function scopeCovers(scope: readonly ConsentScope[], audience: StoryAudience): boolean {
  void audience;
  return scope.includes('show_and_tells') || scope.includes('public');
}

export function scopeText(scope: readonly ConsentScope[]): string {
  if (scope.length === 0) return 'Team only';
  if (scope.includes('public')) return 'Public, and so show-and-tells and internal reports';
  return scope.map((item) => SCOPE_NAMES[item]).join(', ');
}

/** Two years on; 29 February becomes 28 February in a year without one. */
export function defaultExpiry(consentDate: IsoDate): IsoDate {
  const year = Number(consentDate.slice(0, 4)) + 2;
  const monthDay = consentDate.slice(5);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return `${year}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}
