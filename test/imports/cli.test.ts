import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { runCli } from '../../server/cli/index.js';
import { loadConfig } from '../../server/config.js';
import { auditLog, contacts, type Site } from '../../server/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { aSite } from '../helpers/sites.js';
import { csv } from './helpers.js';

describe('npm run cli -- import-contacts', () => {
  let database: TestDatabase;
  let site: Site;
  let folder: string;
  before(async () => {
    database = await createTestDatabase();
    site = await aSite(database.db, { name: 'Importing CLI' });
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'import-cli-'));
  });
  after(async () => {
    await fs.rm(folder, { recursive: true, force: true });
    await database.drop();
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  async function file(name: string, text: string) {
    const at = path.join(folder, name);
    await fs.writeFile(at, text);
    return at;
  }
  const siteContacts = () => database.db.select().from(contacts).where(eq(contacts.siteId, site.id));

  it('imports a clean file at once, by site name, and skips or updates what is already there', async () => {
    const clean = await file(
      'clean.csv',
      csv(
        { person_ref: 'K-1', contact_date: '2024-01-02', first_conversation_date: '' },
        { person_ref: 'K-2', contact_date: '2024-01-03', first_conversation_date: '' },
      ),
    );
    const first = await cli('import-contacts', '--site', 'importing cli', clean);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Imported 2 rows into Importing CLI: 2 inserted, 0 updated, 0 skipped \(import \d+\)/);
    const again = await cli('import-contacts', '--site', String(site.id), clean);
    assert.match(again.out, /0 inserted, 0 updated, 2 skipped/);
    const update = await cli('import-contacts', '--site', String(site.id), '--on-duplicate', 'update', clean);
    assert.match(update.out, /0 inserted, 2 updated, 0 skipped/);
    assert.equal((await siteContacts()).length, 2);
    // Each upload is audited as the page's are, by nobody the app knows, with the file's size and not its name.
    const uploads = await database.db.select().from(auditLog).where(eq(auditLog.action, 'import.uploaded')).orderBy(auditLog.id);
    assert.equal(uploads.length, 3);
    assert.ok(uploads.every((entry) => entry.userId === null));
    assert.deepEqual(uploads[0].details, { siteId: site.id, bytes: (await fs.stat(clean)).size, onDuplicate: 'skip' });
  });

  it('prints every problem, one a line, and imports nothing', async () => {
    const bad = await file(
      'bad.csv',
      csv(
        { person_ref: 'K-3', first_conversation_date: '' },
        { person_ref: 'K-4', contact_date: 'soon' },
        { person_ref: 'K-5', way_of_working: 'sideways' },
      ),
    );
    const { code, err } = await cli('import-contacts', '--site', 'Importing CLI', bad);
    assert.equal(code, 1);
    assert.match(err, /Nothing imported: 2 problems/);
    assert.match(err, /^3\tcontact_date\t"soon"\t/m);
    assert.match(err, /^4\tway_of_working\t"sideways"\t/m);
    assert.equal((await siteContacts()).filter((c) => c.personRef === 'K-3').length, 0);
    const junk = await file('junk.csv', '\u0000\u0001\u0002binary');
    const answered = await cli('import-contacts', '--site', 'Importing CLI', junk);
    assert.equal(answered.code, 1);
    assert.match(answered.err, /This file is not a CSV file/);
  });

  it('explains a missing file, a folder, a bad option and an unknown site', async () => {
    const missing = await cli('import-contacts', '--site', 'Importing CLI', path.join(folder, 'nothing.csv'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /There is no file at/);
    const directory = await cli('import-contacts', '--site', 'Importing CLI', folder);
    assert.equal(directory.code, 1);
    assert.match(directory.err, /is a folder, not a CSV file/);
    assert.equal((await cli('import-contacts', '--site', 'Importing CLI', '--on-duplicate', 'merge', 'x.csv')).code, 2);
    assert.equal((await cli('import-contacts', 'x.csv')).code, 2);
    const nowhere = await cli('import-contacts', '--site', 'Nowhere', await file('one.csv', csv({})));
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.err, /There is no site called "Nowhere"/);
  });
});
