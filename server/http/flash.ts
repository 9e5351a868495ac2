import type { NextFunction, Request, Response } from 'express';
import { readCookie } from './cookies.js';

/**
 * One-off success messages after a redirect, carried in a short-lived cookie so that any app
 * instance can show them. The cookie holds a key, never text, so nothing a visitor sets can
 * reach the page.
 */
export const FLASH_MESSAGES = {
  'site-created': 'Site created',
  'site-updated': 'Site details saved',
  'site-archived': 'Site archived',
  'site-restored': 'Site restored',
  'fortnight-saved': 'Fortnight goal and show-and-tell date saved',
  'action-added': 'Action added',
  'action-saved': 'Action saved',
  'item-added': 'Added to the log of what is getting in the way',
  'item-saved': 'Log item saved',
  'failed-sign-ins':
    'Someone tried to sign in to your account and failed since you last signed in. Your account page lists the attempts. If they were not you, tell an administrator',
  'account-unlocked': 'Sign-in unlocked. Browsers they have not used before can try again',
  'signed-out': 'You have signed out',
  'signed-out-everywhere': 'You have signed out on every device and browser',
  'two-step-on': 'Two-step sign-in is on',
  'account-ready': 'Your account is ready',
  'password-set': 'Your new password is set',
  'password-changed': 'Your password is changed. You have been signed out everywhere else',
  'two-step-reset': 'Two-step sign-in reset. They set it up again when they next sign in, and have been signed out everywhere',
  'account-disabled': 'Account disabled. They have been signed out everywhere',
  'account-enabled': 'Account enabled. They can sign in again',
  'sessions-ended': 'Their sessions have ended. They must sign in again on every device',
  'access-changed': 'Role and sites saved',
  'huddle-started': 'Huddle started',
  'huddle-closed': 'Huddle closed',
  'huddle-reopened': 'Huddle opened again',
  'attendance-saved': 'Who is here saved',
  'guest-added': 'Guest added',
  'guest-removed': 'Guest removed',
  'contact-added': 'New contact added',
  'contact-saved': 'Contact saved',
  'person-added': 'Person added to talk about',
  'person-saved': 'Person’s details saved',
  'action-reviewed': 'Action updated',
  'item-raised': 'Added to the “getting in the way” log',
  'item-brought-back': 'Brought back to this huddle',
  'reflection-started': 'Reflection started',
  'reflection-exists': 'That week already has a reflection: here it is',
  'already-removed': 'That had already been removed',
  'person-removed': 'Person removed from the huddle',
  'contact-removed': 'Contact removed',
  'action-removed': 'Action removed',
  'item-removed': 'Log item removed',
  'reflection-saved': 'Reflection saved',
  'reflection-unchanged': 'Nothing had changed, so nothing needed saving',
  'reflection-item-raised': 'Added to the getting in the way log',
  'reflection-item-linked': 'Item brought back to this reflection',
  'reflection-action-raised': 'Action added',
  'wellbeing-answered': 'Thank you. Your answer is recorded without your name',
  'wellbeing-closed': 'Wellbeing check closed. Its results show if 3 or more people answered',
  'measure-change-added': 'Change date added: the charts start a new phase there',
  'story-saved': 'Story saved',
  'story-saved-with-findings': 'Story saved. The identifier check found things to look at: edit them or explain why they are fine',
  'story-saved-for-review': 'Story saved as a new version. It goes back for review before it can be shown again',
  'story-unchanged': 'Nothing had changed, so no new version was saved',
  'story-submitted': 'Story sent for review',
  'story-approved': 'Story approved',
  'story-returned': 'Story returned to the writer with your comments',
  'consent-recorded': 'Consent recorded',
  'consent-withdrawn': 'Withdrawal recorded. The story will not be used in anything new',
  'theme-added': 'Theme added',
  'theme-saved': 'Theme saved',
  'pack-started': 'Show-and-tell pack started from the fortnight’s records',
  'section-added': 'Section added',
  'section-saved': 'Section saved',
  'section-removed': 'Section removed',
  'section-moved': 'Section moved',
  'pack-ready': 'Marked as ready to present',
  'pack-draft': 'Back to draft',
  'pack-presented': 'Marked as presented: the pack is kept as it was shown',
  'pack-shared': 'Shared with the co-production group',
  'pack-unshared': 'No longer shared with the co-production group',
  'pack-attendance-saved': 'Attendance saved',
  'feedback-answered': 'Answer saved. The group sees it under “You said, we did”',
  'feedback-given': 'Thank you. The team will read what you said and tell you what they did about it',
} as const;

export type FlashKey = keyof typeof FLASH_MESSAGES;

/** Messages that warn rather than confirm: shown in the "Important" banner, not the green one. */
const IMPORTANT: ReadonlySet<FlashKey> = new Set(['failed-sign-ins']);

const COOKIE = 'flash';

export function setFlash(res: Response, key: FlashKey): void {
  res.cookie(COOKIE, key, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 60_000, secure: res.req.secure });
}

export function flashMiddleware(req: Request, res: Response, next: NextFunction): void {
  const key = readCookie(req, COOKIE);
  if (key && req.method === 'GET' && req.get('HX-Request') !== 'true') {
    res.clearCookie(COOKIE, { path: '/' });
    if (Object.hasOwn(FLASH_MESSAGES, key)) {
      res.locals.flash = FLASH_MESSAGES[key as FlashKey];
      res.locals.flashType = IMPORTANT.has(key as FlashKey) ? 'important' : 'success';
    }
  }
  next();
}
