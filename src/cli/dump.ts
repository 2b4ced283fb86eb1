import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { dialectByName, refExamples } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import { currentCommit } from '../git/repo.js';
import { type Snapshot, createSnapshot, notIncludedMeta, snapshotPieces } from '../schema/snapshot.js';
import { describeNotIncluded } from '../report/not-compared.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { TOOL_VERSION } from '../version.js';
import { diagramOf, renderDot, renderMermaid } from '../diagram/index.js';
import { loadOptions, systemTablesOptions } from './schema-options.js';
import { type CliContext, type GlobalOptions, type Run, collect, sourceRef, wholeNumber } from './context.js';
import { type SourceOptions } from '../workflows/source-options.js';
import { connectTimeoutOption, dbOption, envOption, formatOption, outputOption } from './options.js';

interface DumpOptions extends SourceOptions {
  readonly output?: string;
  readonly baseline?: boolean;
  readonly format: string;
  readonly schema: string[];
  readonly excludeSchema: string[];
  readonly table: string[];
  readonly excludeTable: string[];
  readonly includeSystemTables?: boolean;
  readonly includePrivileges?: boolean;
  readonly includeOwners?: boolean;
  readonly includeData?: boolean;
  readonly dataTables: string[];
  readonly dataLimit: string;
}

const EXAMPLES = `
Examples:
  # Create the baseline snapshot (written to database_schema/baseline_schema.json)
  $ schemaguard dump --baseline --db "$DATABASE_URL"

  # Dump the schema of a configured environment
  $ schemaguard dump --env production --output database_schema/production_schema.json

  # Dump an embedded PGlite database as SQL
  $ schemaguard dump pglite:./dev-db --format sql --output schema.sql

  # An ER diagram of the tables: Mermaid for Markdown, DOT for Graphviz (dot -Tsvg schema.dot > schema.svg)
  $ schemaguard dump --db "$DATABASE_URL" --format mermaid
  $ schemaguard dump --db "$DATABASE_URL" --format dot --output schema.dot

  # Only the content schema, with the rows of reference tables
  $ schemaguard dump --db "$DATABASE_URL" --schema content --include-data --data-tables 'content.*_type'
`;

/** A loaded schema as a snapshot that records where it came from: source, server version, git commit. */
export function snapshotOf(
  loaded: LoadedSchema,
  meta: { readonly baseline: boolean; readonly gitCommit?: string },
): Snapshot {
  return createSnapshot(
    loaded.dialect,
    loaded.schema,
    {
      serverVersion: loaded.serverVersion,
      source: loaded.source,
      ...meta,
      notIncluded: notIncludedMeta(loaded.notIncluded),
      ...(loaded.unread?.length ? { unread: loaded.unread } : {}),
    },
    loaded.data,
  );
}

async function dump(
  cli: CliContext,
  positional: string | undefined,
  options: DumpOptions,
  globals: GlobalOptions,
  dataLimitGiven: boolean,
): Promise<number> {
  if (options.baseline && options.format !== 'json') {
    throw new SchemaguardError(`--baseline writes a JSON snapshot: leave out --format ${options.format}.`);
  }
  const dataLimit = wholeNumber(options.dataLimit, '--data-limit');
  // --data-tables and --data-limit mean nothing without rows: either asks for them.
  const includeData = options.includeData || options.dataTables.length > 0 || dataLimitGiven;
  if (includeData && (options.format === 'mermaid' || options.format === 'dot')) {
    throw new SchemaguardError(
      `A diagram has no rows: leave out --include-data, --data-tables and --data-limit with --format ${options.format}.`,
    );
  }
  const config = await cli.loadConfig(globals);
  const ref = sourceRef(positional, options, config);
  const output = options.output ?? (options.baseline ? config.baseline : undefined);
  const progress = cli.progressReporter('schemaguard dump');
  let loaded: Awaited<ReturnType<typeof loadSchema>>;
  try {
    loaded = await loadSchema(ref, {
      ...loadOptions(options, config, (step) => progress.update(step)),
      data: includeData
        ? { tables: options.dataTables.length > 0 ? options.dataTables : ['*'], limit: dataLimit }
        : undefined,
    });
  } finally {
    progress.done();
  }
  const notIncluded = describeNotIncluded(loaded.notIncluded);
  if (notIncluded) {
    cli.err(`warning: not included: ${notIncluded} (kinds schemaguard does not model yet).\n`);
  }
  if (loaded.unread?.length) {
    cli.err(
      `warning: not included: ${loaded.unread.join(', ')} (${loaded.source} is read by a user who may not see them; comparisons leave them out).\n`,
    );
  }
  let text: string | readonly string[];
  if (options.format === 'mermaid' || options.format === 'dot') {
    const diagram = diagramOf(loaded.schema);
    text = options.format === 'mermaid' ? renderMermaid(diagram) : renderDot(diagram);
  } else if (options.format === 'sql') {
    const header = `schemaguard ${TOOL_VERSION}: schema of ${loaded.source}`;
    text = dialectByName(loaded.dialect).toSql(loaded.schema, {
      header: notIncluded ? `${header}\n-- not included: ${notIncluded}` : header,
      data: loaded.data,
    });
  } else {
    const gitCommit = await currentCommit(output ? dirname(resolve(cli.cwd, output)) : cli.cwd, cli.env);
    text = snapshotPieces(snapshotOf(loaded, { baseline: options.baseline === true, gitCommit }));
  }
  await cli.writeResult(text, output);
  if (output) {
    const s = loaded.schema;
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
    cli.err(
      `Wrote ${cli.shown(output)}: ${count(s.tables.length, 'table')}, ${count(s.views.length, 'view')}, ${count(s.functions.length, 'function')}.\n`,
    );
  }
  return 0;
}

/** `schemaguard dump`: write one schema as a JSON snapshot, as SQL or as an ER diagram (Mermaid, DOT). */
export function registerDump(program: Command, run: Run): void {
  const command = program
    .command('dump')
    .summary('write a schema as a JSON snapshot, SQL or an ER diagram')
    .description(
      'Read the schema of a database (or any ref) and write it as a deterministic JSON snapshot for git, as the SQL that recreates it, or as an ER diagram of its tables (Mermaid erDiagram or Graphviz DOT).',
    )
    .argument('[ref]', 'what to dump: a database URL, pglite:PATH, env:NAME or a snapshot file')
    .addOption(dbOption(`database URL (${refExamples()})`))
    .addOption(envOption('an environment from the config'))
    .addOption(outputOption('write here instead of stdout (folders are created)'))
    .option('--baseline', 'mark the snapshot as the baseline; without --output, write the configured baseline file')
    .addOption(
      formatOption(
        ['json', 'sql', 'mermaid', 'dot'],
        'json',
        'a JSON snapshot, the SQL that creates the schema, or an ER diagram of its tables (a Mermaid erDiagram or Graphviz DOT: key columns, foreign keys)',
      ),
    )
    .option('--schema <pattern>', 'only this schema (glob; repeatable)', collect, [])
    .option('--exclude-schema <pattern>', 'leave out this schema (glob; repeatable)', collect, [])
    .option(
      '--table <pattern>',
      'only these tables, views and sequences (glob, qualified or not; repeatable)',
      collect,
      [],
    )
    .option('--exclude-table <pattern>', 'leave out these tables, views and sequences (glob; repeatable)', collect, []);
  const described =
    "keep migration tools' bookkeeping tables and Django's framework tables (_prisma_migrations, django_session, …)";
  for (const option of systemTablesOptions(described)) command.addOption(option);
  command
    .option('--include-privileges', 'include grants on schemas, tables, columns, sequences and functions')
    .option('--include-owners', 'include the owner of every object')
    .option('--include-data', 'include sample rows (JSON "data" key, INSERTs in SQL)')
    .option(
      '--data-tables <pattern>',
      'tables whose rows to include (glob; repeatable; default all; implies --include-data)',
      collect,
      [],
    )
    .option('--data-limit <rows>', 'rows per table, ordered by primary key (implies --include-data)', '100')
    .addOption(
      connectTimeoutOption("give up connecting after this long (default: the config's connectTimeout, else 10)"),
    )
    .addHelpText('after', EXAMPLES)
    .action((positional: string | undefined, options: DumpOptions, cmd: Command) =>
      run((cli) =>
        dump(
          cli,
          positional,
          options,
          cmd.optsWithGlobals<GlobalOptions>(),
          cmd.getOptionValueSource('dataLimit') === 'cli',
        ),
      ),
    );
}
