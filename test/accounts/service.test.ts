import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { auditLog, recoveryCodes, sessions, trustedDevices, users, type User } from '../../server/db/schema.js';
import { createLink } from '../../server/accounts/links.js';
import { enableMfa } from '../../server/accounts/queries.js';
import { verifyPassword } from '../../server/accounts/passwords.js';
import { createSession, hashToken } from '../../server/accounts/sessions.js';
import { totpCode, totpStep } from '../../server/accounts/totp.js';
import {
  changePassword,
  choosePasswordFromLink,
  currentPasswordRefused,
  enableTwoStep,
  makeNewRecoveryCodes,
  setUpFirstAdministrator,
  signIn,
  signInSecondStep,
  signOut,
  signOutEverywhere,
  twoStepKey,
  type Visitor,
} from '../../server/accounts/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aUser, currentTotp, TEST_PASSWORD } from '../helpers/accounts.js';

const NEW_PASSWORD = 'correct horse battery staple tram';
const secret = randomBytes(32);
const browser = (overrides: Partial<Visitor> = {}): Visitor => ({ ip: '198.51.100.7', userAgent: 'test', deviceTokens: [], ...overrides });

/** Signing in and a person's own sign-in, as the account pages do, without HTTP. */
describe('the use cases of signing in', function () {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.drop());

  const entries = (action: string, userId?: number) =>
    database.db
      .select()
      .from(auditLog)
      .where(userId === undefined ? eq(auditLog.action, action) : and(eq(auditLog.action, action), eq(auditLog.recordId, String(userId))));
  const sessionsOf = (user: User) => database.db.select().from(sessions).where(eq(sessions.userId, user.id));
  const anotherSession = async (user: User) => hashToken((await createSession(database.db, { userId: user.id })).token);

  it('sets the system up once when five people send the first administrator at once, each with a session', async () => {
    const answers = (n: number) => ({ name: `Admin ${n}`, email: `admin${n}@example.org`, password: NEW_PASSWORD });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => setUpFirstAdministrator(database.db, browser(), answers(n))));
    const started = results.filter((result) => result !== undefined);
    assert.equal(started.length, 1);
    assert.equal((await database.db.select().from(users)).length, 1);
    const [admin] = started;
    assert.equal(admin.user.role, 'administrator');
    assert.equal(admin.mfaPending, false);
    assert.equal((await sessionsOf(admin.user)).length, 1);
    assert.equal((await entries('account.created-first-administrator')).length, 1);
  });

  it('refuses a wrong password with an audit entry and no session, and signs the right one in, ending the old session', async () => {
    const practitioner = await aUser(database.db, { email: 'jo.bloggs@example.org' });
    const wrong = await signIn(database.db, browser(), 'Jo.Bloggs@example.org', 'not the password');
    assert.deepEqual(wrong, { refused: 'wrong' });
    const [failed] = await entries('sign-in.failed', practitioner.id);
    assert.deepEqual(failed.details, { email: 'Jo.Bloggs@example.org', knownBrowser: false });
    assert.equal((await sessionsOf(practitioner)).length, 0);

    const before = await createSession(database.db, {});
    const right = await signIn(database.db, browser({ sessionIdHash: hashToken(before.token) }), 'jo.bloggs@example.org', TEST_PASSWORD);
    assert.ok(!right.refused);
    assert.equal(right.mfaPending, false);
    assert.equal(right.failedSinceLastSignIn, true, 'the wrong password before is told');
    assert.equal(right.deviceTokens?.length, 1, 'the browser becomes one the account knows');
    assert.equal((await database.db.select().from(trustedDevices).where(eq(trustedDevices.userId, practitioner.id))).length, 1);
    const kept = await database.db.select().from(sessions);
    assert.deepEqual(
      kept.map((row) => row.idHash),
      [hashToken(right.sessionToken)],
      'the session held before signing in is gone',
    );
    assert.equal((await entries('sign-in.succeeded', practitioner.id)).length, 1);
  });

  it('asks a lead for the second step, refuses a replayed or misformed code, and takes a recovery code once', async () => {
    const lead = await aUser(database.db, { role: 'programme_lead' });
    const password = await signIn(database.db, browser(), lead.email, TEST_PASSWORD);
    assert.ok(!password.refused);
    assert.equal(password.mfaPending, true);
    assert.equal(password.deviceTokens, undefined, 'not a known browser until every factor is in');
    assert.equal((await entries('sign-in.password-accepted', lead.id)).length, 1);

    const visitor = browser({ sessionIdHash: hashToken(password.sessionToken) });
    const now = new Date();
    const code = await signInSecondStep(database.db, visitor, lead.id, { code: currentTotp(now) }, { now, secret });
    assert.ok(!code.refused);
    assert.equal(code.mfaPending, false);
    assert.deepEqual(
      (await sessionsOf(lead)).map((row) => [row.idHash, row.mfaPending]),
      [[hashToken(code.sessionToken), false]],
    );
    const replayed = await signInSecondStep(database.db, browser(), lead.id, { code: currentTotp(now) }, { now, secret });
    assert.deepEqual(replayed, { refused: 'wrong-code' });
    assert.deepEqual(await signInSecondStep(database.db, browser(), lead.id, { code: 'abc' }, { now, secret }), { refused: 'code-format' });

    const [recovery] = await enableMfa(database.db, lead.id);
    assert.ok(!(await signInSecondStep(database.db, browser(), lead.id, { recoveryCode: recovery }, { now, secret })).refused);
    assert.deepEqual(await signInSecondStep(database.db, browser(), lead.id, { recoveryCode: recovery }, { now, secret }), {
      refused: 'wrong-recovery-code',
    });
    const failures = await entries('sign-in.second-step-failed', lead.id);
    assert.deepEqual(
      failures.map((entry) => entry.details).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [{ how: 'code' }, { how: 'code' }, { how: 'recovery-code' }],
    );
  });

  it('locks the second step after ten wrong codes sent at once, auditing the lock once', async () => {
    const lead = await aUser(database.db, { role: 'programme_lead' });
    const now = new Date();
    const wrong = totpCode('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU', totpStep(now));
    const results = await Promise.all(
      Array.from({ length: 30 }, () => signInSecondStep(database.db, browser(), lead.id, { code: wrong }, { now, secret })),
    );
    assert.equal(results.filter((result) => result.refused === 'wrong-code').length, 10);
    assert.equal(results.filter((result) => result.refused === 'locked').length, 20);
    assert.equal((await entries('sign-in.locked', lead.id)).length, 1);
  });

  it('signs out with an audit entry, and out everywhere, forgetting the browsers', async () => {
    const practitioner = await aUser(database.db);
    const started = await signIn(database.db, browser(), practitioner.email, TEST_PASSWORD);
    assert.ok(!started.refused);
    await anotherSession(practitioner);
    await signOut(database.db, browser({ sessionIdHash: hashToken(started.sessionToken) }), practitioner.id);
    assert.equal((await sessionsOf(practitioner)).length, 1);
    assert.equal((await entries('sign-out', practitioner.id)).length, 1);

    await anotherSession(practitioner);
    assert.equal(await signOutEverywhere(database.db, { userId: practitioner.id, ip: null }), 2);
    assert.equal((await sessionsOf(practitioner)).length, 0);
    assert.equal((await database.db.select().from(trustedDevices).where(eq(trustedDevices.userId, practitioner.id))).length, 0);
    const [everywhere] = await entries('sign-out.everywhere', practitioner.id);
    assert.deepEqual(everywhere.details, { sessions: 2 });
  });

  it('spends an invitation link once when it is sent five times at once: one password, one session, one audit entry', async () => {
    const invited = await aUser(database.db, { mfa: false });
    await anotherSession(invited);
    const path = await createLink(database.db, invited.id, 'invite', null);
    const token = path.split('/').pop() ?? '';
    const results = await Promise.all(
      Array.from({ length: 5 }, () => choosePasswordFromLink(database.db, browser(), token, 'invite', NEW_PASSWORD)),
    );
    const started = results.filter((result) => !result.refused);
    assert.equal(started.length, 1);
    assert.equal(results.filter((result) => result.refused === 'used').length, 4);
    assert.deepEqual(
      (await sessionsOf(invited)).map((row) => row.idHash),
      started.map((result) => hashToken(result.sessionToken ?? '')),
      'the session from before the new password is ended',
    );
    const [user] = await database.db.select().from(users).where(eq(users.id, invited.id));
    assert.ok(await verifyPassword(user.passwordHash ?? '', NEW_PASSWORD));
    assert.equal((await entries('account.invite-accepted', invited.id)).length, 1);
  });

  it('changes a password after the current one, keeping this session and ending the others, and audits a wrong current password', async () => {
    const practitioner = await aUser(database.db);
    const acting = { userId: practitioner.id, ip: '198.51.100.9' };
    assert.equal(await currentPasswordRefused(database.db, acting, ''), 'missing');
    assert.equal(await currentPasswordRefused(database.db, acting, 'not it'), 'wrong');
    assert.equal((await entries('account.reauth-failed', practitioner.id)).length, 1);
    assert.equal(await currentPasswordRefused(database.db, acting, TEST_PASSWORD), undefined);

    const mine = await anotherSession(practitioner);
    await anotherSession(practitioner);
    await anotherSession(practitioner);
    assert.equal(await changePassword(database.db, acting, mine, NEW_PASSWORD), 2);
    assert.deepEqual(
      (await sessionsOf(practitioner)).map((row) => row.idHash),
      [mine],
    );
    const [changed] = await entries('account.password-changed', practitioner.id);
    assert.deepEqual(changed.details, { sessionsEnded: 2 });
    assert.equal(changed.ip, '198.51.100.9');
  });

  it('turns two-step sign-in on with the key it started, and makes new recovery codes in place of the old', async () => {
    const practitioner = await aUser(database.db, { mfa: false });
    const acting = { userId: practitioner.id, ip: null };
    let made = 0;
    const seal = () => {
      made += 1;
      return 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    };
    const first = await twoStepKey(database.db, practitioner.id, seal);
    const again = await twoStepKey(database.db, practitioner.id, seal);
    assert.equal(made, 1, 'opening the set-up page twice keeps the key the app was given');
    assert.equal(again.totpSecret, first.totpSecret);

    const now = new Date();
    assert.deepEqual(await enableTwoStep(database.db, acting, '000000', { now, secret }), { refused: 'wrong' });
    const enabled = await enableTwoStep(database.db, acting, currentTotp(now), { now, secret });
    assert.equal(enabled.codes?.length, 10);
    assert.ok((await database.db.select().from(users).where(eq(users.id, practitioner.id)))[0].mfaEnabledAt);
    assert.equal((await entries('account.two-step-enabled', practitioner.id)).length, 1);

    const replaced = await makeNewRecoveryCodes(database.db, acting);
    assert.equal(replaced.length, 10);
    assert.ok(replaced.every((code) => !enabled.codes?.includes(code)));
    assert.equal((await database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, practitioner.id))).length, 10);
    assert.equal((await entries('account.recovery-codes-replaced', practitioner.id)).length, 1);
  });
});
