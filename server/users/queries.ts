import { and, asc, eq, exists, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { emailKey, oneTimeLinks, siteMemberships, users, type Role, type User } from '../db/schema.js';
import type { AccessFields, InviteFields } from './form.js';

export type PersonStatus = 'active' | 'disabled' | 'invited';

/** A person as the user pages show them: their account, its state and their sites. */
export interface Person {
  id: number;
  name: string;
  email: string;
  role: Role;
  version: number;
  status: PersonStatus;
  mfaEnabled: boolean;
  sites: { id: number; name: string }[];
}

// The subquery names the outer "users"."id" in full: drizzle writes a lone column unqualified,
// and there it would mean sites.id.
const personColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  version: users.version,
  status: sql<PersonStatus>`case when ${users.disabledAt} is not null then 'disabled' when ${users.passwordHash} is null then 'invited' else 'active' end`,
  mfaEnabled: sql<boolean>`${users.mfaEnabledAt} is not null`,
  sites: sql<Person['sites']>`coalesce((
    select json_agg(json_build_object('id', s.id, 'name', s.name) order by lower(s.name))
    from site_memberships m join sites s on s.id = m.site_id
    where m.user_id = "users"."id"), '[]'::json)`,
};

/** Everyone, or (`inSiteIds`) the people who belong to any of those sites. */
export async function listPeople(db: Db, options: { inSiteIds?: number[] } = {}): Promise<Person[]> {
  const { inSiteIds } = options;
  if (inSiteIds?.length === 0) return [];
  return db
    .select(personColumns)
    .from(users)
    .where(
      inSiteIds
        ? exists(
            db
              .select({ one: sql`1` })
              .from(siteMemberships)
              .where(and(eq(siteMemberships.userId, users.id), inArray(siteMemberships.siteId, inSiteIds))),
          )
        : undefined,
    )
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
}

export async function findPerson(db: Db, id: number): Promise<Person | undefined> {
  const [person] = await db.select(personColumns).from(users).where(eq(users.id, id));
  return person;
}

/** An account with this email whatever its case, Unicode letters included (see emailKey). */
export async function findAccountForEmail(db: Db, email: string): Promise<{ id: number; email: string } | undefined> {
  const [found] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(sql`${emailKey(users.email)} = ${emailKey(email)}`);
  return found;
}

/**
 * Creates an account without a password, with its sites. Undefined when the email already has
 * an account, whatever its case: the unique index decides, so two invitations at once cannot both win.
 */
export async function createInvitedUser(tx: Db, fields: InviteFields): Promise<User | undefined> {
  const [user] = await tx
    .insert(users)
    .values({ name: fields.name, email: fields.email, role: fields.role })
    .onConflictDoNothing()
    .returning();
  if (!user) return undefined;
  if (fields.siteIds.length) await tx.insert(siteMemberships).values(fields.siteIds.map((siteId) => ({ userId: user.id, siteId })));
  return user;
}

/** Saves a new role and sites only if nobody has changed the account since `version` was read. */
export async function changeAccess(tx: Db, id: number, version: number, fields: AccessFields): Promise<boolean> {
  const [updated] = await tx
    .update(users)
    .set({ role: fields.role, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  if (!updated) return false;
  await tx.delete(siteMemberships).where(eq(siteMemberships.userId, id));
  if (fields.siteIds.length) await tx.insert(siteMemberships).values(fields.siteIds.map((siteId) => ({ userId: id, siteId })));
  return true;
}

/** Disables or enables the account: false when it already was (a double click), and nothing changes. */
export async function setDisabled(tx: Db, id: number, disabled: boolean): Promise<boolean> {
  const changed = await tx
    .update(users)
    .set({ disabledAt: disabled ? sql`now()` : null, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), disabled ? isNull(users.disabledAt) : isNotNull(users.disabledAt)))
    .returning({ id: users.id });
  return changed.length === 1;
}

/** Stops every unused invitation or reset link a person has: a new link, or disabling, replaces them. */
export async function expireLinks(tx: Db, userId: number): Promise<void> {
  await tx
    .update(oneTimeLinks)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(oneTimeLinks.userId, userId), isNull(oneTimeLinks.usedAt), gt(oneTimeLinks.expiresAt, sql`now()`)));
}
