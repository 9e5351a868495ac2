import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from './connection.js';

/**
 * The app runs as a role that owns nothing: it may read and write the tables, but only read and
 * add to the audit log, and being neither the tables' owner nor a superuser it cannot disable the
 * audit log's triggers or set session_replication_role to get round them. Migrations run as the
 * owner. The embedded database sets both up itself; on a managed server, `npm run cli --
 * grant-app-role --role NAME` (as the owner) gives an existing role these grants.
 */
export const EMBEDDED_APP_ROLE = 'tracker_app';

/** The grants, for every table the migrations made: run as the tables' owner after migrating. */
export async function grantAppRole(sql: Sql, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`A role name is lower-case letters, digits and underscores, not "${role}"`);
  const name = sql(role);
  await sql`grant usage on schema public to ${name}`;
  await sql`grant select, insert, update, delete on all tables in schema public to ${name}`;
  await sql`grant usage, select on all sequences in schema public to ${name}`;
  // The audit log: read and add to, never change, remove or empty.
  await sql`revoke update, delete, truncate, references, trigger on audit_log from ${name}`;
  // The app checks at start that no migration is pending.
  await sql`grant usage on schema drizzle to ${name}`.catch(() => undefined);
  await sql`grant select on all tables in schema drizzle to ${name}`.catch(() => undefined);
}

/**
 * For the embedded database: the app's role, made (or its password renewed) by the superuser,
 * its password kept beside the server's in the data folder. Returns the URL to connect as it.
 */
export async function embeddedAppRoleUrl(ownerSql: Sql, ownerUrl: string, dataDir: string): Promise<string> {
  const passwordFile = path.join(dataDir, 'postgres-app-password');
  let password = (await fs.readFile(passwordFile, 'utf8').catch(() => '')).trim();
  if (!password) {
    password = randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, password, { mode: 0o600 });
  }
  const [existing] = await ownerSql`select 1 from pg_roles where rolname = ${EMBEDDED_APP_ROLE}`;
  // A password as a literal: CREATE and ALTER ROLE take no parameters.
  const literal = `'${password.replace(/'/g, "''")}'`;
  if (!existing)
    await ownerSql.unsafe(`create role ${EMBEDDED_APP_ROLE} login nosuperuser nocreatedb nocreaterole noinherit password ${literal}`);
  else await ownerSql.unsafe(`alter role ${EMBEDDED_APP_ROLE} login nosuperuser nocreatedb nocreaterole password ${literal}`);
  await grantAppRole(ownerSql, EMBEDDED_APP_ROLE);
  const url = new URL(ownerUrl);
  url.username = EMBEDDED_APP_ROLE;
  url.password = password;
  return url.toString();
}
