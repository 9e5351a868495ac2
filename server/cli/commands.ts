import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Db } from '../db/connection.js';
import { parseBankHolidaysJson } from '../calendar/bank-holidays-file.js';
import { importBankHolidays } from '../calendar/queries.js';
import { dateInputFromIso } from '../http/forms.js';
import { blankSiteAnswers, validateSite, WEEKDAYS } from '../sites/form.js';
import { setUpSite } from '../sites/service.js';
import { seedDemo } from '../demo/demo.js';
import { todayInLondon } from '../calendar/fortnights.js';
import type { Config } from '../config.js';
import { emailProblem, nameProblem } from '../accounts/form.js';
import { grantAppRole } from '../db/app-role.js';
import { sqlOf } from '../db/connection.js';
import { findUserByEmail } from '../accounts/queries.js';
import { invitePerson } from '../users/service.js';
import { listSites } from '../sites/queries.js';
import { measuresCommand } from '../measures/cli.js';
import { importContactsCommand } from '../contacts/import/cli.js';
import { checkStoryCommand } from '../stories/check-story-cli.js';
import { showAndTellCommand } from '../show-and-tells/cli.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

interface CommandText {
  name: string;
  usage: string;
  summary: string;
}

/** A command says whether it needs the database open (`migrate` opens it with migrations applied); one that does is given it. */
export type Command = CommandText &
  (
    | { database: 'none'; run(args: string[], context: { io: CliOutput; config: Config }): Promise<number> }
    | { database: 'open' | 'migrate'; run(args: string[], context: { db: Db; io: CliOutput; config: Config }): Promise<number> }
  );

/** Thrown for a command line that cannot be run as typed: exit 2 with the message. */
export class UsageError extends Error {}

function options<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function weekdayList(value: string): string[] {
  return value.split(',').map((day) => {
    const trimmed = day.trim().toLowerCase();
    const index = WEEKDAYS.findIndex((weekday) => weekday.text.toLowerCase().startsWith(trimmed) && trimmed.length >= 2);
    return index >= 0 ? String(index + 1) : trimmed;
  });
}

const FLAG_FOR_FIELD: Record<string, string> = {
  name: '--name',
  teamDescription: '--description',
  goLive: '--go-live',
  firstFortnight: '--first-fortnight',
  fortnightLengthDays: '--fortnight-length',
  huddleDays: '--huddle-days',
  huddleTime: '--huddle-time',
};

const createSiteCommand: Command = {
  name: 'create-site',
  usage:
    'create-site --name NAME --go-live YYYY-MM-DD --first-fortnight YYYY-MM-DD [--description TEXT] [--fortnight-length DAYS] [--huddle-days mon,tue,wed,thu,fri] [--huddle-time HH:MM]',
  summary: 'Create a site, for councils that script their set-up',
  database: 'open',
  async run(args, { db, io }) {
    const { values } = options(args, {
      name: { type: 'string' },
      'go-live': { type: 'string' },
      'first-fortnight': { type: 'string' },
      description: { type: 'string' },
      'fortnight-length': { type: 'string' },
      'huddle-days': { type: 'string' },
      'huddle-time': { type: 'string' },
    });
    const problems: string[] = [];
    const date = (flag: 'go-live' | 'first-fortnight') => {
      const value = values[flag];
      if (value && !ISO_DATE.test(value)) problems.push(`--${flag}: write the date as YYYY-MM-DD, for example 2026-03-02`);
      return dateInputFromIso(value && ISO_DATE.test(value) ? value : undefined);
    };
    const defaults = blankSiteAnswers();
    const answers = {
      name: (values.name ?? '').normalize('NFC').trim(),
      teamDescription: (values.description ?? '').normalize('NFC').trim(),
      goLive: date('go-live'),
      firstFortnight: date('first-fortnight'),
      fortnightLengthDays: values['fortnight-length'] ?? defaults.fortnightLengthDays,
      huddleDays: values['huddle-days'] !== undefined ? weekdayList(values['huddle-days']) : defaults.huddleDays,
      huddleTime: values['huddle-time'] ?? defaults.huddleTime,
      reflectionDay: defaults.reflectionDay,
      minContacts: defaults.minContacts,
      outcomeDays: defaults.outcomeDays,
    };
    const { fields, errors } = validateSite(answers);
    for (const [field, message] of Object.entries(errors?.fields ?? {})) {
      if (!problems.some((problem) => problem.startsWith(FLAG_FOR_FIELD[field]))) problems.push(`${FLAG_FOR_FIELD[field]}: ${message}`);
    }
    if (problems.length > 0 || !fields) {
      problems.forEach((problem) => io.err(problem));
      return 1;
    }
    const created = await setUpSite(db, 'cli', fields);
    if (created.nameTaken) {
      io.err(`--name: A site called “${fields.name}” already exists. Choose a different name`);
      return 1;
    }
    const site = created.saved;
    io.out(`Created site ${site.id}: ${site.name} (go-live ${site.goLiveDate}, first fortnight ${site.firstFortnightStart})`);
    return 0;
  },
};

const importBankHolidaysCommand: Command = {
  name: 'import-bank-holidays',
  usage: 'import-bank-holidays FILE.json',
  summary: 'Add England and Wales bank holidays from GOV.UK’s bank-holidays.json or a list of { date, title }',
  database: 'open',
  async run(args, { db, io }) {
    const { positionals } = options(args, {});
    if (positionals.length !== 1) throw new UsageError('Name one file: import-bank-holidays FILE.json');
    const json = await fs.readFile(positionals[0], 'utf8').catch(() => {
      throw new UsageError(`Cannot read ${positionals[0]}`);
    });
    let holidays;
    try {
      holidays = parseBankHolidaysJson(json);
    } catch (error) {
      io.err((error as Error).message);
      return 1;
    }
    const added = await importBankHolidays(db, holidays);
    io.out(`Read ${holidays.length} bank holidays: ${added} new, ${holidays.length - added} already known`);
    return 0;
  },
};

const migrateCommand: Command = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'Apply the database migrations in drizzle/ (a deploy step in production)',
  database: 'migrate',
  run(args, { io }) {
    options(args, {});
    io.out('The database is up to date');
    return Promise.resolve(0);
  },
};

const demoCommand: Command = {
  name: 'demo',
  usage: 'demo',
  summary: 'Fill an empty database with fictional sample data (also: npm run demo)',
  database: 'open',
  async run(args, { db, io }) {
    options(args, {});
    const result = await seedDemo(db, todayInLondon());
    if (!result.ok) {
      io.err(result.reason);
      return 1;
    }
    result.lines.forEach((line) => io.out(line));
    return 0;
  },
};

const createAdminCommand: Command = {
  name: 'create-admin',
  usage: 'create-admin --email ADDRESS [--name NAME]',
  summary: 'Create an administrator and print a one-time link (valid 7 days) to set their password',
  database: 'open',
  async run(args, { db, io, config }) {
    const { values } = options(args, { email: { type: 'string' }, name: { type: 'string' } });
    const email = (values.email ?? '').normalize('NFC').trim();
    const problem = emailProblem(email);
    if (problem) {
      io.err(`--email: ${problem}`);
      return 1;
    }
    if (await findUserByEmail(db, email)) {
      io.err(`--email: There is already an account for ${email}`);
      return 1;
    }
    const name = (values.name ?? email.split('@')[0]).normalize('NFC').trim();
    const nameError = nameProblem(name, 'Give a name with --name');
    if (nameError) {
      io.err(`--name: ${nameError}`);
      return 1;
    }
    const invited = await invitePerson(db, 'cli', { email, name, role: 'administrator', siteIds: [] });
    if (invited.emailTaken) {
      io.err(`--email: There is already an account for ${email}`);
      return 1;
    }
    const link = invited.path;
    io.out(`Created administrator ${email}. To set a password (and then two-step sign-in), open this link within 7 days; it works once:`);
    io.out(`${config.publicUrl}${link}`);
    return 0;
  },
};

const listSitesCommand: Command = {
  name: 'list-sites',
  usage: 'list-sites',
  summary: 'List the sites: id, name, go-live date, and whether archived',
  database: 'open',
  async run(args, { db, io }) {
    options(args, {});
    for (const archived of [false, true]) {
      for (const site of await listSites(db, { archived })) {
        io.out([site.id, site.name, site.goLiveDate, archived ? 'archived' : 'active'].join('\t'));
      }
    }
    return 0;
  },
};

const grantAppRoleCommand: Command = {
  name: 'grant-app-role',
  usage: 'grant-app-role --role NAME',
  summary:
    "As the tables' owner (DATABASE_URL or MIGRATION_DATABASE_URL), give an existing role the app's least-privilege grants: the tables, but only read and add to the audit log",
  database: 'open',
  async run(args, { db, io }) {
    const { values } = options(args, { role: { type: 'string' } });
    const role = (values.role ?? '').trim();
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) {
      io.err('--role: give the name of an existing PostgreSQL role, in lower-case letters, digits and underscores');
      return 1;
    }
    const sql = sqlOf(db);
    const [found] = await sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${role}`;
    if (!found) {
      io.err(`--role: there is no role called ${role}. Create it first (CREATE ROLE ${role} LOGIN PASSWORD '...')`);
      return 1;
    }
    if (found.rolsuper) {
      io.err(`--role: ${role} is a superuser, so it could get round the audit log's protection. Use a role that is not`);
      return 1;
    }
    await grantAppRole(sql, role);
    io.out(
      `Granted ${role} the app's privileges. Set DATABASE_URL to connect as ${role}, and MIGRATION_DATABASE_URL to the owner for migrations.`,
    );
    return 0;
  },
};

export const COMMANDS: Command[] = [
  migrateCommand,
  grantAppRoleCommand,
  createAdminCommand,
  createSiteCommand,
  listSitesCommand,
  importBankHolidaysCommand,
  demoCommand,
  measuresCommand,
  importContactsCommand,
  checkStoryCommand,
  showAndTellCommand,
];
