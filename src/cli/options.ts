/**
 * Options several commands share, declared once: their flags, help text, choices and
 * the one sentence a bad value gets (exit code 2, as every bad input). Each command
 * gives the description its help shows.
 *
 * None reads an environment variable through commander's `.env()`: that reads
 * `process.env`, while a run's environment is the one `runCli` is given.
 */
import { Option } from 'commander';
import { SchemaguardError } from '../errors.js';
import { connectTimeoutMs } from '../workflows/source-options.js';

/** `a`, `a or b`, `a, b or c`. */
function either(values: readonly string[]): string {
  return values.length < 2 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/**
 * `--format <format>`: one of `formats`, `fallback` when not given. The help lists the
 * choices; any other value is refused while the command line is read, with
 * `--format takes text or json, not "yaml".`
 */
export function formatOption(
  formats: readonly string[],
  fallback: string,
  description = 'how to write the output',
): Option {
  return new Option('--format <format>', description)
    .choices(formats)
    .default(fallback)
    .argParser((value: string) => {
      // Thrown as schemaguard's own error, not commander's, so that it is said in one sentence.
      if (!formats.includes(value)) throw new SchemaguardError(`--format takes ${either(formats)}, not "${value}".`);
      return value;
    });
}

/**
 * `--online`: each `ALTER TABLE` of the plan says the algorithm and lock that keep the table
 * online (MySQL's `ALGORITHM=INSTANT` or `ALGORITHM=INPLACE, LOCK=NONE`), so that the server
 * refuses rather than silently copies; the statements that cannot are named.
 */
export function onlineOption(): Option {
  return new Option(
    '--online',
    'MySQL: write ALGORITHM=INSTANT or ALGORITHM=INPLACE, LOCK=NONE on each ALTER TABLE that can run without blocking writes, so the server refuses rather than copies; name those that cannot',
  );
}

/** `--dir <path>`: the migration folder, instead of the config's. */
export function migrationDirOption(): Option {
  return new Option('--dir <path>', 'the migration folder (default: the config\'s "migrations")');
}

/** What `--format` of the migrate reports (status, plan, check) takes. */
export const MIGRATE_FORMATS: readonly string[] = ['text', 'json', 'markdown', 'github'];

/** `--strict` of the commands that read the migration folder: code migrations in it are an error. */
export function strictCodeOption(): Option {
  return new Option(
    '--strict',
    'code migrations in the folder are an error (exit 1): they are not replayed, so not checked',
  );
}

/** `--db <url>`: the one database a command reads or changes; refused together with `--env`. */
export function dbOption(description: string): Option {
  return new Option('--db <url>', description).conflicts('env');
}

/** `--env <name>`: the one database a command reads or changes, as an environment of the config. */
export function envOption(description: string): Option {
  return new Option('--env <name>', description);
}

/**
 * `--connect-timeout <seconds>`: a positive number of seconds, kept as given; any other
 * value is refused while the command line is read, with
 * `--connect-timeout takes a number of seconds, not "x".`
 */
export function connectTimeoutOption(description: string): Option {
  return new Option('--connect-timeout <seconds>', description).argParser((value: string) => {
    connectTimeoutMs({ connectTimeout: value });
    return value;
  });
}

/** `-o, --output <file>`: where to write the result instead of stdout. */
export function outputOption(description: string): Option {
  return new Option('-o, --output <file>', description);
}

/**
 * The options of a command that reports on one database and the migration folder (`migrate
 * status`, `migrate plan`): `--db`, `--env`, `--dir`, `--format`, `-o`, `--strict` and
 * `--connect-timeout`. `output` says what `-o` writes.
 */
export function databaseReportOptions(output: string): Option[] {
  return [
    dbOption('the database'),
    envOption('the database, from the config'),
    migrationDirOption(),
    formatOption(MIGRATE_FORMATS, 'text', 'how to write the report'),
    outputOption(output),
    strictCodeOption(),
    connectTimeoutOption('give up connecting after this long'),
  ];
}
