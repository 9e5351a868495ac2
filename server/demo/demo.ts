import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { addDays, fortnightNumberOn, isHuddleDay, isoWeekday, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { bankHolidays, siteMemberships, sites, users, type Role } from '../db/schema.js';
import { seedRhythm } from './rhythm.js';
import { seedDemoContacts, yearsBefore } from './contacts.js';
import { seedDemoStories } from './stories.js';
import { seedDemoShowAndTells } from './show-and-tells.js';
import { countSites } from '../sites/queries.js';
import { countUsers } from '../accounts/queries.js';
import { hashPassword } from '../accounts/passwords.js';
import { newTotpSecret, totpUri } from '../accounts/totp.js';
import { recordAudit } from '../audit/record.js';
import { ROLE_NAMES } from '../users/form.js';
import { setUpSite } from '../sites/service.js';
import { SITE_DEFAULTS } from '../sites/form.js';
import { planFortnight } from '../fortnights/service.js';
import type { Acting } from '../use-cases.js';
import { must } from '../must.js';

/** Fictional goals, in the words a team might use; no real people, places or councils. */
const GOALS = [
  'Hold every first conversation within 3 days of contact',
  'Try a community connector at the huddle every day',
  'Stop using the assessment form for conversation 1',
  'Find out why people are still waiting for equipment',
  'No hand-offs: one lead worker for every new contact',
  'Meet the housing team to unblock two long waits',
  'Bring the funding panel’s questions into our conversations',
  'Record a story of difference for the show-and-tell',
  'Test a drop-in at the library on Tuesdays',
  'Agree a short emergency plan template for crisis work',
  'Cut the time from contact to first conversation again',
  'Ask experts by experience what a good conversation feels like',
];

/** The rest of the teams of the two innovation sites: fictional names. */
const TEAMS = [
  ['Sam Okafor', 'Jo Lindqvist', 'Chris Mbeki', 'Alex Moreno'],
  ['Dee Kowalski', 'Morgan Reid', 'Nia Thomas', 'Ravi Kapoor'],
];

/** One fictional account per role; `sites` are indexes into the demo sites. */
const ACCOUNTS: { role: Role; name: string; email: string; sites: number[] }[] = [
  { role: 'administrator', name: 'Priya Shah', email: 'demo-administrator@example.org', sites: [] },
  { role: 'programme_lead', name: 'Tom Hughes', email: 'demo-lead@example.org', sites: [0, 1, 2] },
  { role: 'practitioner', name: 'Grace Adeyemi', email: 'demo-practitioner@example.org', sites: [0] },
  { role: 'expert_by_experience', name: 'Ruth Ellis', email: 'demo-expert@example.org', sites: [0] },
];

/** A password nobody has seen before: 24 random characters, made when the demo runs, never stored in the code. */
function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

function mondayOnOrBefore(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

export type DemoResult = { ok: true; lines: string[] } | { ok: false; reason: string };

/**
 * A programme with two innovation sites and a comparison team, a year of fortnights, and one
 * account per role. Refuses a database that already has sites or accounts, so it can never mix
 * with a council's own data or give anyone a way into it.
 */
export async function seedDemo(db: Db, today: IsoDate, options: { productName?: string } = {}): Promise<DemoResult> {
  if ((await countSites(db)) > 0) {
    return {
      ok: false,
      reason: 'The database already has sites. The demo only fills an empty database: point DATA_DIR or DATABASE_URL at a new one.',
    };
  }
  if ((await countUsers(db)) > 0) {
    return {
      ok: false,
      reason: 'The database already has user accounts. The demo only fills an empty database: point DATA_DIR or DATABASE_URL at a new one.',
    };
  }
  const yearAgo = mondayOnOrBefore(addDays(today, -364));
  const demoSites = [
    {
      name: 'Northgate Community Team',
      teamDescription:
        'Innovation site of the Kingsbridge Three Conversations programme (a fictional council). Social workers, occupational therapists and a community connector covering the north of the borough.',
      goLiveDate: yearAgo,
      firstFortnightStart: yearAgo,
      huddleTime: '09:15',
      goals: true,
    },
    {
      name: 'Riverside Integrated Team',
      teamDescription:
        'Second innovation site of the Kingsbridge programme: a health and social care team working from the community hospital, huddling Monday to Thursday.',
      goLiveDate: addDays(yearAgo, 28),
      firstFortnightStart: yearAgo,
      huddleTime: '09:30',
      huddleDays: [1, 2, 3, 4],
      goals: true,
    },
    {
      name: 'Eastfield Locality Team (comparison)',
      teamDescription:
        'Comparison team for the Kingsbridge programme: keeps working the old way (assessment, panel, hand-offs) until its planned go-live, so the two ways of working can be compared.',
      goLiveDate: mondayOnOrBefore(addDays(today, 91)),
      firstFortnightStart: yearAgo,
      huddleTime: '10:00',
      goals: false,
    },
  ];
  const accounts = await Promise.all(
    ACCOUNTS.map(async (account) => {
      const password = newPassword();
      const mfa = account.role === 'administrator' || account.role === 'programme_lead';
      return { ...account, password, passwordHash: await hashPassword(password), totpSecret: mfa ? newTotpSecret() : undefined };
    }),
  );
  const lines: string[] = [];
  const siteIds: number[] = [];
  await db.transaction(async (tx) => {
    // Sites go through the same use case as the CLI's create-site (audited as made at the command line).
    for (const { goals: _goals, ...fields } of demoSites) {
      const made = await setUpSite(tx, 'cli', { ...SITE_DEFAULTS, ...fields });
      const site = must(made.saved, 'a demo site (the database was empty)');
      siteIds.push(site.id);
      lines.push(`Created ${site.name} (site ${site.id})`);
    }
    const accountIds: number[] = [];
    for (const account of accounts) {
      const [user] = await tx
        .insert(users)
        .values({
          name: account.name,
          email: account.email,
          role: account.role,
          passwordHash: account.passwordHash,
          totpSecret: account.totpSecret ?? null,
          mfaEnabledAt: account.totpSecret ? sql`now()` : null,
        })
        .returning();
      if (account.sites.length)
        await tx.insert(siteMemberships).values(account.sites.map((index) => ({ userId: user.id, siteId: siteIds[index] })));
      await recordAudit(
        tx,
        { userId: null, ip: null },
        { action: 'account.created-by-demo', recordType: 'user', recordId: user.id, details: { role: account.role } },
      );
      accountIds.push(user.id);
    }
    // Each innovation site's fortnight goals, planned by the demo's programme lead as the Fortnights page does.
    const lead: Acting = { userId: accountIds[ACCOUNTS.findIndex((account) => account.role === 'programme_lead')], ip: null };
    for (const [index, { goals }] of demoSites.entries()) {
      if (!goals) continue;
      const [site] = await tx.select().from(sites).where(eq(sites.id, siteIds[index]));
      const current = fortnightNumberOn(site, today) ?? 1;
      for (let number = 1; number <= current; number += 1) {
        const goal = GOALS[(number - 1 + site.id) % GOALS.length];
        await planFortnight(tx, lead, { siteId: site.id, number, version: 0, fields: { goal, showAndTellDate: null } });
      }
      lines.push(`  ${site.name}: ${current} fortnights with goals, from ${site.firstFortnightStart}`);
    }
    // The rest of each innovation site's team: invited, so they appear on the boards, but with no password to sign in with.
    const holidays = new Set((await tx.select({ date: bankHolidays.date }).from(bankHolidays)).map((row) => row.date));
    for (const [index, names] of TEAMS.entries()) {
      const [site] = await tx.select().from(sites).where(eq(sites.id, siteIds[index]));
      const team = await tx
        .insert(users)
        .values(
          names.map((name) => ({
            name,
            email: `demo-${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
            role: 'practitioner' as const,
          })),
        )
        .returning({ id: users.id });
      await tx.insert(siteMemberships).values(team.map((member) => ({ userId: member.id, siteId: site.id })));
      const memberIds = [
        ...accounts.flatMap((account, at) =>
          account.role !== 'expert_by_experience' && account.sites.includes(index) ? [accountIds[at]] : [],
        ),
        ...team.map((member) => member.id),
      ];
      const days: IsoDate[] = [];
      for (let day = site.firstFortnightStart; day < today; day = addDays(day, 1)) if (isHuddleDay(site, day, holidays)) days.push(day);
      const counts = await seedRhythm(tx, { site, memberIds }, days, today);
      lines.push(
        `  ${site.name}: ${counts.huddles} huddles, ${counts.contacts} new contacts, ${counts.actions} huddle actions, ${counts.items} “getting in the way” items and ${counts.reflections} weekly reflections`,
      );
    }
    // Contact records for the measures: two years of the old way before go-live, then the new way;
    // the comparison team keeps the old way throughout.
    for (const [index, prefix] of ['NG', 'RV', 'EF'].entries()) {
      const [site] = await tx.select().from(sites).where(eq(sites.id, siteIds[index]));
      const switchDate = index < 2 ? site.goLiveDate : null;
      const made = await seedDemoContacts(
        tx,
        { id: site.id, prefix },
        yearsBefore(site.goLiveDate > today ? today : yearAgo, 2),
        addDays(today, -1),
        switchDate,
        index === 1 ? 18 : 25,
      );
      lines.push(
        `  ${site.name}: ${made} contact records ${switchDate ? `(the old way before ${switchDate}, the new way since)` : '(the old way throughout)'}`,
      );
    }
    lines.push(...(await seedDemoStories(tx, siteIds.slice(0, 2), today)));
    lines.push(...(await seedDemoShowAndTells(tx, siteIds.slice(0, 2), today)));
  });
  lines.push('', 'Demo accounts. The passwords and keys were made just now and are shown only once:');
  for (const account of accounts) {
    lines.push(`  ${ROLE_NAMES[account.role]}: ${account.email}  password: ${account.password}`);
    if (account.totpSecret) {
      lines.push(`    Two-step sign-in key (add it to an authenticator app): ${account.totpSecret.replace(/(.{4})/g, '$1 ').trim()}`);
      lines.push(
        `    or as a link for the app: ${totpUri(account.totpSecret, account.email, options.productName ?? 'Innovation Site Tracker')}`,
      );
    }
  }
  lines.push('');
  lines.push('Demo data is fictional: no real people, places or councils.');
  return { ok: true, lines };
}
