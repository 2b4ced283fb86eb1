/**
 * The bad-input table: every command × every kind of bad input that applies to it. Each
 * case must end with exit code 2 and exactly one line on stderr, `schemaguard: …`, with no
 * stack trace, and the canary password (every special character of a generated password,
 * see ../helpers/canary.ts) must appear in no output, whole or in pieces, whether the URL
 * came from --db, an environment variable or the config. A new command or a new kind of
 * bad input is one line below.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptySchema } from '../../src/schema/model.js';
import { createSnapshot, serializeSnapshot } from '../../src/schema/snapshot.js';
import { CANARY_PIECE, encodedCanaryUrl, mapLimited, unencodedCanaryUrl } from '../helpers/canary.js';
import { type CliResult, runCli } from '../helpers/cli.js';
import { SERVER_URL, hasServer } from '../helpers/databases.js';

/** The test server's host and port (a default that refuses connections when there is none: the cases still hold). */
const SERVER = SERVER_URL ? new URL(SERVER_URL).host : '127.0.0.1:5432';

/** Where a command reads its database from: its flags, and the environment variables of the run. */
interface DatabaseInput {
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** The same database as a ref, for commands that take refs (`diff --to`). */
  readonly ref: string;
}

const viaDb = (url: string): DatabaseInput => ({ args: ['--db', url], ref: url });
const viaEnv = (name: string, env?: Record<string, string>): DatabaseInput => ({
  args: ['--env', name],
  env,
  ref: `env:${name}`,
});

/** Bad databases: what every command that reads or changes a database must refuse in one sentence. */
const BAD_DATABASES: Record<string, DatabaseInput> = {
  'malformed URL (canary password unencoded) from --db': viaDb(unencodedCanaryUrl('sgrole', SERVER, 'postgres')),
  'malformed URL from an environment variable': viaEnv('production', {
    PROD_URL: unencodedCanaryUrl('sgrole', SERVER, 'postgres'),
  }),
  'malformed URL from the config': viaEnv('literal'),
  'wrong credentials (an unknown role, encoded canary password)': viaDb(
    encodedCanaryUrl('sg_no_such_role', SERVER, 'postgres'),
  ),
  'unreachable port': viaDb(encodedCanaryUrl('sgrole', '127.0.0.1:1', 'postgres')),
  'nonexistent database': viaDb(encodedCanaryUrl('postgres', SERVER, 'sg_no_such_database')),
  'unknown environment (env:NAME)': viaEnv('nosuch'),
  'environment whose variable is not set': viaEnv('production'),
};

/** The kinds of the connection failures above: for `check`, a database that does not answer is a failed check. */
const CONNECTION_FAILURES = new Set([
  'wrong credentials (an unknown role, encoded canary password)',
  'unreachable port',
  'nonexistent database',
]);

/** Commands that read or change a database, given where it comes from. */
const DATABASE_COMMANDS: Record<string, (db: DatabaseInput) => string[]> = {
  dump: (db) => ['dump', ...db.args],
  compare: (db) => ['compare', 'good.json', ...db.args],
  diff: (db) => ['diff', '--from', 'good.json', '--to', db.ref],
  verify: (db) => ['verify', ...db.args],
  'migrate status': (db) => ['migrate', 'status', ...db.args],
  'migrate plan': (db) => ['migrate', 'plan', ...db.args],
  'migrate apply': (db) => ['migrate', 'apply', ...db.args, '--yes'],
  'migrate repair': (db) => ['migrate', 'repair', ...db.args, '--yes'],
  rollback: (db) => ['rollback', ...db.args, '--to', 'good.json', '--yes'],
  check: (db) => ['check', ...db.args],
  snapshot: (db) => ['snapshot', ...db.args],
};

/** Bad snapshot files, by kind: the file each names in the project. */
const BAD_FILES: Record<string, string> = {
  'missing file': 'missing.json',
  'not JSON': 'not-json.json',
  'truncated snapshot': 'truncated.json',
  'snapshot of a newer format version': 'newer.json',
};

/** Commands that read a snapshot file, given its path. */
const FILE_COMMANDS: Record<string, (file: string) => string[]> = {
  dump: (file) => ['dump', file],
  compare: (file) => ['compare', file, 'good.json'],
  diff: (file) => ['diff', 'good.json', file],
  verify: (file) => ['verify', '--db', 'pglite:memory', '--models', file],
  rollback: (file) => ['rollback', '--db', 'pglite:memory', '--to', file, '--yes'],
  check: (file) => ['check', '--schema', file],
};

/** Every command, run in a way that would otherwise work up to reading the config. */
const EVERY_COMMAND: Record<string, string[]> = {
  dump: ['dump', '--db', 'pglite:memory'],
  compare: ['compare', 'good.json', 'good.json'],
  diff: ['diff', 'good.json', 'good.json'],
  verify: ['verify', '--db', 'pglite:memory'],
  'migrate status': ['migrate', 'status', '--db', 'pglite:memory'],
  'migrate plan': ['migrate', 'plan', '--db', 'pglite:memory'],
  'migrate apply': ['migrate', 'apply', '--db', 'pglite:memory', '--yes'],
  'migrate repair': ['migrate', 'repair', '--db', 'pglite:memory', '--yes'],
  'migrate check': ['migrate', 'check'],
  'migrate new': ['migrate', 'new', 'add_things'],
  rollback: ['rollback', '--db', 'pglite:memory', '--to', 'good.json', '--yes'],
  check: ['check', '--db', 'pglite:memory'],
  snapshot: ['snapshot', '--db', 'pglite:memory'],
  log: ['log', '--file', 'good.json'],
  init: ['init', '--yes'],
  'hooks install': ['hooks', 'install'],
  'hooks uninstall': ['hooks', 'uninstall'],
  'hooks run': ['hooks', 'run', 'pre-commit'],
  'ci github': ['ci', 'github'],
};

/** Commands with --format. */
const FORMAT_COMMANDS = [
  'dump',
  'compare',
  'diff',
  'verify',
  'migrate status',
  'migrate plan',
  'migrate apply',
  'migrate check',
  'rollback',
  'check',
  'snapshot',
  'log',
];

/**
 * Commands that do not read the config, or read it only to offer defaults: `init` writes
 * one (a broken one is reported and kept), `hooks uninstall` and `ci github` need none.
 */
const WITHOUT_CONFIG = new Set(['init', 'hooks uninstall', 'ci github']);

/** A ref given both as an argument and as its flag. */
const POSITIONAL_AND_FLAG: Record<string, string[]> = {
  'compare BASELINE --baseline': ['compare', 'good.json', '--baseline', 'good.json'],
  'compare BASELINE CURRENT --current': ['compare', 'good.json', 'good.json', '--current', 'good.json'],
  'compare BASELINE CURRENT --db': ['compare', 'good.json', 'good.json', '--db', 'pglite:memory'],
  'compare BASELINE CURRENT --env': ['compare', 'good.json', 'good.json', '--env', 'literal'],
  'diff FROM --from': ['diff', 'good.json', '--from', 'good.json', '--to', 'good.json'],
  'diff FROM TO --to': ['diff', 'good.json', 'good.json', '--to', 'good.json'],
  'dump REF --db': ['dump', 'good.json', '--db', 'pglite:memory'],
  'dump REF --env': ['dump', 'good.json', '--env', 'literal'],
};

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** `broken` runs in the project whose config file does not parse. */
  readonly project?: 'broken';
  /** A failed check (exit 1, the checklist names it) rather than a bad input. */
  readonly failedCheck?: boolean;
}

const CASES: Case[] = [
  ...Object.entries(DATABASE_COMMANDS).flatMap(([command, args]) =>
    Object.entries(BAD_DATABASES).map(([kind, db]) => ({
      name: `${command} × ${kind}`,
      args: args(db),
      env: db.env,
      failedCheck: command === 'check' && CONNECTION_FAILURES.has(kind),
    })),
  ),
  ...Object.entries(FILE_COMMANDS).flatMap(([command, args]) =>
    Object.entries(BAD_FILES).map(([kind, file]) => ({ name: `${command} × ${kind}`, args: args(file) })),
  ),
  // log reads the file's history: a version it cannot read is a line of that history ("unreadable: …"), not a bad input.
  { name: 'log × missing file', args: ['log', '--file', 'missing.json'] },
  ...Object.entries(EVERY_COMMAND).map(([command, args]) => ({
    name: `${command} × unknown flag`,
    args: [...args, '--no-such-flag'],
  })),
  ...FORMAT_COMMANDS.map((command) => ({
    name: `${command} × bad --format`,
    args: [...(EVERY_COMMAND[command] ?? []), '--format', 'yaml'],
  })),
  ...Object.entries(POSITIONAL_AND_FLAG).map(([name, args]) => ({ name: `${name} × positional and flag`, args })),
  ...Object.entries(EVERY_COMMAND)
    .filter(([command]) => !WITHOUT_CONFIG.has(command))
    .map(([command, args]) => ({ name: `${command} × broken config file`, args, project: 'broken' as const })),
];

/** The project the cases run in, a git repository with the snapshot files they name. */
function project(): { dir: string; broken: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bad-input-'));
  const good = serializeSnapshot(
    createSnapshot('postgres', { ...emptySchema(), schemas: [{ name: 'public' }] }, { baseline: true }),
  );
  writeFileSync(join(dir, 'good.json'), good);
  writeFileSync(join(dir, 'not-json.json'), 'schema: not json\n');
  writeFileSync(join(dir, 'truncated.json'), good.slice(0, Math.floor(good.length / 2)));
  writeFileSync(join(dir, 'newer.json'), good.replace('"formatVersion": 1', '"formatVersion": 99'));
  writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE public.t (id integer);\n');
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_t.sql'), 'CREATE TABLE public.t (id integer);\n');
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({
      environments: {
        production: { urlEnv: 'PROD_URL' },
        literal: { url: unencodedCanaryUrl('sgrole', SERVER, 'postgres') },
      },
      migrations: { dir: 'migrations' },
      models: 'sql:./schema.sql',
    }),
  );
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'files');
  // A config that does not parse, with the canary password in it.
  const broken = mkdtempSync(join(tmpdir(), 'sg-bad-config-'));
  for (const file of ['good.json', 'schema.sql']) writeFileSync(join(broken, file), readFileSync(join(dir, file)));
  writeFileSync(
    join(broken, 'schemaguard.config.json'),
    `{"environments": {"production": {"url": "${encodedCanaryUrl('sgrole', SERVER, 'postgres')}"}} "x": 1}\n`,
  );
  return { dir, broken };
}

describe('every command refuses every bad input in one sentence, exit code 2, without the password', () => {
  const results = new Map<string, CliResult>();

  beforeAll(async () => {
    hasServer();
    const { dir, broken } = project();
    const done = await mapLimited(CASES, 4, (c) =>
      runCli(c.args, {
        cwd: c.project === 'broken' ? broken : dir,
        // No PROD_URL unless the case sets it.
        env: { PROD_URL: '', ...c.env },
      }),
    );
    CASES.forEach((c, i) => results.set(c.name, done[i] as CliResult));
  }, 600_000);

  it(`covers ${CASES.length} cases`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$name', (c) => {
    const result = results.get(c.name) as CliResult;
    const shown = `${c.args.join(' ')}\n→ exit ${result.code}\n${result.stderr}${result.stdout.slice(0, 500)}`;
    expect(`${result.stdout}${result.stderr}`, shown).not.toMatch(CANARY_PIECE);
    expect(result.stderr, shown).not.toMatch(/\n\s+at |Error: /);
    if (c.failedCheck) {
      // The checklist says which check failed and why, on stdout.
      expect(result.code, shown).toBe(1);
      expect(result.stdout, shown).toMatch(/✗ connectivity: connection: /);
      return;
    }
    expect(result.code, shown).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, shown).toHaveLength(1);
    expect(lines[0], shown).toMatch(/^schemaguard: \S/);
  });
});
