import type { Command } from 'commander';
import { dialectByName } from '../dialects/index.js';
import { migration } from '../plan/migration.js';
import { renderPlanSql } from '../plan/render.js';
import { renderHtmlReport } from '../report/html/page.js';
import { loadSchema } from '../sources/load.js';
import { projectRef } from '../sources/project-ref.js';
import { coverModels } from '../sources/models/coverage.js';
import { TOOL_VERSION } from '../version.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import { type SchemaOptions, addSchemaOptions, compareOptions, loadOptions, loadTwo } from './schema-options.js';
import { dbOption, envOption, outputOption } from './options.js';

interface ReportOptions extends SchemaOptions {
  readonly against?: string;
  readonly output?: string;
}

const EXAMPLES = `
Examples:
  # A browsable page of the development database: tables, keys, indexes, diagrams
  $ schemaguard report --env development -o report.html

  # The change under review: the branch's snapshot against main's, coloured on the diagram
  $ schemaguard report database_schema/baseline_schema.json --against git:main:database_schema/baseline_schema.json -o report.html
`;

async function report(
  cli: CliContext,
  positional: string | undefined,
  options: ReportOptions,
  globals: GlobalOptions,
): Promise<number> {
  requireGivenRefs(cli.cwd, positional, options.against);
  const config = await cli.loadConfig(globals);
  const ref = sourceRef(positional, options, config);
  const progress = cli.progressReporter('schemaguard report');
  const generator = `Written by schemaguard ${TOOL_VERSION}.`;
  let html: string;
  try {
    if (options.against) {
      const loaded = await loadTwo(options.against, ref, options, config, (step) => progress.update(step));
      const covered = coverModels(loaded.from, loaded.to, Boolean(config.strictModels));
      const { changes, plan } = migration(loaded.dialect, covered.from, covered.to, {
        ...compareOptions(options),
        sides: { from: loaded.from, to: loaded.to },
      });
      const [from, to] = [projectRef(loaded.from.source, config.root), projectRef(loaded.to.source, config.root)];
      progress.update('drawing the diagrams');
      html = await renderHtmlReport({
        source: loaded.to.source,
        engine: loaded.dialect.title,
        schema: loaded.to.schema,
        tableSizes: loaded.to.tableSizes ?? loaded.from.tableSizes,
        comparison: {
          against: loaded.from.source,
          againstSchema: loaded.from.schema,
          changes,
          sql: renderPlanSql(plan, `schemaguard ${TOOL_VERSION}: migrate ${from} to ${to}`),
        },
        generator,
      });
    } else {
      const loaded = await loadSchema(ref, {
        ...loadOptions(options, config, (step) => progress.update(step)),
        tableSizes: true,
      });
      progress.update('drawing the diagrams');
      html = await renderHtmlReport({
        source: loaded.source,
        engine: dialectByName(loaded.dialect).title,
        schema: loaded.schema,
        tableSizes: loaded.tableSizes,
        generator,
      });
    }
  } finally {
    progress.done();
  }
  await cli.writeResult(html, options.output);
  if (options.output) cli.err(`Wrote ${cli.shown(options.output)}.\n`);
  return 0;
}

/** `schemaguard report`: one self-contained HTML page of a schema, its diagrams and, with --against, a change. */
export function registerReport(program: Command, run: Run): void {
  const command = program
    .command('report')
    .summary('write a self-contained HTML report of a schema, with ER diagrams')
    .description(
      'Write one HTML file that needs no network: a searchable browser of every schema, table, view, type, function and trigger, ER diagrams laid out by Graphviz (pan and zoom), and with --against the differences with their severity and hazards, the changed tables coloured and the SQL plan.',
    )
    .argument('[ref]', 'what to show: a database URL, pglite:PATH, env:NAME or a snapshot file')
    .addOption(dbOption('the database to show'))
    .addOption(envOption('the database to show, from the config'))
    .option('--against <ref>', 'show the change from this schema (the baseline) to the one reported')
    .addOption(outputOption('write the HTML here instead of stdout'));
  addSchemaOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((positional: string | undefined, options: ReportOptions, cmd: Command) =>
      run((cli) => report(cli, positional, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
