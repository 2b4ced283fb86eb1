import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { type Change, countBySeverity } from '../diff/change.js';
import { compareSchemas, reverseRenames } from '../diff/index.js';
import { migration } from '../plan/migration.js';
import { SchemaguardError } from '../errors.js';
import { renderPlanSql } from '../plan/render.js';
import { projectRef } from '../sources/project-ref.js';
import { notComparedPhrases } from '../report/not-compared.js';
import { type CompareReport, renderGithub, renderJson, renderMarkdown, renderText } from '../report/compare.js';
import { TOOL_VERSION } from '../version.js';
import { coverModels } from '../sources/models/coverage.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { onePlace, requireGivenRefs } from './given-refs.js';
import { type SchemaOptions, addSchemaOptions, compareOptions, loadTwo } from './schema-options.js';
import { noteVersionSkew } from '../workflows/version-note.js';
import { dbOption, envOption, formatOption, onlineOption, outputOption } from './options.js';

interface CompareCommandOptions extends SchemaOptions {
  readonly baseline?: string;
  readonly current?: string;
  readonly format: string;
  readonly output?: string;
  readonly strict?: boolean;
  readonly online?: boolean;
}

/** The formats of a differences report. */
export const FORMATS = ['text', 'json', 'markdown', 'github', 'sql'];

const EXAMPLES = `
Examples:
  # The development database against the committed baseline
  $ schemaguard compare --env development

  # Two snapshot files; fail on any difference at all (CI)
  $ schemaguard compare --baseline baseline.json --current current.json --strict

  # Staging against production, as a pull-request comment
  $ schemaguard compare env:production env:staging --format markdown >> "$GITHUB_STEP_SUMMARY"

  # Before against after a migration, and what changed since main
  $ schemaguard compare database_schema/pre_migration_schema.json database_schema/post_migration_schema.json
  $ schemaguard compare git:main:database_schema/baseline_schema.json database_schema/baseline_schema.json

  # The SQL that brings the database back to the baseline
  $ schemaguard compare --db "$DATABASE_URL" --format sql
`;

async function runCompare(
  cli: CliContext,
  first: string | undefined,
  second: string | undefined,
  options: CompareCommandOptions,
  globals: GlobalOptions,
): Promise<number> {
  onePlace('compare', 'the baseline', 'first', first, '--baseline', options.baseline);
  onePlace('compare', 'the current schema', 'second', second, '--current', options.current);
  if ((options.current ?? second) && (options.db || options.env)) {
    throw new SchemaguardError(
      `compare takes the current schema either as ${options.current ? '--current' : 'its second argument'} or as ${options.db ? '--db' : '--env'}, not both.`,
    );
  }
  requireGivenRefs(cli.cwd, options.baseline ?? first, options.current ?? second);
  const config = await cli.loadConfig(globals);
  let baseline = options.baseline ?? first;
  if (!baseline) {
    if (!existsSync(config.baseline)) {
      throw new SchemaguardError(
        `There is no baseline snapshot at ${relative(cli.cwd, config.baseline)}: create it with \`schemaguard dump --baseline\`, or name one with --baseline.`,
      );
    }
    baseline = config.baseline;
  }
  const current = options.current ?? second ?? sourceRef(undefined, options, config);
  const progress = cli.progressReporter('schemaguard compare');
  const loaded = await loadTwo(baseline, current, options, config, (step) => progress.update(step)).finally(() =>
    progress.done(),
  );
  const sides = { from: loaded.from, to: loaded.to };
  noteVersionSkew(cli, `${loaded.from.source} comes from`, `${loaded.to.source} from`, sides);
  const diffOptions = { ...compareOptions(options), sides };
  // Models on one side are compared on what their ORM can express (unless strict).
  const covered = coverModels(loaded.from, loaded.to, Boolean(options.strict || config.strictModels));
  const { changes, acrossVersions } = compareSchemas(loaded.dialect, covered.from, covered.to, diffOptions);
  const notDescribed = covered.orm ? { orm: covered.orm, objects: covered.notDescribed } : undefined;
  let report: CompareReport = {
    from: loaded.from.source,
    to: loaded.to.source,
    changes,
    acrossVersions,
    notCompared: notComparedPhrases(loaded.from, loaded.to),
    notDescribed,
    schemas: { from: covered.from, to: covered.to },
  };
  // The statements that bring the current schema back to the baseline.
  const fix = () => {
    const renames = reverseRenames(diffOptions.renames ?? []);
    const back = { ...diffOptions, renames, sides: { from: loaded.to, to: loaded.from }, online: options.online };
    return migration(loaded.dialect, covered.to, covered.from, back).plan;
  };
  // With --online, the report names what the fix could not do online.
  const offline = options.online ? (fix().offline ?? []) : [];
  if (offline.length > 0) report = { ...report, offline };
  const sql = () => {
    const [to, from] = [projectRef(loaded.to.source, config.root), projectRef(loaded.from.source, config.root)];
    return renderPlanSql(fix(), `schemaguard ${TOOL_VERSION}: bring ${to} to ${from}`);
  };
  await cli.writeResult(
    renderReport(options.format, report, sql, !options.output && cli.colored.stdout),
    options.output,
  );
  return exitCode(changes, options.strict);
}

/** The report in a format; `sql` writes the SQL that fixes the differences. */
/** `color`: whether text goes coloured to a terminal (the CLI's stdout, when there is no --output). */
export function renderReport(format: string, report: CompareReport, sql: () => string, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'github':
      return renderGithub(report);
    case 'sql':
      return sql();
    default:
      return renderText(report, { color });
  }
}

/** 1 when there is a breaking difference (any difference with `strict`), else 0. */
export function exitCode(changes: readonly Change[], strict?: boolean): number {
  return countBySeverity(changes).breaking > 0 || (strict && changes.length > 0) ? 1 : 0;
}

/** `schemaguard compare` (the seeds' `compare_schema`): report the differences between two schemas. */
export function registerCompare(program: Command, run: Run): void {
  const command = program
    .command('compare')
    .summary('report the differences between a baseline and a current schema')
    .description(
      'Compare a current schema with a baseline (the configured baseline snapshot by default) and report every difference with its severity and hazards. Exit code 1 when there is a breaking difference (any difference with --strict), 0 otherwise, 2 when it could not run.',
    )
    .argument('[baseline]', 'the expected schema (same as --baseline)')
    .argument('[current]', 'the schema to check (same as --current)')
    .option('--baseline <ref>', 'the expected schema (default: the configured baseline snapshot)')
    .option('--current <ref>', 'the schema to check (default: the database of --db / --env)')
    .addOption(dbOption('the current database'))
    .addOption(envOption('the current database, from the config'))
    .addOption(
      formatOption(
        FORMATS,
        'text',
        'how to write the report (sql: the statements that bring the current to the baseline)',
      ),
    )
    .addOption(outputOption('write here instead of stdout'))
    .option('--strict', 'exit 1 on any difference, not only breaking ones')
    .addOption(onlineOption());
  addSchemaOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((first: string | undefined, second: string | undefined, options: CompareCommandOptions, cmd: Command) =>
      run((cli) => runCompare(cli, first, second, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
