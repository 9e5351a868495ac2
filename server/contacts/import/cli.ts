import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { todayInLondon } from '../../calendar/fortnights.js';
import type { Command } from '../../cli/commands.js';
import { UsageError } from '../../cli/commands.js';
import { findSiteByNameOrId } from '../../sites/queries.js';
import { confirmImport } from './apply.js';
import { startImport, ON_DUPLICATE, stageFile, type OnDuplicate } from './staging.js';

/**
 * `import-contacts`: the browser's checks and staging, then the import at once when every row is
 * right; otherwise every problem, one a line, and exit 1 with nothing imported.
 */
export const importContactsCommand: Command = {
  name: 'import-contacts',
  usage: 'import-contacts --site NAME-OR-ID [--on-duplicate skip|update] FILE.csv',
  summary: 'Import contact records from a CSV file (all or nothing; undo it in the browser)',
  database: 'open',
  async run(args, { db, io }) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { site: { type: 'string' }, 'on-duplicate': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (!values.site) throw new UsageError('Say which site with --site NAME-OR-ID');
    const onDuplicate = (values['on-duplicate'] ?? 'skip') as OnDuplicate;
    if (!ON_DUPLICATE.includes(onDuplicate)) throw new UsageError('--on-duplicate must be skip or update');
    if (positionals.length !== 1) throw new UsageError('Give one CSV file to import');
    const file = positionals[0];
    let handle;
    try {
      handle = await fs.promises.open(file, 'r');
      if ((await handle.stat()).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    } catch (error) {
      await handle?.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UsageError(`There is no file at ${file}`);
      io.err(code === 'EISDIR' ? `${file} is a folder, not a CSV file` : `Could not read ${file}: ${(error as Error).message}`);
      return 1;
    }
    const site = await findSiteByNameOrId(db, values.site);
    if (!site) {
      await handle.close();
      io.err(`There is no site called "${values.site}". npm run cli -- list-sites lists them.`);
      return 1;
    }
    const created = await startImport(
      db,
      { userId: null, ip: null },
      { siteId: site.id, fileName: path.basename(file), onDuplicate, bytes: (await handle.stat()).size },
    );
    let staged;
    try {
      staged = await stageFile(db, created, handle.createReadStream(), { today: todayInLondon() });
    } catch (error) {
      io.err(`Could not read ${file}: ${(error as Error).message}`);
      return 1;
    } finally {
      await handle.close();
    }
    if (staged.status !== 'ready') {
      const badRows = (staged.summary as { rowsWithProblems?: number }).rowsWithProblems ?? 0;
      const inRows = badRows ? ` in ${badRows} ${badRows === 1 ? 'row' : 'rows'} of` : ' in';
      io.err(
        `Nothing imported: ${staged.problemCount} ${staged.problemCount === 1 ? 'problem' : 'problems'}${inRows} ${file} (import ${staged.id})`,
      );
      io.err('row\tcolumn\tvalue\tproblem');
      for (const p of staged.problems) io.err([p.row || '', p.column, JSON.stringify(p.value), p.problem].join('\t'));
      const omitted = Number(staged.summary.problemsOmitted ?? 0);
      if (omitted) io.err(`… and ${omitted} more problems not listed`);
      return 1;
    }
    const counts = await confirmImport(db, staged, { userId: null, ip: null });
    io.out(
      `Imported ${staged.rowCount} rows into ${site.name}: ${counts.inserted} inserted, ${counts.updated} updated, ${counts.skipped} skipped (import ${staged.id})`,
    );
    return 0;
  },
};
