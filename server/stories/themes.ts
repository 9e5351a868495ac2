import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { storyThemes, type StoryTheme } from '../db/schema.js';
import { characterCount, FormErrorsBuilder, text, type Body, type FormErrors } from '../http/forms.js';

export const THEME_MAX = 80;

/** A site's themes, current ones first, each in alphabetical order. */
export async function themesOf(db: Db, siteId: number): Promise<StoryTheme[]> {
  return db
    .select()
    .from(storyThemes)
    .where(eq(storyThemes.siteId, siteId))
    .orderBy(sql`${storyThemes.retiredAt} is not null`, asc(sql`lower(${storyThemes.name})`));
}

/** The themes a story may pick: the site's current ones, and any retired ones it already has. */
export function pickableThemes(themes: readonly StoryTheme[], chosen: readonly number[] = []): StoryTheme[] {
  return themes.filter((theme) => !theme.retiredAt || chosen.includes(theme.id));
}

export function themeNames(themes: readonly StoryTheme[], ids: readonly number[]): string[] {
  return ids.flatMap((id) => themes.find((theme) => theme.id === id)?.name ?? []);
}

export function readThemeName(body: Body | undefined): { name?: string; errors?: FormErrors } {
  const name = text(body, 'name');
  const errors = new FormErrorsBuilder();
  if (!name) errors.add('name', 'Enter the theme, for example “connected to community”');
  else if (characterCount(name) > THEME_MAX) errors.add('name', `Theme must be ${THEME_MAX} characters or fewer`);
  return errors.any ? { errors: errors.result() } : { name };
}

export async function findTheme(db: Db, siteId: number, id: number): Promise<StoryTheme | undefined> {
  const [theme] = await db
    .select()
    .from(storyThemes)
    .where(and(eq(storyThemes.siteId, siteId), eq(storyThemes.id, id)));
  return theme;
}

/** Call inside a transaction; a name the site already has (whatever its case) is refused by the unique index. */
export async function addTheme(tx: Db, siteId: number, name: string, createdBy: number): Promise<StoryTheme> {
  const [theme] = await tx.insert(storyThemes).values({ siteId, name, createdBy }).returning();
  return theme;
}

/** Renames, or retires and restores, if nobody has changed the theme since `version` was read; undefined when someone has. */
export async function changeTheme(
  tx: Db,
  theme: { id: number; siteId: number; version: number },
  change: { name?: string; retired?: boolean },
): Promise<StoryTheme | undefined> {
  const [changed] = await tx
    .update(storyThemes)
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.retired !== undefined ? { retiredAt: change.retired ? sql`coalesce(${storyThemes.retiredAt}, now())` : null } : {}),
      version: sql`${storyThemes.version} + 1`,
    })
    .where(and(eq(storyThemes.id, theme.id), eq(storyThemes.siteId, theme.siteId), eq(storyThemes.version, theme.version)))
    .returning();
  return changed;
}

export const THEME_UNIQUE = 'story_themes_site_name';
