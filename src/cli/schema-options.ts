import { type Command, Option } from 'commander';
import type { ResolvedConfig } from '../config/load.js';
import type { Dialect } from '../dialects/dialect.js';
import type { CompareOptions } from '../diff/index.js';
import type { LoadOptions, LoadedSchema } from '../sources/load.js';
import { loadPair } from '../sources/load-pair.js';
import { onDatabaseEngine, shadowOnDatabaseServer } from '../workflows/shadow-server.js';
import { collect } from './context.js';
import { type SourceOptions, connectTimeoutMs } from '../workflows/source-options.js';
import { connectTimeoutOption } from './options.js';

/** Options shared by the commands that read and compare schemas. */
export interface SchemaOptions extends SourceOptions {
  readonly schema: string[];
  readonly excludeSchema: string[];
  readonly table: string[];
  readonly excludeTable: string[];
  readonly includeSystemTables?: boolean;
  readonly includePrivileges?: boolean;
  readonly includeOwners?: boolean;
  readonly ignoreComments?: boolean;
  readonly ignorePrivileges?: boolean;
  readonly ignoreNames?: boolean;
  readonly looseTypes?: boolean;
  readonly strictColumnOrder?: boolean;
  readonly rename: string[];
}

/**
 * `--include-system-tables` (with this description) and its alias `--include-django-tables`
 * (the spelling of the Django team's own tooling), which sets it.
 */
export function systemTablesOptions(description: string): Option[] {
  return [
    new Option('--include-system-tables', description),
    new Option('--include-django-tables', 'the same as --include-system-tables').implies({ includeSystemTables: true }),
  ];
}

/** Adds the filter, reading and equivalence options to a command. */
export function addSchemaOptions(command: Command): Command {
  command
    .option('--schema <pattern>', 'only this schema (glob; repeatable)', collect, [])
    .option('--exclude-schema <pattern>', 'leave out this schema (glob; repeatable)', collect, [])
    .option(
      '--table <pattern>',
      'only these tables, views and sequences (glob, qualified or not; repeatable)',
      collect,
      [],
    )
    .option('--exclude-table <pattern>', 'leave out these tables, views and sequences (glob; repeatable)', collect, []);
  const described = "compare migration tools' bookkeeping tables and Django's framework tables too";
  for (const option of systemTablesOptions(described)) command.addOption(option);
  return command
    .option('--include-privileges', 'read and compare grants (databases); info-level differences')
    .option('--include-owners', 'read and compare owners (databases); info-level differences')
    .option('--ignore-comments', 'comments are not differences')
    .option('--ignore-privileges', 'grants and owners are not differences')
    .option('--ignore-names', 'constraints and indexes that differ only in name are the same')
    .option(
      '--loose-types',
      'types of one family are the same (SQLite: declared types of one affinity, INT and BIGINT)',
    )
    .option('--strict-column-order', 'a different column order is a difference (ignored by default)')
    .option(
      '--rename <old=new>',
      'treat a drop and an add as a rename: table.col=newcol or schema.table=newtable (repeatable)',
      collect,
      [],
    )
    .addOption(
      connectTimeoutOption("give up connecting after this long (default: the config's connectTimeout, else 10)"),
    );
}

/** The flags that say what to read, as options of {@link loadSchema}. */
export type ReadingFlags = Pick<
  SchemaOptions,
  | 'schema'
  | 'excludeSchema'
  | 'table'
  | 'excludeTable'
  | 'includeSystemTables'
  | 'includePrivileges'
  | 'includeOwners'
  | 'connectTimeout'
>;

/** What to read of a schema (filters, privileges, owners), from the flags every schema-reading command shares. */
export function readingOptions(
  options: ReadingFlags,
): Pick<LoadOptions, 'filter' | 'includePrivileges' | 'includeOwners'> {
  return {
    filter: {
      schemas: options.schema,
      excludeSchemas: options.excludeSchema,
      tables: options.table,
      excludeTables: options.excludeTable,
      includeSystemTables: options.includeSystemTables,
    },
    includePrivileges: options.includePrivileges,
    includeOwners: options.includeOwners,
  };
}

/** What to read, from the filter and reading flags every schema-reading command shares. */
export function loadOptions(
  options: ReadingFlags,
  config: ResolvedConfig,
  onProgress?: (step: string) => void,
): LoadOptions {
  return { config, ...readingOptions(options), connectTimeoutMs: connectTimeoutMs(options), onProgress };
}

/** The diff options the flags ask for. */
export function compareOptions(options: SchemaOptions): CompareOptions {
  return {
    ignoreColumnOrder: !options.strictColumnOrder,
    ignoreComments: options.ignoreComments,
    ignorePrivileges: options.ignorePrivileges,
    ignoreNames: options.ignoreNames,
    looseTypes: options.looseTypes,
    renames: options.rename,
  };
}

/**
 * Loads two refs at once, with the same filters; both must be of one dialect. When the config
 * names no engine, a database's engine is the one the other side's SQL is read as. When it
 * names no shadow server and one ref is a database of an engine with no embedded one (MySQL),
 * the other side's migrations or models are replayed on that database's server.
 */
export function loadTwo(
  fromRef: string,
  toRef: string,
  options: SchemaOptions,
  config: ResolvedConfig,
  onProgress?: (step: string) => void,
): Promise<{ from: LoadedSchema; to: LoadedSchema; dialect: Dialect }> {
  const engine = onDatabaseEngine(onDatabaseEngine(config, fromRef), toRef);
  const shadowed = shadowOnDatabaseServer(shadowOnDatabaseServer(engine, fromRef), toRef);
  // A side read from a database carries its tables' sizes, for the hazards of a plan run on it.
  return loadPair(fromRef, toRef, shadowed, () => ({
    ...loadOptions(options, shadowed, onProgress),
    tableSizes: true,
  }));
}
