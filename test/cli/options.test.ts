import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  connectTimeoutOption,
  dbOption,
  envOption,
  formatOption,
  migrationDirOption,
  outputOption,
} from '../../src/cli/options.js';
import { SchemaguardError } from '../../src/errors.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

/** A command with the shared options, parsed from `args`. */
function parse(args: string[], formats = ['text', 'json', 'markdown']): Record<string, unknown> {
  const command = new Command('test')
    .exitOverride()
    .addOption(formatOption(formats, 'text'))
    .addOption(migrationDirOption());
  command.parse(args, { from: 'user' });
  return command.opts();
}

describe('formatOption', () => {
  it('takes one of its formats, and its fallback when not given', () => {
    expect(parse(['--format', 'json']).format).toBe('json');
    expect(parse([]).format).toBe('text');
  });

  it('refuses any other value in one sentence naming the choices', () => {
    expect(() => parse(['--format', 'yaml'])).toThrow(SchemaguardError);
    expect(() => parse(['--format', 'yaml'])).toThrow('--format takes text, json or markdown, not "yaml".');
    expect(() => parse(['--format', 'xml'], ['text', 'json'])).toThrow('--format takes text or json, not "xml".');
  });

  it('lists the choices and the default in the help', () => {
    const help = new Command('test').addOption(formatOption(['sql', 'json'], 'sql', 'the output')).helpInformation();
    expect(help).toMatch(/--format <format>\s+the output \(choices: "sql", "json", default: "sql"\)/);
  });
});

describe('migrationDirOption', () => {
  it("is the migration folder instead of the config's", () => {
    expect(parse(['--dir', 'db/migrations']).dir).toBe('db/migrations');
    expect(new Command('test').addOption(migrationDirOption()).helpInformation()).toContain(
      `the migration folder (default: the config's "migrations")`,
    );
  });
});

/** A command with the shared database and output options, parsed from `args`. */
function parseSource(args: string[]): Record<string, unknown> {
  const command = new Command('test')
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .addOption(dbOption('the database'))
    .addOption(envOption('the database, from the config'))
    .addOption(connectTimeoutOption('give up connecting after this long'))
    .addOption(outputOption('write the report here'));
  command.parse(args, { from: 'user' });
  return command.opts();
}

/** Each command that reads or changes one database, with what it needs besides. */
const DATABASE_COMMANDS: readonly (readonly string[])[] = [
  ['dump'],
  ['compare'],
  ['snapshot'],
  ['migrate', 'status'],
  ['migrate', 'plan'],
  ['migrate', 'apply'],
  ['migrate', 'repair'],
  ['rollback', '--to', 'HEAD'],
  ['verify'],
  ['check'],
];

describe('connectTimeoutOption', () => {
  it('keeps a positive number of seconds as given', () => {
    expect(parseSource(['--connect-timeout', '2.5']).connectTimeout).toBe('2.5');
    expect(parseSource([]).connectTimeout).toBeUndefined();
  });

  it('refuses anything else in one sentence while the command line is read', () => {
    for (const bad of ['x', '0', '-3', 'Infinity', '']) {
      expect(() => parseSource(['--connect-timeout', bad])).toThrow(SchemaguardError);
      expect(() => parseSource(['--connect-timeout', bad])).toThrow(
        `--connect-timeout takes a number of seconds, not "${bad}".`,
      );
    }
  });

  it.each([...DATABASE_COMMANDS, ['diff', 'a.json', 'b.json']].map((args) => ({ args })))(
    '$args: a bad value is exit code 2 in one sentence, before anything is read',
    async ({ args: command }) => {
      const result = await runCli([...command, '--connect-timeout', 'soon']);
      expect(isOneSentenceError(result), result.stderr).toBe(true);
      expect(result.stderr).toBe('schemaguard: --connect-timeout takes a number of seconds, not "soon".\n');
    },
  );
});

describe('dbOption and envOption', () => {
  it('take a database each, and --output its file', () => {
    expect(parseSource(['--db', 'pglite:memory', '-o', 'out.txt'])).toEqual({ db: 'pglite:memory', output: 'out.txt' });
    expect(parseSource(['--env', 'production', '--output', 'out.txt'])).toEqual({
      env: 'production',
      output: 'out.txt',
    });
  });

  it('refuse --db with --env', () => {
    expect(() => parseSource(['--db', 'pglite:memory', '--env', 'production'])).toThrow(CommanderError);
    expect(() => parseSource(['--env', 'production', '--db', 'pglite:memory'])).toThrow(
      "option '--db <url>' cannot be used with option '--env <name>'",
    );
  });

  it.each(DATABASE_COMMANDS.map((args) => ({ args })))(
    '$args: --db with --env is exit code 2 in one sentence',
    async ({ args: command }) => {
      const result = await runCli([...command, '--db', 'pglite:memory', '--env', 'production']);
      expect(isOneSentenceError(result), result.stderr).toBe(true);
      expect(result.stderr).toBe(
        "schemaguard: option '--db <url>' cannot be used with option '--env <name>' (see --help).\n",
      );
    },
  );
});
