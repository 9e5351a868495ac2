import type { Db } from '../../server/db/connection.js';
import type { Site } from '../../server/db/schema.js';
import { createSite } from '../../server/sites/queries.js';
import { SITE_DEFAULTS, type SiteFields } from '../../server/sites/form.js';

let counter = 0;

/** A complete, valid site's fields, as the form's validation gives them; a new name each time unless given one. */
export function siteFields(overrides: Partial<SiteFields> = {}): SiteFields {
  counter += 1;
  return {
    name: `Test site ${counter}`,
    teamDescription: 'A fictional team for tests',
    goLiveDate: '2026-03-02',
    firstFortnightStart: '2026-03-02',
    ...SITE_DEFAULTS,
    ...overrides,
  };
}

export async function aSite(db: Db, overrides: Partial<SiteFields> = {}): Promise<Site> {
  return createSite(db, siteFields(overrides));
}

/** A urlencoded site form body, as a browser would send it. */
export function siteForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: 'Northgate Community Team',
    teamDescription: 'Social workers and OTs covering the north of the borough',
    'goLive-day': '2',
    'goLive-month': '3',
    'goLive-year': '2026',
    'firstFortnight-day': '2',
    'firstFortnight-month': '3',
    'firstFortnight-year': '2026',
    fortnightLengthDays: '14',
    huddleDays: ['1', '2', '3', '4', '5'],
    huddleTime: '09:30',
    reflectionDay: '5',
    ...overrides,
  };
}

/** Encodes a form the way a browser does: a repeated name for each value of a list. */
export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params.toString();
}
