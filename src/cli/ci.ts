import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { dialectByName } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import { defaultBranch } from '../git/default-branch.js';
import { environmentBranches, schemaVerificationWorkflow } from '../git/github-workflow.js';
import { topLevel } from '../git/repo.js';
import { readMigrationFolder } from '../migrations/formats.js';
import { toolApplyCommand } from '../migrations/tool-command.js';
import { writeFileAtomic } from '../schema/snapshot.js';
import { type CliContext, type GlobalOptions, type Run } from './context.js';
import { outputOption } from './options.js';

interface GithubOptions {
  readonly output: string;
  readonly postgres: string;
  readonly node: string;
  readonly force?: boolean;
}

async function runGithub(cli: CliContext, options: GithubOptions, globals: GlobalOptions): Promise<number> {
  if (!/^\d+(\.\d+)?$/.test(options.postgres)) {
    throw new SchemaguardError(`--postgres takes a version such as 16, not "${options.postgres}".`);
  }
  const config = await cli.loadConfig(globals);
  const root = await topLevel(cli.cwd);
  const folder = config.migrations
    ? await readMigrationFolder(
        config.migrations.dir,
        config.migrations.format,
        config.cwd,
        dialectByName(config.dialect).lexer,
      )
    : undefined;
  const path = join(root, options.output);
  const text = await schemaVerificationWorkflow(config, {
    repositoryRoot: root,
    serviceVersion: options.postgres,
    node: options.node,
    workflowPath: options.output,
    migrationFormat: folder?.format,
    pushBranches: environmentBranches(config, await defaultBranch(root)),
  });
  const shown = cli.shown(path);
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') === text) {
      cli.err(`${shown} is up to date.\n`);
      return 0;
    }
    if (!options.force) {
      throw new SchemaguardError(`${shown} exists and differs from what would be written: --force replaces it.`);
    }
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text);
  cli.err(`Wrote ${shown}: commit it, and the checks run on the next pull request.\n`);
  if (!config.migrations) cli.err('note: no "migrations" in the config: the workflow checks the baseline only.\n');
  else if (folder && folder.format !== 'plain' && !config.migrations.command) {
    cli.err(
      `note: ${folder.format} migrations are applied by their own tool: set "migrations.command" in the config (e.g. "${toolApplyCommand(folder, config.root)}") and rerun, so that the workflow applies them.\n`,
    );
  }
  return 0;
}

/** `schemaguard ci`: continuous-integration workflows that run schemaguard's checks. */
export function registerCi(program: Command, run: Run): void {
  const ci = program
    .command('ci')
    .summary('write a CI workflow that runs the schema checks')
    .addHelpText('after', '\nExamples:\n  $ schemaguard ci github\n');
  ci.command('github')
    .description(
      'Write the GitHub Actions workflow of the seeds (.github/workflows/schema-verification.yml): on pull requests that touch the models, the migrations, the snapshots or the config, and on pushes to the branches of the config environments (the default branch when none names one); a PostgreSQL service container; steps for migrate check, applying the migrations to the service database, verify against the models, the schema assertions and compare with the baseline, each with annotations and a markdown summary. Paths come from the config. An existing, different file is replaced only with --force.',
    )
    .addOption(outputOption('where, from the repository root').default('.github/workflows/schema-verification.yml'))
    .option('--postgres <version>', 'the PostgreSQL version of the service container', '16')
    .option('--node <version>', 'the Node.js version', '20')
    .option('--force', 'replace an existing workflow file')
    .addHelpText('after', '\nExamples:\n  $ schemaguard ci github\n  $ schemaguard ci github --postgres 15 --force\n')
    .action((options: GithubOptions, cmd: Command) =>
      run((cli) => runGithub(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
