/**
 * Who may do what with a story, beyond the route table's roles (which keep experts by experience
 * out of every staff route) and loadSite (which keeps everyone to their own sites).
 */
import type { SignedInUser } from '../accounts/sessions.js';
import type { ConsentState } from './consent.js';
import { can } from '../permissions.js';

interface StoryOwnership {
  siteId: number;
  authorId: number;
}

export function isLeadOf(user: SignedInUser | undefined, siteId: number): boolean {
  return can(user, 'stories.review', siteId);
}

/** Its author, and the site's programme leads. */
export function mayEdit(user: SignedInUser | undefined, story: StoryOwnership): boolean {
  return Boolean(user && (user.id === story.authorId || isLeadOf(user, story.siteId)));
}

/** A programme lead of the site who did not write it. */
export function mayReview(user: SignedInUser | undefined, story: StoryOwnership): boolean {
  return Boolean(user && isLeadOf(user, story.siteId) && user.id !== story.authorId);
}

/**
 * Once consent is withdrawn or has expired, only the author and the site's programme leads still
 * see the story's text; everyone else, administrators included, sees its title and status.
 */
export function maySeeText(user: SignedInUser | undefined, story: StoryOwnership, consent: ConsentState): boolean {
  if (consent !== 'withdrawn' && consent !== 'expired') return true;
  return mayEdit(user, story);
}
