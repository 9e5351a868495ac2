import type { Db } from '../../server/db/connection.js';
import { fortnight } from '../../server/calendar/fortnights.js';
import type { Site, User } from '../../server/db/schema.js';
import { assembleSections, fortnightRecords } from '../../server/show-and-tells/assemble.js';
import { createPack, findPackById, type NewSection, type PackWithSections } from '../../server/show-and-tells/queries.js';

/** A pack made as the "Start the pack" button makes it, from the fortnight's records; `change` adjusts its sections first. */
export async function aPack(
  db: Db,
  site: Site,
  lead: User,
  number: number,
  options: { today?: string; change?: (sections: NewSection[]) => NewSection[] } = {},
): Promise<PackWithSections> {
  const period = fortnight(site, number);
  const records = await fortnightRecords(db, site.id, period);
  const sections = assembleSections(site, period, records, [], options.today ?? '2026-06-10');
  const pack = await db.transaction((tx) => createPack(tx, site.id, number, options.change ? options.change(sections) : sections, lead.id));
  return (await findPackById(db, pack!.id))!;
}

/** A section's form as a browser sends it. */
export function sectionForm(
  section: {
    title: string;
    body: string;
    vision?: string;
    goalMet?: string | null;
    measures?: string[];
    storyIds?: number[];
    version?: number;
  },
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    title: section.title,
    body: section.body,
    vision: section.vision ?? '',
    goalMet: section.goalMet ?? '',
    measures: section.measures ?? [],
    storyIds: (section.storyIds ?? []).map(String),
    ...(section.version !== undefined ? { version: String(section.version) } : {}),
    ...overrides,
  };
}
