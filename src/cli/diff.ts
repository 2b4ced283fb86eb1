import type { Command } from 'commander';
import { migration } from '../plan/migration.js';
import { SchemaguardError } from '../errors.js';
import { renderOffline, renderPlanJson, renderPlanSql } from '../plan/render.js';
import { projectRef } from '../sources/project-ref.js';
import { notComparedPhrases } from '../report/not-compared.js';
import { TOOL_VERSION } from '../version.js';
import { coverModels } from '../sources/models/coverage.js';
import { type CliContext, type GlobalOptions, type Run } from './context.js';
import { onePlace, requireGivenRefs } from './given-refs.js';
import { type SchemaOptions, addSchemaOptions, compareOptions, loadTwo } from './schema-options.js';
import { formatOption, onlineOption, outputOption } from './options.js';

interface DiffOptions extends SchemaOptions {
  readonly from?: string;
  readonly to?: string;
  readonly format: string;
  readonly output?: string;
  readonly concurrently?: boolean;
  readonly safe?: boolean;
  readonly online?: boolean;
}

const EXAMPLES = `
Examples:
  # The migration from the committed baseline to the development database
  $ schemaguard diff --from database_schema/baseline_schema.json --to env:development

  # What production needs to match the baseline, as JSON with each statement's hazards
  $ schemaguard diff --from env:production --to database_schema/baseline_schema.json --format json

  # Between two git revisions of the baseline, building indexes without blocking writes
  $ schemaguard diff --from git:main:database_schema/baseline_schema.json --to database_schema/baseline_schema.json --concurrently

  # A column renamed, not dropped and added; destructive statements held back
  $ schemaguard diff --from env:staging --to schema.json --rename public.asset.publishing_organization_id=resource_id --safe
`;

async function runDiff(
  cli: CliContext,
  fromArg: string | undefined,
  toArg: string | undefined,
  options: DiffOptions,
  globals: GlobalOptions,
): Promise<number> {
  onePlace('diff', 'the schema to migrate', 'first', fromArg, '--from', options.from);
  onePlace('diff', 'the schema to reach', 'second', toArg, '--to', options.to);
  const fromRef = options.from ?? fromArg;
  const toRef = options.to ?? toArg;
  if (!fromRef || !toRef) throw new SchemaguardError('Name both schemas: --from REF --to REF (or diff FROM TO).');
  requireGivenRefs(cli.cwd, fromRef, toRef);
  const config = await cli.loadConfig(globals);
  const progress = cli.progressReporter('schemaguard diff');
  const loaded = await loadTwo(fromRef, toRef, options, config, (step) => progress.update(step)).finally(() =>
    progress.done(),
  );
  // Models on one side: what their ORM cannot express is kept, enums are not reordered (unless strictModels).
  const covered = coverModels(loaded.from, loaded.to, Boolean(config.strictModels));
  if (covered.notDescribed.length > 0) {
    cli.err(
      `note: ${covered.notDescribed.length} objects are not described by the ${covered.orm} models and are left as they are (strictModels in the config compares them).\n`,
    );
  }
  const { changes, plan } = migration(loaded.dialect, covered.from, covered.to, {
    ...compareOptions(options),
    sides: { from: loaded.from, to: loaded.to },
    concurrently: options.concurrently,
    safe: options.safe,
    online: options.online,
  });
  const offline = renderOffline(plan.offline);
  if (offline) cli.err(offline);
  const [from, to] = [projectRef(loaded.from.source, config.root), projectRef(loaded.to.source, config.root)];
  const notCompared = notComparedPhrases(loaded.from, loaded.to).join('; ');
  // The plan closes only the differences seen: say what was not looked at, in the script and on stderr.
  if (notCompared) cli.err(`warning: not compared: ${notCompared}.\n`);
  const header = `schemaguard ${TOOL_VERSION}: migrate ${from} to ${to}${notCompared ? `\n-- not compared: ${notCompared}` : ''}`;
  await cli.writeResult(options.format === 'json' ? renderPlanJson(plan) : renderPlanSql(plan, header), options.output);
  return changes.length > 0 ? 1 : 0;
}

/** `schemaguard diff`: the SQL that migrates one schema into another. */
export function registerDiff(program: Command, run: Run): void {
  const command = program
    .command('diff')
    .summary('write the SQL that migrates one schema into another')
    .description(
      'Compare two schemas (any refs) and write the statements that turn FROM into TO, in dependency order, each risky one with a hazard comment. Exit code 0 when there is nothing to do, 1 when there are differences, 2 when it could not run.',
    )
    .argument('[from]', 'the schema to migrate (same as --from)')
    .argument('[to]', 'the schema to reach (same as --to)')
    .option('--from <ref>', 'the schema to migrate: a database URL, env:NAME, git:REV:PATH or a snapshot file')
    .option('--to <ref>', 'the schema to reach')
    .addOption(formatOption(['sql', 'json'], 'sql', 'the SQL, or json: each statement with its change and hazards'))
    .addOption(outputOption('write here instead of stdout'))
    .option('--concurrently', 'build and drop indexes of existing tables with CONCURRENTLY (outside the transaction)')
    .option('--safe', 'leave out statements that destroy data and list them as comments at the end')
    .addOption(onlineOption());
  addSchemaOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((from: string | undefined, to: string | undefined, options: DiffOptions, cmd: Command) =>
      run((cli) => runDiff(cli, from, to, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
