import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { grantAppRole } from '../../server/db/app-role.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * The app's database role can read and add to the audit log, and nothing else there: it cannot
 * change, remove or empty it, nor switch off or get round the triggers that guard it.
 */
describe('the audit log, from the app’s own database role', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let app: postgres.Sql;
  const role = `ist_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  before(async () => {
    database = await createTestDatabase();
    await database.sql.unsafe(`create role ${role} login nosuperuser password '${password}'`);
    await grantAppRole(database.sql, role);
    const url = new URL(database.url);
    url.username = role;
    url.password = password;
    app = postgres(url.toString(), { max: 1, onnotice: () => undefined });
  });
  after(async () => {
    await app?.end();
    await database.sql.unsafe(`drop owned by ${role}`).catch(() => undefined);
    await database.drop();
    const admin = postgres(process.env.IST_TEST_ADMIN_URL!, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop role if exists ${role}`).catch(() => undefined);
    await admin.end();
  });

  const refused = async (statement: string, message: RegExp) => {
    await assert.rejects(app.unsafe(statement), message, statement);
  };

  it('adds to and reads the audit log, and works with the other tables', async () => {
    const [row] = await app`insert into audit_log (action) values ('test.added') returning id`;
    assert.ok(row.id);
    assert.equal((await app`select count(*)::int as n from audit_log where action = 'test.added'`)[0].n, 1);
    await app`insert into sites (name, go_live_date, first_fortnight_start) values ('Role test site', '2026-03-02', '2026-03-02')`;
    await app`update sites set name = 'Role test site, renamed' where name = 'Role test site'`;
  });

  it('cannot change, remove or empty it, nor switch off or get round its triggers', async () => {
    await refused(`update audit_log set action = 'rewritten'`, /permission denied/);
    await refused(`delete from audit_log`, /permission denied/);
    await refused(`truncate audit_log`, /permission denied/);
    await refused(`alter table audit_log disable trigger all`, /must be owner|permission denied/);
    await refused(`alter table audit_log disable trigger audit_log_no_update_or_delete`, /must be owner|permission denied/);
    await refused(`set session_replication_role = replica`, /permission denied/);
    await refused(`drop trigger audit_log_no_update_or_delete on audit_log`, /must be owner|permission denied/);
    await refused(
      `create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$ begin return new; end $$`,
      /must be owner|permission denied/,
    );
    assert.equal((await app`select count(*)::int as n from audit_log where action = 'rewritten'`)[0].n, 0);
  });
});
