import { parseArgs } from 'node:util';
import path from 'node:path';
import { todayInLondon } from '../calendar/fortnights.js';
import type { Command } from '../cli/commands.js';
import { UsageError } from '../cli/commands.js';
import { findSiteByNameOrId } from '../sites/queries.js';

/** `show-and-tell --pdf`: the handout of a fortnight's pack, printed as the web page prints it. */
export const showAndTellCommand: Command = {
  name: 'show-and-tell',
  usage: 'show-and-tell --site NAME-OR-ID --fortnight N --pdf FILE',
  summary: 'Print a fortnight’s show-and-tell handout to a PDF with the machine’s Chromium',
  database: 'open',
  async run(args, { db, io, config }) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: { site: { type: 'string' }, fortnight: { type: 'string' }, pdf: { type: 'string' } },
        strict: true,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!values.site) throw new UsageError('Say which site with --site NAME-OR-ID');
    if (!values.fortnight || !/^[1-9]\d{0,4}$/.test(values.fortnight))
      throw new UsageError('Say which fortnight with --fortnight and its number, like --fortnight 7');
    if (!values.pdf) throw new UsageError('Say where to write the handout with --pdf FILE, like --pdf handout.pdf');
    const site = await findSiteByNameOrId(db, values.site);
    if (!site) {
      io.err(`There is no site called "${values.site}". npm run cli -- list-sites lists them.`);
      return 1;
    }
    // The app's templates and the browser are loaded only for this command: every other command starts without them.
    const [{ createApp }, { handoutHtml, printPdf }, { packContextFor }, { shownPack }, { handoutLocals }] = await Promise.all([
      import('../app.js'),
      import('./handout-pdf.js'),
      import('./load.js'),
      import('./page.js'),
      import('./routes.js'),
    ]);
    const today = todayInLondon();
    const context = await packContextFor(db, site, Number(values.fortnight), today);
    if (!context) {
      io.err(`${site.name} has no fortnight ${values.fortnight}.`);
      return 1;
    }
    if (!context.found) {
      io.err(
        `Fortnight ${values.fortnight} of ${site.name} has no show-and-tell pack yet. A programme lead starts it at /sites/${site.id}/show-and-tells/${values.fortnight}.`,
      );
      return 1;
    }
    const started = performance.now();
    const found = context.found;
    const html = await handoutHtml(
      createApp({ db: db, config }),
      handoutLocals({ ...context, found }, await shownPack(db, { ...context, found }, today)),
    );
    const file = path.resolve(values.pdf);
    let bytes: number;
    try {
      bytes = await printPdf(html, file);
    } catch (error) {
      io.err(`Could not print the handout to ${file}: ${(error as Error).message.split('\n')[0]}`);
      return 1;
    }
    io.out(
      `Wrote the handout for fortnight ${values.fortnight} of ${site.name} to ${file} (${Math.round(bytes / 1024)} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  },
};
