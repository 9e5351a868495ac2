import { createHash, randomBytes } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { sqlOf, type Db } from '../db/connection.js';
import { sessions, trustedDevices, type Role } from '../db/schema.js';
import { must } from '../must.js';

export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 10;
/** How stale last_seen_at may get before a request writes it again: saves a write per request. */
const TOUCH_AFTER_SECONDS = 60;

export interface SignedInUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  siteIds: number[];
  mfaEnabled: boolean;
}

export interface CurrentSession {
  idHash: string;
  csrfToken: string;
  mfaPending: boolean;
  /** Seconds until the session ends if the person does nothing. */
  idleSecondsLeft: number;
  user: SignedInUser | undefined;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createSession(
  db: Db,
  options: { userId?: number; mfaPending?: boolean; ip?: string; userAgent?: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await db.insert(sessions).values({
    idHash: hashToken(token),
    userId: options.userId ?? null,
    mfaPending: options.mfaPending ?? false,
    csrfToken,
    expiresAt: sql`now() + make_interval(hours => ${ABSOLUTE_HOURS})`,
    ip: options.ip?.slice(0, 100),
    userAgent: options.userAgent?.slice(0, 300),
  });
  return { token, csrfToken };
}

interface SessionRow {
  id_hash: string;
  csrf_token: string;
  mfa_pending: boolean;
  idle_seconds_left: number;
  touch: boolean;
  user_id: number | null;
  name: string | null;
  email: string | null;
  role: Role | null;
  mfa_enabled: boolean | null;
  site_ids: number[] | null;
}

/**
 * The live session for a token, with its person and their sites, in one query; undefined when
 * it has ended (30 minutes idle, 10 hours in all, or the account disabled).
 */
export async function findSession(
  db: Db,
  token: string,
  options: { touch: boolean } = { touch: true },
): Promise<CurrentSession | undefined> {
  // Every signed-in request runs this, so it goes straight to postgres.js (which prepares it once)
  // rather than through drizzle's query building and row mapping.
  const rows = await sqlOf(db)<SessionRow[]>`
    select s.id_hash, s.csrf_token, s.mfa_pending,
      extract(epoch from (s.last_seen_at + make_interval(mins => ${IDLE_MINUTES}) - now()))::int as idle_seconds_left,
      s.last_seen_at < now() - make_interval(secs => ${TOUCH_AFTER_SECONDS}) as touch,
      u.id as user_id, u.name, u.email, u.role, u.mfa_enabled_at is not null as mfa_enabled,
      case when u.id is null then null else array(select m.site_id from site_memberships m where m.user_id = u.id order by m.site_id) end as site_ids
    from sessions s
    left join users u on u.id = s.user_id
    where s.id_hash = ${hashToken(token)}
      and s.expires_at > now()
      and s.last_seen_at > now() - make_interval(mins => ${IDLE_MINUTES})
      and (s.user_id is null or u.disabled_at is null)`;
  const row = rows[0];
  if (!row) return undefined;
  const touch = row.touch && options.touch;
  if (touch)
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.idHash, row.id_hash));
  return {
    idHash: row.id_hash,
    csrfToken: row.csrf_token,
    mfaPending: row.mfa_pending,
    idleSecondsLeft: touch ? IDLE_MINUTES * 60 : row.idle_seconds_left,
    user:
      row.user_id === null
        ? undefined
        : {
            id: row.user_id,
            name: must(row.name, 'the account of a session'),
            email: must(row.email, 'the account of a session'),
            role: must(row.role, 'the account of a session'),
            siteIds: row.site_ids ?? [],
            mfaEnabled: Boolean(row.mfa_enabled),
          },
  };
}

/** Keeps a session alive: the "stay signed in" answer to the idle warning. */
export async function touchSession(db: Db, idHash: string): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.idHash, idHash));
}

export async function endSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Ends every session a person has, or every one but the session they are using. */
export async function endUserSessions(db: Db, userId: number, keepIdHash?: string): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(keepIdHash ? and(eq(sessions.userId, userId), ne(sessions.idHash, keepIdHash)) : eq(sessions.userId, userId))
    .returning({ idHash: sessions.idHash });
  // Signing out everywhere is for a lost or shared device: it stops being a browser the account knows, too.
  await db.delete(trustedDevices).where(eq(trustedDevices.userId, userId));
  return ended.length;
}
