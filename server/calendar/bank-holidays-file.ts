import { DateTime } from 'luxon';
import type { IsoDate } from './fortnights.js';

/**
 * Reads GOV.UK's bank-holidays.json (the "england-and-wales" division) or a plain list of
 * { date, title }, so that later years can be added without a code change.
 */
export function parseBankHolidaysJson(json: string): { date: IsoDate; title: string }[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('The file is not JSON. Use GOV.UK’s bank-holidays.json or a list of { "date": "YYYY-MM-DD", "title": "..." }');
  }
  const events = Array.isArray(data) ? data : (data as { 'england-and-wales'?: { events?: unknown } })?.['england-and-wales']?.events;
  if (!Array.isArray(events)) throw new Error('The file has no "england-and-wales" events and is not a list of bank holidays');
  return events.map((event, index) => {
    const { date, title } = (event ?? {}) as { date?: unknown; title?: unknown };
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid) {
      throw new Error(`Bank holiday ${index + 1} has no real date in YYYY-MM-DD form`);
    }
    if (typeof title !== 'string' || title.trim() === '') throw new Error(`Bank holiday ${index + 1} (${date}) has no title`);
    return { date, title: title.trim().slice(0, 200) };
  });
}
