import { parseArgs } from 'node:util';
import { addDays, todayInLondon } from '../calendar/fortnights.js';
import type { Command } from '../cli/commands.js';
import { UsageError } from '../cli/commands.js';
import { csvRow } from '../http/csv.js';
import { isIsoDate } from '../huddles/load.js';
import { findSiteByNameOrId } from '../sites/queries.js';
import { EXPORT_COLUMNS, exportJson, exportRows, measureCharts } from './chart.js';
import { MEASURES, measureNamed, PERIODS, type Period } from './definitions.js';

/** `measures`: the same export as /sites/:site/measures/:measure.json and .csv, for council BI teams. */
export const measuresCommand: Command = {
  name: 'measures',
  usage:
    'measures --site NAME-OR-ID --measure NAME [--period week|month] [--format json|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--kind xmr|run]',
  summary: 'Print a measure with its SPC figures, as JSON or CSV (the export contract in README)',
  database: 'open',
  async run(args, { db, io }) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          site: { type: 'string' },
          measure: { type: 'string' },
          period: { type: 'string' },
          format: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          kind: { type: 'string' },
        },
        strict: true,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!values.site) throw new UsageError('Say which site with --site NAME-OR-ID');
    if (!values.measure) throw new UsageError(`Say which measure with --measure: one of ${MEASURES.map((m) => m.name).join(', ')}`);
    const measure = measureNamed(values.measure);
    if (!measure)
      throw new UsageError(`There is no measure called "${values.measure}". Use one of ${MEASURES.map((m) => m.name).join(', ')}`);
    const period = (values.period ?? 'week') as Period;
    if (!PERIODS.includes(period)) throw new UsageError('--period must be week or month');
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv');
    const kind = values.kind ?? 'xmr';
    if (kind !== 'xmr' && kind !== 'run') throw new UsageError('--kind must be xmr or run');
    const today = todayInLondon();
    const to = values.to ?? today;
    const from = values.from ?? addDays(to, -729);
    for (const [flag, date] of [
      ['--from', from],
      ['--to', to],
    ])
      if (!isIsoDate(date)) throw new UsageError(`${flag} must be a real date written YYYY-MM-DD, not "${date}"`);
    if (from > to) throw new UsageError('--from must be on or before --to');
    const site = await findSiteByNameOrId(db, values.site);
    if (!site) {
      io.err(`There is no site called "${values.site}". npm run cli -- list-sites lists them.`);
      return 1;
    }
    const json = exportJson(site, measure, period, await measureCharts(db, site, measure, { period, kind, range: { from, to }, today }));
    if (format === 'json') io.out(JSON.stringify(json, null, 2));
    else for (const row of [[...EXPORT_COLUMNS], ...exportRows(json)]) io.out(csvRow(row).replace(/\r\n$/, ''));
    return 0;
  },
};
