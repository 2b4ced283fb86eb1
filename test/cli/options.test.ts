import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatOption, migrationDirOption } from '../../src/cli/options.js';
import { SchemaguardError } from '../../src/errors.js';

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
