/**
 * The use cases of signing in and of a person's own sign-in: setting the system up, signing in
 * (password, then the second step), signing out, choosing a password from a link, changing it,
 * new recovery codes and turning on two-step sign-in. Each owns its transaction and audit entry
 * (see server/use-cases.ts); none knows about HTTP. The routes read the form, call one of these,
 * set the cookies the answer names and render.
 *
 * What is counted against guessing (`reserveAttempt`) is counted outside any transaction, before
 * anything is checked, so that guesses sent at once cannot share one count; a lock that starts,
 * and a wrong answer, are audited on their own, as events in their own right.
 */
import type { Db } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { recordAudit, type Acting, type Actor, type AuditEntry } from '../audit/record.js';
import { audited } from '../use-cases.js';
import { orNotFound } from '../http/ids.js';
import { knownDevice, rememberDevice } from './devices.js';
import { checkLink, useLink, type LinkPurpose } from './links.js';
import { DUMMY_HASH, hashPassword, PASSWORD_MAX, verifyPassword } from './passwords.js';
import {
  enableMfa,
  findUser,
  findUserByEmail,
  insertFirstAdministrator,
  replaceRecoveryCodes,
  setPasswordHash,
  startMfa,
  useRecoveryCode,
  useTotpStep,
} from './queries.js';
import { openSecret } from './secret-box.js';
import { createSession, endSession, endUserSessions } from './sessions.js';
import { failedSignInsSinceLastSignIn } from './sign-in-history.js';
import { LOCK_MINUTES, reserveAttempt, succeeded, type Attempt, type ThrottleKey } from './throttle.js';
import { verifyTotp } from './totp.js';

/** Where a request comes from: its address and browser, the session it holds and its device tokens. */
export interface Visitor {
  ip: string | null;
  userAgent?: string;
  /** The session the browser holds now: ended whenever a new one starts, so an id seen before signing in is worthless after. */
  sessionIdHash?: string;
  deviceTokens: readonly string[];
}

/** A new session for the browser, and once every factor is in, the device tokens it is to keep. */
export interface Started {
  user: User;
  sessionToken: string;
  mfaPending: boolean;
  deviceTokens?: string[];
  /** Someone failed to sign in to the account since its owner last did: they are told. */
  failedSinceLastSignIn?: boolean;
  refused?: never;
}

/** An entry on the acting person's own account. */
const onOwnAccount = (acting: Acting, action: string, details?: Record<string, unknown>): AuditEntry => ({
  action,
  recordType: 'user',
  recordId: acting.userId,
  ...(details ? { details } : {}),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const actorFrom = (visitor: Visitor, userId: number | null): Actor => ({ userId, ip: visitor.ip });

async function startSession(tx: Db, visitor: Visitor, user: User, mfaPending: boolean): Promise<Started> {
  if (visitor.sessionIdHash) await endSession(tx, visitor.sessionIdHash);
  const { token } = await createSession(tx, { userId: user.id, mfaPending, ip: visitor.ip ?? undefined, userAgent: visitor.userAgent });
  if (mfaPending) return { user, sessionToken: token, mfaPending };
  // Signed in with every factor: this browser becomes one the account knows.
  const failedSinceLastSignIn = (await failedSignInsSinceLastSignIn(tx, user.id)) > 0;
  const deviceTokens = await rememberDevice(tx, visitor.deviceTokens, user.id);
  return { user, sessionToken: token, mfaPending, deviceTokens, failedSinceLastSignIn };
}

/** Each lock is audited once, when it starts: a locked account or address does not write a row per refused request. */
async function auditLocks(db: Db, visitor: Visitor, attempt: Attempt, email: string, userId: number | undefined): Promise<void> {
  for (const key of attempt.lockedNow) {
    const scope = key.kind === 'account' ? 'unknown-browsers' : key.kind === 'device' ? 'this-browser' : key.kind;
    await recordAudit(db, actorFrom(visitor, null), {
      action: 'sign-in.locked',
      recordType: userId === undefined || key.kind === 'address' ? undefined : 'user',
      recordId: key.kind === 'address' ? undefined : userId,
      details: { scope, minutes: LOCK_MINUTES, ...(key.kind === 'address' ? {} : { email: email.slice(0, 254) }) },
    });
  }
}

/** Counts the attempt, audits a lock it starts and waits out its delay: false when a key is locked. */
async function attemptAllowed(db: Db, visitor: Visitor, keys: ThrottleKey[], email: string, userId?: number): Promise<boolean> {
  const attempt = await reserveAttempt(db, keys);
  await auditLocks(db, visitor, attempt, email, userId);
  if (!attempt.allowed) return false;
  if (attempt.delayMs) await sleep(attempt.delayMs);
  return true;
}

/**
 * The first administrator, with their session, while there are no accounts at all; undefined
 * when someone set the system up a moment ago.
 */
export async function setUpFirstAdministrator(
  db: Db,
  visitor: Visitor,
  answers: { name: string; email: string; password: string },
): Promise<Started | undefined> {
  const passwordHash = await hashPassword(answers.password);
  return db.transaction(async (tx) => {
    const user = await insertFirstAdministrator(tx, { name: answers.name, email: answers.email, passwordHash });
    if (!user) return undefined;
    await recordAudit(tx, actorFrom(visitor, user.id), {
      action: 'account.created-first-administrator',
      recordType: 'user',
      recordId: user.id,
    });
    return startSession(tx, visitor, user, false);
  });
}

export type SignIn = Started | { refused: 'wrong' | 'locked'; user?: never };

/** The password step. The email and password are given (the form asks for both first). */
export async function signIn(db: Db, visitor: Visitor, email: string, typed: string): Promise<SignIn> {
  const user = await findUserByEmail(db, email);
  // A browser this account signed in on before has an allowance of its own; any other counts
  // against the account's allowance for unknown browsers, and its address's.
  const device = await knownDevice(db, visitor.deviceTokens, user?.id);
  const keys: ThrottleKey[] = device
    ? [{ kind: 'device', value: device }]
    : [
        { kind: 'account', value: email },
        { kind: 'address', value: visitor.ip ?? 'unknown' },
      ];
  if (!(await attemptAllowed(db, visitor, keys, email, user?.id))) return { refused: 'locked' };

  const usable = user && !user.disabledAt && user.passwordHash;
  // A password is checked even for an unknown email, so the answer takes as long either way.
  const correct = (await verifyPassword(usable ? usable : DUMMY_HASH, [...typed].length > PASSWORD_MAX ? '' : typed)) && Boolean(usable);
  if (!correct || !user) {
    await recordAudit(db, actorFrom(visitor, null), {
      action: 'sign-in.failed',
      recordType: user ? 'user' : undefined,
      recordId: user?.id,
      details: { email: email.slice(0, 254), knownBrowser: Boolean(device) },
    });
    return { refused: 'wrong' };
  }
  await succeeded(db, keys);
  const mfaPending = Boolean(user.mfaEnabledAt);
  return db.transaction(async (tx) => {
    const started = await startSession(tx, visitor, user, mfaPending);
    await recordAudit(tx, actorFrom(visitor, user.id), {
      action: mfaPending ? 'sign-in.password-accepted' : 'sign-in.succeeded',
      recordType: 'user',
      recordId: user.id,
    });
    return started;
  });
}

export type SecondStepAnswer = { code: string; recoveryCode?: never } | { recoveryCode: string; code?: never };
export type SecondStep = Started | { refused: 'locked' | 'wrong-code' | 'code-format' | 'wrong-recovery-code'; user?: never };

/** The second step, for the person whose password this browser's session accepted. */
export async function signInSecondStep(
  db: Db,
  visitor: Visitor,
  userId: number,
  answer: SecondStepAnswer,
  options: { now: Date; secret: Buffer },
): Promise<SecondStep> {
  const user = orNotFound(await findUser(db, userId));
  const keys: ThrottleKey[] = [{ kind: 'second-step', value: String(user.id) }];
  if (!(await attemptAllowed(db, visitor, keys, user.email, user.id))) return { refused: 'locked' };
  let refused: 'wrong-code' | 'code-format' | 'wrong-recovery-code' | undefined;
  if (answer.code !== undefined) {
    const step = user.totpSecret
      ? verifyTotp(openSecret(options.secret, user.totpSecret), answer.code, options.now, user.totpLastStep)
      : undefined;
    if (step === undefined || !(await useTotpStep(db, user.id, step)))
      refused = /^\d{6}$/.test(answer.code.replace(/\s/g, '')) ? 'wrong-code' : 'code-format';
  } else if (!(await useRecoveryCode(db, user.id, answer.recoveryCode))) refused = 'wrong-recovery-code';
  const how = answer.code !== undefined ? 'code' : 'recovery-code';
  if (refused) {
    await recordAudit(db, actorFrom(visitor, user.id), {
      action: 'sign-in.second-step-failed',
      recordType: 'user',
      recordId: user.id,
      details: { how },
    });
    return { refused };
  }
  await succeeded(db, keys);
  return db.transaction(async (tx) => {
    const started = await startSession(tx, visitor, user, false);
    await recordAudit(tx, actorFrom(visitor, user.id), {
      action: 'sign-in.succeeded',
      recordType: 'user',
      recordId: user.id,
      details: { how },
    });
    return started;
  });
}

/** Ends the browser's session; a signed-in person's sign-out is audited. */
export async function signOut(db: Db, visitor: Visitor, userId: number | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    if (visitor.sessionIdHash) await endSession(tx, visitor.sessionIdHash);
    if (userId !== undefined)
      await recordAudit(tx, actorFrom(visitor, userId), { action: 'sign-out', recordType: 'user', recordId: userId });
  });
}

/** Ends every session the person has (and forgets their browsers), answering how many. */
export function signOutEverywhere(db: Db, acting: Acting): Promise<number> {
  return audited(
    db,
    acting,
    (tx) => endUserSessions(tx, acting.userId),
    (sessions) => onOwnAccount(acting, 'sign-out.everywhere', { sessions }),
  );
}

export type LinkUse = Started | { refused: 'used'; user?: never };

/**
 * The password chosen from an invitation or reset link: the link is spent (once, however many
 * arrive at once), the password set, every other session ended and the browser signed in, in
 * one transaction. The route has checked the link and the password first.
 */
export async function choosePasswordFromLink(
  db: Db,
  visitor: Visitor,
  token: string,
  purpose: LinkPurpose,
  chosen: string,
): Promise<LinkUse> {
  const link = await checkLink(db, token, purpose);
  if (link.state !== 'valid') return { refused: 'used' };
  const passwordHash = await hashPassword(chosen);
  return db.transaction(async (tx) => {
    if (!(await useLink(tx, token, purpose))) return { refused: 'used' as const };
    const user = link.user;
    await setPasswordHash(tx, user.id, passwordHash);
    // A new password ends every other session the person had.
    await endUserSessions(tx, user.id);
    const mfaPending = Boolean(user.mfaEnabledAt);
    if (visitor.sessionIdHash) await endSession(tx, visitor.sessionIdHash);
    const { token: sessionToken } = await createSession(tx, {
      userId: user.id,
      mfaPending,
      ip: visitor.ip ?? undefined,
      userAgent: visitor.userAgent,
    });
    await recordAudit(tx, actorFrom(visitor, user.id), {
      action: purpose === 'invite' ? 'account.invite-accepted' : 'account.password-reset',
      recordType: 'user',
      recordId: user.id,
    });
    return { user, sessionToken, mfaPending };
  });
}

/**
 * The current password, asked again before a change to the person's own sign-in so that a
 * session left open cannot be used to take the account over. Its tries are counted; a wrong
 * one is audited. Undefined when it is right.
 */
export async function currentPasswordRefused(db: Db, acting: Acting, typed: string): Promise<'missing' | 'locked' | 'wrong' | undefined> {
  if (!typed) return 'missing';
  const keys: ThrottleKey[] = [{ kind: 'reauth', value: String(acting.userId) }];
  const attempt = await reserveAttempt(db, keys);
  if (!attempt.allowed) return 'locked';
  const user = orNotFound(await findUser(db, acting.userId));
  const correct = Boolean(user.passwordHash) && [...typed].length <= PASSWORD_MAX && (await verifyPassword(user.passwordHash ?? '', typed));
  if (!correct) {
    await recordAudit(db, acting, { action: 'account.reauth-failed', recordType: 'user', recordId: user.id });
    return 'wrong';
  }
  await succeeded(db, keys);
  return undefined;
}

/** A new password ends every other session: one opened with the old password is closed. Answers how many ended. */
export async function changePassword(db: Db, acting: Acting, keepSessionIdHash: string, chosen: string): Promise<number> {
  const passwordHash = await hashPassword(chosen);
  return audited(
    db,
    acting,
    async (tx) => {
      await setPasswordHash(tx, acting.userId, passwordHash);
      return endUserSessions(tx, acting.userId, keepSessionIdHash);
    },
    (sessionsEnded) => onOwnAccount(acting, 'account.password-changed', { sessionsEnded }),
  );
}

/** Ten new recovery codes in place of the old, returned once to be shown. */
export function makeNewRecoveryCodes(db: Db, acting: Acting): Promise<string[]> {
  return audited(
    db,
    acting,
    (tx) => replaceRecoveryCodes(tx, acting.userId),
    () => onOwnAccount(acting, 'account.recovery-codes-replaced'),
  );
}

/**
 * The key the person is setting two-step sign-in up with: the one already started, or a new one
 * (`seal` makes and seals it). Answers the person with their sealed key.
 */
export async function twoStepKey(db: Db, userId: number, seal: () => string): Promise<User & { totpSecret: string }> {
  const user = orNotFound(await findUser(db, userId));
  if (user.totpSecret) return { ...user, totpSecret: user.totpSecret };
  const totpSecret = seal();
  await startMfa(db, user.id, totpSecret);
  return { ...orNotFound(await findUser(db, userId)), totpSecret };
}

/** Turns two-step sign-in on with a code from the app: the recovery codes to show, or refused when the code is wrong. */
export async function enableTwoStep(
  db: Db,
  acting: Acting,
  code: string,
  options: { now: Date; secret: Buffer },
): Promise<{ codes: string[]; refused?: never } | { refused: 'wrong'; codes?: never }> {
  const user = orNotFound(await findUser(db, acting.userId));
  const step = user.totpSecret ? verifyTotp(openSecret(options.secret, user.totpSecret), code, options.now, user.totpLastStep) : undefined;
  if (step === undefined || !(await useTotpStep(db, user.id, step))) return { refused: 'wrong' };
  const codes = await audited(
    db,
    acting,
    (tx) => enableMfa(tx, user.id),
    () => onOwnAccount(acting, 'account.two-step-enabled'),
  );
  return { codes };
}
