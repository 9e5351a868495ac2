import type { Role } from '../db/schema.js';

/** Who writes stories: practitioners and programme leads of the site (access.ts narrows changing one to its author and the leads). */
export const WRITERS: readonly Role[] = ['programme_lead', 'practitioner'];
/** Who reviews stories, themes and consent history beyond the author: programme leads. */
export const LEADS: readonly Role[] = ['programme_lead'];
