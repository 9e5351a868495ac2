/**
 * The use cases of people's accounts: inviting someone (a lead or administrator on the Users page,
 * or the CLI's create-admin), and an administrator's actions on an account. See server/use-cases.ts.
 */
import type { Db } from '../db/connection.js';
import type { Role, User } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { createLink } from '../accounts/links.js';
import { resetMfa } from '../accounts/queries.js';
import { endUserSessions } from '../accounts/sessions.js';
import { unlockAccount } from '../accounts/throttle.js';
import { audited, STALE, type Acting, type Written } from '../use-cases.js';
import { changeAccess, createInvitedUser, expireLinks, setDisabled } from './queries.js';
import type { AccessFields, InviteFields } from './form.js';

export type Invitation = { user: User; path: string; emailTaken?: never } | { emailTaken: true; user?: never; path?: never };

/**
 * Makes the account, its sites and a one-time invitation link, audited, in one transaction; or,
 * when an account already has the email address, nothing. `by` is the person inviting, or 'cli'
 * for someone at the server's command line (who is nobody the app knows).
 */
export async function invitePerson(db: Db, by: Acting | 'cli', fields: InviteFields): Promise<Invitation> {
  return db.transaction(async (tx) => {
    const user = await createInvitedUser(tx, fields);
    if (!user) return { emailTaken: true as const };
    const path = await createLink(tx, user.id, 'invite', by === 'cli' ? null : by.userId);
    await recordAudit(
      tx,
      by === 'cli' ? { userId: null, ip: null } : by,
      by === 'cli'
        ? { action: 'account.created-by-cli', recordType: 'user', recordId: user.id, details: { role: user.role } }
        : {
            action: 'account.invited',
            recordType: 'user',
            recordId: user.id,
            details: { email: user.email, role: user.role, siteIds: fields.siteIds },
          },
    );
    return { user, path };
  });
}

/**
 * The administrator's actions on someone's account (the person's page). Each is one transaction
 * with its audit entry; the route checks first what the administrator may not do to themselves.
 */
type Account = { id: number; email: string; role: Role; sites: { id: number }[] };

/** An entry on the person's account: every administrator action is audited against the account it was done to. */
const onAccount = (person: { id: number }, action: string, details?: Record<string, unknown>) => ({
  action,
  recordType: 'user',
  recordId: person.id,
  ...(details ? { details } : {}),
});

/**
 * Disables the account, ends its sessions and expires its links. Disabling one already disabled
 * (a double click, or two administrators at once) changes and audits nothing.
 */
export async function disableAccount(db: Db, acting: Acting, person: { id: number }): Promise<void> {
  await audited(
    db,
    acting,
    async (tx) => {
      if (!(await setDisabled(tx, person.id, true))) return undefined;
      const sessionsEnded = await endUserSessions(tx, person.id);
      await expireLinks(tx, person.id);
      return sessionsEnded;
    },
    (sessionsEnded) => (sessionsEnded === undefined ? undefined : onAccount(person, 'account.disabled', { sessionsEnded })),
  );
}

/** Enables a disabled account; one already enabled changes and audits nothing. */
export async function enableAccount(db: Db, acting: Acting, person: { id: number }): Promise<void> {
  await audited(
    db,
    acting,
    (tx) => setDisabled(tx, person.id, false),
    (changed) => (changed ? onAccount(person, 'account.enabled') : undefined),
  );
}

/** Ends the account's sessions, all but `keep` (the administrator's own, when it is their account). */
export async function endSessionsOf(db: Db, acting: Acting, person: { id: number }, keep?: string): Promise<void> {
  await audited(
    db,
    acting,
    (tx) => endUserSessions(tx, person.id, keep),
    (sessionsEnded) => onAccount(person, 'account.sessions-ended', { sessionsEnded }),
  );
}

/** Turns two-step sign-in off (they set it up again when next signing in) and ends their sessions. */
export async function resetTwoStep(db: Db, acting: Acting, person: { id: number }): Promise<void> {
  await audited(
    db,
    acting,
    async (tx) => {
      await resetMfa(tx, person.id);
      return endUserSessions(tx, person.id);
    },
    (sessionsEnded) => onAccount(person, 'account.two-step-reset', { sessionsEnded }),
  );
}

/** Lifts a lock on signing in; false (nothing written) when there was none. */
export async function unlockSignIn(db: Db, acting: Acting, person: { id: number; email: string }): Promise<boolean> {
  return audited(
    db,
    acting,
    (tx) => unlockAccount(tx, person.email),
    (unlocked) => (unlocked ? onAccount(person, 'account.sign-in-unlocked') : undefined),
  );
}

/** A new one-time link (an invitation, or a password reset), replacing any earlier one. */
export async function newAccountLink(db: Db, acting: Acting, person: { id: number }, purpose: 'invite' | 'reset'): Promise<string> {
  return audited(
    db,
    acting,
    async (tx) => {
      await expireLinks(tx, person.id);
      return createLink(tx, person.id, purpose, acting.userId);
    },
    () => onAccount(person, purpose === 'invite' ? 'account.invite-link-created' : 'account.reset-link-created'),
  );
}

/** Changes someone's role and sites, read at `version`: stale if someone changed the account since. */
export async function changeAccountAccess(
  db: Db,
  acting: Acting,
  input: { person: Account; version: number; fields: AccessFields },
): Promise<Written<true>> {
  const { person, fields } = input;
  return db.transaction(async (tx) => {
    if (!(await changeAccess(tx, person.id, input.version, fields))) return STALE;
    const before = { role: person.role, siteIds: person.sites.map((site) => site.id) };
    await recordAudit(tx, acting, onAccount(person, 'account.access-changed', { before, after: fields }));
    return { saved: true as const };
  });
}
