/**
 * Who may do what, in one place. Every route names one of these permissions (the route table
 * refuses everyone else), and the navigation, the views and the handlers ask `can` the same
 * question, so a menu never offers what a route refuses. Sites narrow it further: an
 * administrator works across every site, everyone else only in the sites they belong to.
 */
import type { Role } from './db/schema.js';

const ADMINISTRATOR = 'administrator';
const LEAD = 'programme_lead';
const PRACTITIONER = 'practitioner';
const EXPERT = 'expert_by_experience';

const EVERYONE: readonly Role[] = [ADMINISTRATOR, LEAD, PRACTITIONER, EXPERT];
/** The council's staff: everything but the co-production group's pages. */
const STAFF: readonly Role[] = [ADMINISTRATOR, LEAD, PRACTITIONER];
/** Those who run the programme: programme leads, and administrators anywhere. */
const RUNNERS: readonly Role[] = [ADMINISTRATOR, LEAD];
/** The team itself, the people who work the new way: administrators are not in it. */
const TEAM: readonly Role[] = [LEAD, PRACTITIONER];

export const PERMISSIONS = {
  /** Their own account: password, two-step sign-in, recovery codes, signing out everywhere. */
  'account.manage': EVERYONE,

  /** The Today page: the team's own day across their sites (administrators are not in a team). */
  'today.view': TEAM,
  'sites.view': STAFF,
  'sites.create': [ADMINISTRATOR],
  'sites.edit': RUNNERS,
  'sites.archive': [ADMINISTRATOR],

  /** See and invite the people of their sites. */
  'people.invite': RUNNERS,
  /** Disable, enable, change someone's role or sites, reset their sign-in. */
  'people.administer': [ADMINISTRATOR],
  /** Give any role, administrator included, and sites they do not belong to themselves. */
  'people.give-any-role': [ADMINISTRATOR],

  'audit.view': [ADMINISTRATOR],

  'huddles.take-part': STAFF,
  /** Open a closed huddle again, with a reason: those who run the programme. */
  'huddles.reopen': RUNNERS,
  'contacts.record': STAFF,
  'contacts.import': RUNNERS,
  'actions.manage': STAFF,
  'getting-in-the-way.manage': STAFF,
  /**
   * The across-sites list in the menu. Practitioners may open it too (getting-in-the-way.manage,
   * its route's permission); they reach their site's list from the site page, so the menu keeps
   * the link for those who run the programme.
   */
  'getting-in-the-way.across-sites': RUNNERS,
  'fortnights.plan': STAFF,
  'records.remove': STAFF,

  'reflections.take-part': STAFF,
  /** Answering the wellbeing check: the team's own, so not administrators. */
  'reflections.wellbeing': TEAM,
  'reflections.close-wellbeing': RUNNERS,

  'measures.view': STAFF,
  'measures.across-sites': RUNNERS,
  'measures.mark-changes': RUNNERS,

  'stories.read': STAFF,
  'stories.write': TEAM,
  /** Review and approve others' stories, see consent history: the site's programme leads. */
  'stories.review': [LEAD],
  'stories.themes': [LEAD],

  'show-and-tells.view': STAFF,
  'show-and-tells.prepare': RUNNERS,

  /** The co-production group's pages: approved, anonymised material and their feedback. */
  'co-production.take-part': [EXPERT],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Who a permission or access rule is checked against. */
export interface Person {
  role: Role;
  siteIds: number[];
}

export function rolesWith(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission];
}

/** Administrators see every site (undefined: no limit); everyone else only the sites they belong to. */
export function visibleSiteIds(person: Person): number[] | undefined {
  return person.role === ADMINISTRATOR ? undefined : person.siteIds;
}

/** Whether the person may work in the site at all: any administrator, or a member of it. */
export function inSite(person: Person | undefined, siteId: number): boolean {
  if (!person) return false;
  const visible = visibleSiteIds(person);
  return visible === undefined || visible.includes(siteId);
}

/** Whether the person's role has the permission and, where a site is named, they work in it. */
export function can(person: Person | undefined, permission: Permission, siteId?: number): boolean {
  if (!person || !rolesWith(permission).includes(person.role)) return false;
  return siteId === undefined || inSite(person, siteId);
}

export interface MenuItem {
  href: string;
  text: string;
  /** Matched against a page's `navigation` local to mark the current item. */
  key: string;
}

/** The service menu: each item is shown to whoever has the permission of the page it opens. */
const MENU: readonly (MenuItem & { shownTo: Permission | 'visitors' | 'anyone' })[] = [
  { href: '/today', text: 'Today', key: 'today', shownTo: 'today.view' },
  { href: '/sites', text: 'Sites', key: 'sites', shownTo: 'sites.view' },
  { href: '/co-production', text: 'Your group', key: 'co-production', shownTo: 'co-production.take-part' },
  { href: '/measures', text: 'Measures', key: 'measures', shownTo: 'measures.across-sites' },
  { href: '/getting-in-the-way', text: 'Getting in the way', key: 'getting-in-the-way', shownTo: 'getting-in-the-way.across-sites' },
  { href: '/users', text: 'Users', key: 'users', shownTo: 'people.invite' },
  { href: '/audit', text: 'Audit log', key: 'audit', shownTo: 'audit.view' },
  { href: '/account', text: 'Your account', key: 'account', shownTo: 'account.manage' },
  { href: '/sign-in', text: 'Sign in', key: 'sign-in', shownTo: 'visitors' },
  { href: '/accessibility', text: 'Accessibility', key: 'accessibility', shownTo: 'anyone' },
];

const menus = new Map<Role | undefined, readonly MenuItem[]>();

/** The menu for a person, or for a visitor (undefined); the same for everyone with a role. */
export function menuFor(person: Person | undefined): readonly MenuItem[] {
  const role = person?.role;
  let menu = menus.get(role);
  if (!menu) {
    menu = MENU.filter(({ shownTo }) => (shownTo === 'anyone' ? true : shownTo === 'visitors' ? !person : can(person, shownTo))).map(
      ({ href, text, key }) => ({ href, text, key }),
    );
    menus.set(role, menu);
  }
  return menu;
}
