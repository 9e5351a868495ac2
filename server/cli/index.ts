import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/open.js';
import { COMMANDS, UsageError, type CliOutput } from './commands.js';

function help(io: CliOutput): void {
  io.out('Usage: npm run cli -- COMMAND [OPTIONS]');
  io.out('');
  io.out('Commands:');
  io.out('  help                 List the commands');
  for (const command of COMMANDS) io.out(`  ${command.name.padEnd(20)} ${command.summary}`);
  io.out('');
  for (const command of COMMANDS) io.out(`  npm run cli -- ${command.usage}`);
  io.out('');
  io.out('The CLI uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data), whether or not the app is running.');
}

/** Runs one command line; returns the exit code. */
export async function runCli(
  argv: string[],
  io: CliOutput = { out: console.log, err: console.error },
  config: Config = loadConfig(),
): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`There is no command called "${name}". Run "npm run cli -- help" for the list.`);
    return 2;
  }
  const usage = (error: unknown): number => {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\nUsage: npm run cli -- ${command.usage}`);
    return 2;
  };
  if (command.database === 'none') return await command.run(args, { io, config }).catch(usage);
  const opened = await openDatabase(config, {
    applicationName: `innovation-site-tracker-cli`,
    migrate: command.database === 'migrate' || config.migrateOnStart,
  });
  try {
    return await command.run(args, { db: opened.database.db, io, config }).catch(usage);
  } finally {
    await opened.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Piped into `head` or `less` that stops reading: stop quietly, as Unix tools do, not with an EPIPE stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
