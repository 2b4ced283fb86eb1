import { Command, CommanderError } from 'commander';
import { shareEmbeddedDatabases, shareServerSessions } from '../dialects/index.js';
import { TOOL_VERSION } from '../version.js';
import { CliContext, type GlobalOptions, type LinePrompter, type Run, reportError } from './context.js';
import type { CliIo } from './io.js';
import { registerCheck } from './check.js';
import { registerCi } from './ci.js';
import { registerCompare } from './compare.js';
import { registerDiff } from './diff.js';
import { registerDump } from './dump.js';
import { registerHooks } from './hooks.js';
import { registerInit } from './init.js';
import { registerLog } from './log.js';
import { registerMigrate } from './migrate.js';
import { registerFleet } from './fleet.js';
import { registerReport } from './report.js';
import { registerRollback } from './rollback.js';
import { registerSnapshot } from './snapshot.js';
import { registerVerify } from './verify.js';

/**
 * Runs the command line with the given streams, working directory and environment, and
 * resolves to the exit code: 0 no differences / success, 1 differences found or a check
 * failed, 2 could not run.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const verbose = argv.includes('--verbose');
  const prompters: LinePrompter[] = [];
  const run: Run = async (action) => {
    if (io.parseOnly) return;
    const cli = new CliContext(io, program.opts<GlobalOptions>());
    prompters.push(cli.prompter);
    try {
      exitCode = await action(cli);
    } catch (error) {
      exitCode = reportError(error, verbose, argv, io);
    }
  };
  const program = new Command('schemaguard')
    .description('Keep your database schema honest: snapshot it into git, compare, verify and migrate safely.')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard dump --env development --baseline\n  $ schemaguard compare env:staging env:production\n  $ schemaguard check --env production\n\nEach command has its own --help, with examples.\n',
    )
    .version(TOOL_VERSION, '-V, --version')
    .option('-c, --config <file>', 'config file (default: schemaguard.config.* found from the working directory up)')
    .option('--verbose', 'show stack traces of errors')
    .option('--no-color', 'no colours, even on a terminal (also: NO_COLOR=1; FORCE_COLOR=1 forces them)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`${text.trim().replace(/^error: /, 'schemaguard: ')} (see --help).\n`),
    });
  registerDump(program, run);
  registerCompare(program, run);
  registerDiff(program, run);
  registerVerify(program, run);
  registerMigrate(program, run);
  registerRollback(program, run);
  registerCheck(program, run);
  registerSnapshot(program, run);
  registerInit(program, run);
  registerHooks(program, run);
  registerLog(program, run);
  registerCi(program, run);
  registerReport(program, run);
  registerFleet(program, run);
  // A command opens an embedded database once, however often it reads and changes it (and a
  // caller that shares them too, such as a test, keeps them open for its next command); and
  // its steps on a server (verify, history, lock, apply, verify again) reuse one session, reset
  // between them, instead of connecting anew for each.
  const releaseEmbeddedDatabases = shareEmbeddedDatabases();
  const releaseServerSessions = shareServerSessions();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? 0
        : 2;
    }
    return reportError(error, verbose, argv, io);
  } finally {
    for (const prompter of prompters) prompter.close();
    await releaseServerSessions();
    await releaseEmbeddedDatabases();
  }
  return exitCode;
}
