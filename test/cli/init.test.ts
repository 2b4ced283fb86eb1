import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { GITIGNORE_BEGIN, GITIGNORE_END, mergeGitignore } from '../../src/git/gitignore.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const FIXTURES = join(ROOT, 'test', 'fixtures');

/** A git repository with the given files, where `schemaguard` resolves (as after `npm i -D schemaguard`). */
function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-init-'));
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'schemaguard'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const init = (dir: string, ...flags: string[]) => runCli(['init', ...flags], { cwd: dir });

/** Every file under a folder (node_modules and .git left out) with its content and modification time. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const inside = path.slice(dir.length + 1);
    if (/^(node_modules|\.git)(\/|$)/.test(inside)) continue;
    const stats = statSync(path);
    files[inside] = stats.isDirectory() ? `folder ${stats.mtimeMs}` : `${readFileSync(path, 'utf8')}@${stats.mtimeMs}`;
  }
  return files;
}

/** Whether git ignores a path of the repository (the file need not exist). */
function ignored(dir: string, path: string): boolean {
  return spawnSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: dir }).status === 0;
}

/** `schemaguard init` on a pseudo-terminal, the answers typed one per line. */
function initOnTerminal(dir: string, answers: readonly string[], flags = '') {
  return spawnSync('script', ['-qec', `node ${CLI} init ${flags}`, '/dev/null'], {
    cwd: dir,
    input: answers.map((a) => `${a}\n`).join(''),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
}

const PRISMA_SCHEMA = readFileSync(join(FIXTURES, 'prisma', 'schema.prisma'), 'utf8');

describe('schemaguard init with flags', () => {
  it('writes a config that loads and validates, the snapshot folder and the .gitignore rules of the seeds', async () => {
    const dir = project({ '.gitignore': 'node_modules\n' });
    const result = await init(dir, '--url-env', 'APP_DATABASE_URL', '--models', 'none', '--migrations', 'none');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Created schemaguard\.config\.ts: postgres, development from \$APP_DATABASE_URL/);
    expect(result.stdout).toMatch(/Created database_schema\/\./);
    expect(result.stdout).toMatch(/npx schemaguard dump --baseline\n/);
    expect(result.stdout).toMatch(/npx schemaguard hooks install/);
    expect(statSync(join(dir, 'database_schema')).isDirectory()).toBe(true);

    const text = readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8');
    expect(text).toMatch(/^import \{ defineConfig \} from 'schemaguard';/);
    const config = await loadConfig({ cwd: dir });
    expect(config.file).toBe(join(dir, 'schemaguard.config.ts'));
    expect(config.dialect).toBe('postgres');
    expect(config.defaultEnvironment).toBe('development');
    // Snapshot paths are made absolute from the config's folder.
    expect(config.environments).toEqual({
      development: { urlEnv: 'APP_DATABASE_URL' },
      staging: {
        urlEnv: 'STAGING_APP_DATABASE_URL',
        branch: 'staging',
        snapshot: join(dir, 'database_schema/staging_schema.json'),
      },
      production: {
        urlEnv: 'PRODUCTION_APP_DATABASE_URL',
        branch: 'main',
        snapshot: join(dir, 'database_schema/production_schema.json'),
        confirm: 'type-name',
      },
    });
    expect(config.models).toBeUndefined();
    expect(config.migrations).toBeUndefined();
    expect(config.baseline).toBe(join(dir, 'database_schema', 'baseline_schema.json'));

    // The seeds' rules: temporary dumps, backups and the cache ignored; the baseline and environment snapshots committed.
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^node_modules\n\n# >>> schemaguard >>>\n/);
    for (const path of [
      'database_schema/schema_20260101.json',
      'database_schema/temp_compare.json',
      'database_schema/backups/production/20260101T000000Z_abc1234.json',
      '.schemaguard/cache/shadow/x.json',
    ]) {
      expect(ignored(dir, path), path).toBe(true);
    }
    for (const path of [
      'database_schema/baseline_schema.json',
      'database_schema/production_schema.json',
      'database_schema/staging_schema.json',
      'database_schema/snapshots/production/20260101T000000Z_abc1234.json',
      'schemaguard.config.ts',
    ]) {
      expect(ignored(dir, path), path).toBe(false);
    }
  });

  it('changes nothing when run twice, and says what it kept', async () => {
    const dir = project({ 'migrations/0001_init.sql': 'CREATE TABLE t (id int);\n' });
    expect((await init(dir)).code).toBe(0);
    const before = tree(dir);
    const again = await init(dir, '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Kept schemaguard\.config\.ts: it exists, and init never overwrites it/);
    expect(again.stdout).toMatch(/Kept database_schema\/: it exists\./);
    expect(again.stdout).toMatch(/\.gitignore already has schemaguard's lines\./);
    // The kept config is read: its migration folder is in the next steps.
    expect(again.stdout).toMatch(/npx schemaguard dump --baseline migrations:\.\/migrations/);
    expect(tree(dir)).toEqual(before);
  });

  it('never overwrites an existing config without a terminal, and uses its snapshot folder', async () => {
    const json = JSON.stringify({ snapshotDir: 'schemas' });
    const dir = project({ 'schemaguard.config.json': json });
    const result = await init(dir, '--url-env', 'OTHER_URL');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Kept schemaguard\.config\.json: it exists/);
    expect(result.stderr).toMatch(
      /--url-env was not applied: it is for a new config; edit schemaguard\.config\.json instead\./,
    );
    expect(readFileSync(join(dir, 'schemaguard.config.json'), 'utf8')).toBe(json);
    expect(existsSync(join(dir, 'schemaguard.config.ts'))).toBe(false);
    expect(result.stdout).toMatch(/Created schemas\/\./);
    expect(ignored(dir, 'schemas/schema_1.json')).toBe(true);
    expect(ignored(dir, 'schemas/baseline_schema.json')).toBe(false);
  });

  it('refuses bad flags in one sentence, before writing anything', async () => {
    const dir = project();
    const cases: [string[], RegExp][] = [
      [['--dialect', 'oracle'], /The dialect must be one of postgres, mysql, sqlite, not "oracle"\./],
      [['--url-env', 'DATABASE-URL'], /must be an environment variable name such as DATABASE_URL, not "DATABASE-URL"/],
      [
        ['--models', 'models.ts'],
        /The models must be prisma:PATH, drizzle:PATH, sql:PATH, django: or none, not "models\.ts"/,
      ],
      [
        ['--models', 'prisma:./nope.prisma'],
        /The models prisma:\.\/nope\.prisma name \.\/nope\.prisma, which does not exist/,
      ],
      [['--migrations', 'node_modules/schemaguard/docs'], /Cannot tell which migration tool the folder .* belongs to/],
    ];
    for (const [flags, message] of cases) {
      const result = await init(dir, ...flags);
      expect(isOneSentenceError(result), `${flags.join(' ')}: ${result.stderr}`).toBe(true);
      expect(result.stderr).toMatch(message);
    }
    const elsewhere = await runCli(['--config', 'other.json', 'init'], { cwd: dir });
    expect(isOneSentenceError(elsewhere), elsewhere.stderr).toBe(true);
    expect(elsewhere.stderr).toMatch(
      /init writes schemaguard\.config\.ts in the working directory: leave out --config/,
    );
    expect(readdirSync(dir).sort()).toEqual(['.git', 'node_modules']);
  });
});

describe('schemaguard init detects the project', () => {
  it('Prisma: the schema and its migrations folder', async () => {
    const dir = project({
      'prisma/schema.prisma': PRISMA_SCHEMA,
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE t (id int);\n',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    });
    const result = await init(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Found: Prisma schema prisma\/schema\.prisma; prisma migrations in prisma\/migrations\./,
    );
    expect(readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8')).toMatch(
      /models: 'prisma:\.\/prisma\/schema\.prisma',\n[^\n]*\n {2}migrations: \{ dir: 'prisma\/migrations', format: 'prisma' \},/,
    );
    const config = await loadConfig({ cwd: dir });
    expect(config.models).toBe(`prisma:${join(dir, 'prisma', 'schema.prisma')}`);
    expect(config.migrations).toEqual({ dir: join(dir, 'prisma', 'migrations'), format: 'prisma' });
  });

  it('drizzle: the schema and out folder of drizzle.config.ts, a glob cut to its folder', async () => {
    const files = {
      'drizzle.config.ts': `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({\n  dialect: 'postgresql',\n  schema: './src/db/schema.ts',\n  out: './db/drizzle',\n});\n`,
      'src/db/schema.ts': 'export {};\n',
    };
    const dir = project(files);
    cpSync(join(FIXTURES, 'migrations', 'drizzle'), join(dir, 'db', 'drizzle'), { recursive: true });
    const result = await init(dir, '--yes');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /drizzle config drizzle\.config\.ts \(schema src\/db\/schema\.ts\); drizzle migrations in db\/drizzle/,
    );
    const config = await loadConfig({ cwd: dir });
    expect(config.models).toBe(`drizzle:${join(dir, 'src', 'db', 'schema.ts')}`);
    expect(config.migrations).toEqual({ dir: join(dir, 'db', 'drizzle'), format: 'drizzle' });

    const globbed = project({ ...files, 'drizzle.config.ts': "export default { schema: './src/db/*.ts' };\n" });
    expect((await init(globbed)).code).toBe(0);
    expect(readFileSync(join(globbed, 'schemaguard.config.ts'), 'utf8')).toMatch(/models: 'drizzle:\.\/src\/db',/);
  });

  it('Prisma: prisma.config.ts, multi-file schema folders, and package.json naming a folder', async () => {
    const migration = {
      '20240101000000_init/migration.sql': 'CREATE TABLE t (id int);\n',
      'migration_lock.toml': 'provider = "postgresql"\n',
    };
    const under = (folder: string, files: Record<string, string>) =>
      Object.fromEntries(Object.entries(files).map(([path, text]) => [`${folder}/${path}`, text]));
    const multiFile = { 'schema.prisma': PRISMA_SCHEMA, 'models/extra.prisma': '// more models\n' };
    const configured = (dir: string) => readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8');

    // Prisma 7: the schema folder and the migrations named in prisma.config.ts, as path.join(…).
    const config = project({
      'prisma.config.ts': `import path from 'node:path';\nimport { defineConfig, env } from 'prisma/config';\n\nexport default defineConfig({\n  schema: path.join('db', 'prisma'),\n  migrations: {\n    path: path.join('sql', 'prisma-migrations'),\n    seed: 'tsx db/seed.ts',\n  },\n  datasource: { url: env('DATABASE_URL') },\n});\n`,
      ...under('db/prisma', multiFile),
      ...under('sql/prisma-migrations', migration),
    });
    const fromConfig = await init(config);
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    expect(fromConfig.stdout).toMatch(
      /^Found: Prisma schema folder db\/prisma\/ \(multi-file\), named in prisma\.config\.ts; prisma migrations in sql\/prisma-migrations\.$/m,
    );
    expect(configured(config)).toMatch(/models: 'prisma:\.\/db\/prisma',/);
    expect((await loadConfig({ cwd: config })).migrations).toEqual({
      dir: join(config, 'sql', 'prisma-migrations'),
      format: 'prisma',
    });

    // The default multi-file location, prisma/schema/, with the migrations beside it.
    const folder = project({ ...under('prisma/schema', multiFile), ...under('prisma/migrations', migration) });
    expect((await init(folder)).stdout).toMatch(
      /^Found: Prisma schema folder prisma\/schema\/ \(multi-file\); prisma migrations in prisma\/migrations\.$/m,
    );
    expect(configured(folder)).toMatch(/models: 'prisma:\.\/prisma\/schema',/);

    // package.json's prisma.schema naming a folder: its migrations are inside it.
    const packaged = project({
      'package.json': JSON.stringify({ name: 'app', prisma: { schema: 'prisma' } }),
      ...under('prisma', multiFile),
      ...under('prisma/migrations', migration),
    });
    expect((await init(packaged)).stdout).toMatch(
      /^Found: Prisma schema folder prisma\/ \(multi-file\), named in package\.json; prisma migrations in prisma\/migrations\.$/m,
    );
    expect((await loadConfig({ cwd: packaged })).migrations?.dir).toBe(join(packaged, 'prisma', 'migrations'));
  });

  it('drizzle: a schema folder, or an array of schema files, is proposed as their folder', async () => {
    const folder = project({
      'drizzle.config.ts': "export default { dialect: 'postgresql', schema: './src/db/schema/', out: './drizzle' };\n",
      'src/db/schema/users.ts': 'export {};\n',
    });
    expect((await init(folder)).stdout).toMatch(
      /^Found: drizzle config drizzle\.config\.ts \(schema src\/db\/schema\)\.$/m,
    );
    expect(readFileSync(join(folder, 'schemaguard.config.ts'), 'utf8')).toMatch(
      /models: 'drizzle:\.\/src\/db\/schema',/,
    );

    const files = project({
      'drizzle.config.mjs': "export default {\n  schema: ['./src/db/users.ts', './src/db/posts.ts'],\n};\n",
      'src/db/users.ts': 'export {};\n',
      'src/db/posts.ts': 'export {};\n',
    });
    expect((await init(files)).stdout).toMatch(/drizzle config drizzle\.config\.mjs \(schema src\/db\)/);

    const computed = project({ 'drizzle.config.ts': 'export default { schema: schemaPath };\n' });
    expect((await init(computed)).stdout).toMatch(
      /drizzle config drizzle\.config\.ts \(its schema is not written as a literal path\)/,
    );
  });

  it('says when it found nothing', async () => {
    const result = await init(project({ 'src/index.ts': 'export {};\n' }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^Found nothing to propose: no Django manage\.py, no Prisma schema or prisma\.config\.ts, no drizzle config, no knex or SQL migration folder\.$/m,
    );
  });

  it('plain and dbmate folders', async () => {
    const plain = project({ 'migrations/0001_init.sql': 'CREATE TABLE t (id int);\n' });
    expect((await init(plain)).stdout).toMatch(/Found: plain migrations in migrations\./);
    expect((await loadConfig({ cwd: plain })).migrations).toEqual({ dir: join(plain, 'migrations'), format: 'plain' });

    const dbmate = project({ 'db/migrations/20240101_init.sql': '-- migrate:up\nCREATE TABLE t (id int);\n' });
    expect((await init(dbmate)).stdout).toMatch(/Found: dbmate migrations in db\/migrations\./);
    expect((await loadConfig({ cwd: dbmate })).migrations).toEqual({
      dir: join(dbmate, 'db', 'migrations'),
      format: 'dbmate',
    });
    // No models found: the key is left as a comment.
    expect(readFileSync(join(dbmate, 'schemaguard.config.ts'), 'utf8')).toMatch(/\n {2}\/\/ models: 'drizzle:/);
  });

  it('knex: says its migrations cannot be replayed and suggests migrations.command with models or SQL', async () => {
    const dir = project({
      'knexfile.js': "module.exports = { client: 'pg', migrations: { directory: './migrations' } };\n",
      'migrations/20240101120000_init.js': 'exports.up = (knex) => knex.schema.createTable("t", () => {});\n',
    });
    const result = await init(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Found: knex migrations in migrations \(knexfile\.js\)\./);
    expect(result.stderr).toMatch(/knex migrations in migrations are JavaScript, which schemaguard cannot replay/);
    expect(result.stderr).toMatch(/migrations\.command: 'npx knex migrate:latest'/);
    expect(readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8')).toMatch(/command: 'npx knex migrate:latest'/);
    expect((await loadConfig({ cwd: dir })).migrations).toBeUndefined();

    const explicit = await init(
      project({ 'migrations/20240101120000_init.js': 'exports.up = () => {};\n' }),
      '--migrations',
      'migrations',
    );
    expect(isOneSentenceError(explicit), explicit.stderr).toBe(true);
    expect(explicit.stderr).toMatch(
      /migrations holds JavaScript migrations \(knex or similar\), which schemaguard cannot replay/,
    );
  });
});

describe('.gitignore management', () => {
  const rules = [
    { pattern: 'database_schema/schema_*.json', comment: 'Temporary dumps' },
    { pattern: 'database_schema/temp_*.json' },
    { pattern: 'database_schema/backups/', comment: 'Backups' },
    { pattern: '.schemaguard/', comment: 'Cache' },
  ];

  it('adds a marked block once, keeps the user lines, adds only what is missing and never duplicates', () => {
    const first = mergeGitignore(undefined, rules);
    expect(first.text).toBe(
      `${GITIGNORE_BEGIN}\n# Temporary dumps\ndatabase_schema/schema_*.json\ndatabase_schema/temp_*.json\n# Backups\ndatabase_schema/backups/\n# Cache\n.schemaguard/\n${GITIGNORE_END}\n`,
    );
    expect(mergeGitignore(first.text, rules)).toEqual({ text: first.text, added: [], negated: [] });

    // The user already ignores two of them, spelled their way: only the other two are added.
    const user = 'dist\r\n/database_schema/temp_*.json\r\n.schemaguard\r\n# mine\r\n*.log';
    const merged = mergeGitignore(user, rules);
    expect(merged.added).toEqual(['database_schema/schema_*.json', 'database_schema/backups/']);
    expect(merged.text).toBe(
      `dist\r\n/database_schema/temp_*.json\r\n.schemaguard\r\n# mine\r\n*.log\r\n\r\n${GITIGNORE_BEGIN}\r\n# Temporary dumps\r\ndatabase_schema/schema_*.json\r\n# Backups\r\ndatabase_schema/backups/\r\n${GITIGNORE_END}\r\n`,
    );

    // A block missing a rule (removed by hand, or from an older version) gets it inside the block.
    const partial = `a\n${GITIGNORE_BEGIN}\ndatabase_schema/schema_*.json\n${GITIGNORE_END}\nb\n`;
    const completed = mergeGitignore(partial, rules.slice(0, 2));
    expect(completed.text).toBe(
      `a\n${GITIGNORE_BEGIN}\ndatabase_schema/schema_*.json\ndatabase_schema/temp_*.json\n${GITIGNORE_END}\nb\n`,
    );

    // What the user un-ignores stays un-ignored.
    const negated = mergeGitignore('!database_schema/temp_*.json\n', rules.slice(1, 2));
    expect(negated).toEqual({
      text: '!database_schema/temp_*.json\n',
      added: [],
      negated: ['database_schema/temp_*.json'],
    });
  });

  it('merges into a project .gitignore through init, and warns when it ignores the committed snapshots', async () => {
    const dir = project({ '.gitignore': 'node_modules\ndatabase_schema/temp_*.json\n*.json\n' });
    const result = await init(dir, '--yes');
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(dir, '.gitignore'), 'utf8');
    expect(text.startsWith('node_modules\ndatabase_schema/temp_*.json\n*.json\n\n# >>> schemaguard >>>\n')).toBe(true);
    expect(text.match(/database_schema\/temp_\*\.json/g)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /database_schema\/baseline_schema\.json must be committed, but git ignores it \(\.gitignore:3:\*\.json\): remove that rule\./,
    );
    expect(result.stderr).toMatch(/database_schema\/production_schema\.json must be committed/);
  });

  it('does not warn of a committed snapshot the .gitignore un-ignores', async () => {
    // git lists a path matching a negated pattern with the ignored ones: it is kept, not ignored.
    const dir = project({ '.gitignore': '*.json\n!database_schema/staging_schema.json\n' });
    const result = await init(dir, '--yes');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/database_schema\/production_schema\.json must be committed/);
    expect(result.stderr).not.toMatch(/staging_schema\.json must be committed/);
  });
});

describe('schemaguard init on a terminal', () => {
  it('asks each question with the detected default, asks again after a wrong answer, and writes the answers', async () => {
    const dir = project({
      'prisma/schema.prisma': PRISMA_SCHEMA,
      'migrations/0001_init.sql': 'CREATE TABLE t (id int);\n',
    });
    const result = initOnTerminal(dir, ['oracle', '', 'APP_URL', '', 'none']);
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/Dialect \[postgres\]: /);
    expect(result.stdout).toMatch(/The dialect must be one of postgres, mysql, sqlite, not "oracle"\./);
    expect(result.stdout).toMatch(/Environment variable with the development database URL \[DATABASE_URL\]: /);
    expect(result.stdout).toMatch(
      /Models \(prisma:PATH, drizzle:PATH, sql:PATH or none\) \[prisma:\.\/prisma\/schema\.prisma\]: /,
    );
    expect(result.stdout).toMatch(/Migration folder \(or none\) \[migrations\]: /);
    const config = await loadConfig({ cwd: dir });
    expect(config.environments.development).toEqual({ urlEnv: 'APP_URL' });
    expect(config.models).toBe(`prisma:${join(dir, 'prisma', 'schema.prisma')}`);
    expect(config.migrations).toBeUndefined();
  });

  it('asks only what the flags leave open, and nothing with --yes', async () => {
    const dir = project({ 'migrations/0001_init.sql': 'CREATE TABLE t (id int);\n' });
    const result = initOnTerminal(dir, ['', ''], '--dialect postgres --url-env MY_URL');
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).not.toMatch(/Dialect \[/);
    expect(result.stdout).toMatch(/Models .*\[none\]: /);
    expect((await loadConfig({ cwd: dir })).environments.development).toEqual({ urlEnv: 'MY_URL' });

    const quiet = project();
    const yes = initOnTerminal(quiet, [], '--yes');
    expect(yes.status, yes.stdout).toBe(0);
    expect(yes.stdout).not.toMatch(/\[postgres\]/);
    expect(existsSync(join(quiet, 'schemaguard.config.ts'))).toBe(true);
  });

  it('asks before replacing an existing config: no keeps it, yes replaces it', async () => {
    const json = JSON.stringify({ environments: { development: { url: 'pglite:./dev' } } });
    const dir = project({ 'schemaguard.config.json': json });
    const kept = initOnTerminal(dir, ['n']);
    expect(kept.status, kept.stdout).toBe(0);
    expect(kept.stdout).toMatch(
      /schemaguard\.config\.json exists: replace it with a new schemaguard\.config\.ts \(schemaguard\.config\.json is then deleted\)\? \[y\/N\]/,
    );
    expect(kept.stdout).toMatch(/Kept schemaguard\.config\.json/);
    expect(readFileSync(join(dir, 'schemaguard.config.json'), 'utf8')).toBe(json);
    expect(existsSync(join(dir, 'schemaguard.config.ts'))).toBe(false);

    const replaced = initOnTerminal(dir, ['y', '', '', '', '']);
    expect(replaced.status, replaced.stdout).toBe(0);
    expect(replaced.stdout).toMatch(/Replaced schemaguard\.config\.ts/);
    expect(existsSync(join(dir, 'schemaguard.config.json'))).toBe(false);
    expect((await loadConfig({ cwd: dir })).environments.development).toEqual({ urlEnv: 'DATABASE_URL' });
  });

  it('writes nothing when the input ends before the last answer', () => {
    const dir = project();
    const result = initOnTerminal(dir, ['postgres']);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/The input ended before every question was answered: nothing was written\./);
    expect(readdirSync(dir).sort()).toEqual(['.git', 'node_modules']);
  });
});
