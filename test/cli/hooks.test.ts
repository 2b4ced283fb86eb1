import { spawnSync } from 'node:child_process';
import {
  chmodSync,
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
import { beforeAll, describe, expect, it } from 'vitest';
import { CHAINED_HOOK, parseHookScript, preCommitScript } from '../../src/git/hooks.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
/** One shadow cache for the file: a replay of the same migrations is built once. */
const CACHE = mkdtempSync(join(tmpdir(), 'sg-hooks-cache-'));

const ASSET = 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text NOT NULL);\n';
const LESSON = 'CREATE TABLE public.lesson (id integer PRIMARY KEY);\n';
const BROKEN = 'ALTER TABLE public.nope ADD COLUMN x integer;\n';

function git(dir: string, ...args: string[]) {
  return spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** `git commit` for real, so that git runs the installed hook. */
function commit(dir: string, message: string) {
  const result = git(dir, 'commit', '-q', '-m', message);
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * A commit whose hook runs in-process: what the hook runs, `hooks run pre-commit` in the project
 * folder `project`, then `git commit` without the hook when that passed. For the checks of what
 * is staged; a few commits go through the real hook (a process, as git runs it) with {@link commit}.
 */
async function checkedCommit(dir: string, message: string, project = dir) {
  const hook = await hooks(project, 'run', 'pre-commit');
  if (hook.code === 0) expect(git(dir, 'commit', '-q', '--no-verify', '-m', message).status).toBe(0);
  return { code: hook.code, output: `${hook.stdout}${hook.stderr}` };
}

/**
 * A git repository with the given files. schemaguard is "installed" as npm does it: a
 * node_modules/.bin/schemaguard symlink to the built CLI (at `binAt`, relative to the top level).
 */
function repository(files: Record<string, string> = {}, binAt = '.'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-hooks-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  mkdirSync(join(dir, binAt, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, join(dir, binAt, 'node_modules', '.bin', 'schemaguard'));
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A project config with a plain migration folder, using the file's shared shadow cache. */
function config(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ migrations: { dir: 'migrations' }, cacheDir: CACHE, ...extra });
}

/** Every file of a folder with its content and mode. */
function listing(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir).map((name) => {
      const path = join(dir, name);
      return [name, `${(statSync(path).mode & 0o777).toString(8)} ${readFileSync(path, 'utf8')}`];
    }),
  );
}

const hooks = (dir: string, ...args: string[]) => runCli(['hooks', ...args], { cwd: dir });

beforeAll(() => {
  // npm makes a package's bin executable when it links it; the build does not.
  chmodSync(CLI, 0o755);
});

describe('schemaguard hooks install and uninstall', () => {
  it('installs an executable hook once, and uninstall leaves the hooks folder as it was', async () => {
    const dir = repository({ 'schemaguard.config.json': config() });
    const hooksDir = join(dir, '.git', 'hooks');
    const before = listing(hooksDir);
    const installed = await hooks(dir, 'install');
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toBe('Installed the pre-commit hook: .git/hooks/pre-commit.\n');
    const hook = join(hooksDir, 'pre-commit');
    expect(statSync(hook).mode & 0o111).toBe(0o111);
    const text = readFileSync(hook, 'utf8');
    expect(text).toBe(preCommitScript({ project: '', chained: false, createdFolder: false }));
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(spawnSync('sh', ['-n', hook]).status).toBe(0);

    const again = await hooks(dir, 'install');
    expect(again.stdout).toMatch(/already installed: \.git\/hooks\/pre-commit; nothing changed/);
    expect(readFileSync(hook, 'utf8')).toBe(text);

    const removed = await hooks(dir, 'uninstall');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe('Removed the pre-commit hook .git/hooks/pre-commit.\n');
    expect(listing(hooksDir)).toEqual(before);
    const twice = await hooks(dir, 'uninstall');
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/not installed \(\.git\/hooks\/pre-commit\): nothing to remove/);
    expect(listing(hooksDir)).toEqual(before);
  });

  it('keeps an existing hook as pre-commit.local, runs it first, and puts it back byte for byte', async () => {
    const dir = repository({ 'schemaguard.config.json': config(), 'notes.txt': 'x\n' });
    const hooksDir = join(dir, '.git', 'hooks');
    const own =
      '#!/bin/sh\n# the team\'s own hook\necho ran >> "$(git rev-parse --show-toplevel)/own-hook.log"\n[ ! -f block ]\n';
    writeFileSync(join(hooksDir, 'pre-commit'), own, { mode: 0o750 });
    chmodSync(join(hooksDir, 'pre-commit'), 0o750);
    const before = listing(hooksDir);

    const installed = await hooks(dir, 'install');
    expect(installed.stdout).toMatch(/Your previous hook is kept as pre-commit\.local and runs first\./);
    expect(listing(hooksDir)[CHAINED_HOOK]).toBe(before['pre-commit']);
    expect(parseHookScript(readFileSync(join(hooksDir, 'pre-commit'), 'utf8'))).toEqual({
      project: '',
      chained: true,
      createdFolder: false,
    });
    expect((await hooks(dir, 'install')).stdout).toMatch(/nothing changed/);

    // Both run on a commit: the team's hook first, and it can still stop the commit.
    git(dir, 'add', 'notes.txt', '.gitignore');
    const passed = commit(dir, 'notes');
    expect(passed.code, passed.output).toBe(0);
    expect(readFileSync(join(dir, 'own-hook.log'), 'utf8')).toBe('ran\n');
    expect(passed.output).toMatch(
      /nothing staged touches the migrations, the models, the snapshots or the config; skipped/,
    );
    writeFileSync(join(dir, 'block'), '');
    writeFileSync(join(dir, 'notes.txt'), 'y\n');
    git(dir, 'add', 'notes.txt');
    const blocked = commit(dir, 'blocked');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).not.toMatch(/schemaguard pre-commit/);

    const removed = await hooks(dir, 'uninstall');
    expect(removed.stdout).toMatch(/Your previous hook is back in its place\./);
    expect(listing(hooksDir)).toEqual(before);
  });

  it('leaves a hook that is not its own alone, and refuses to remove its own hook once edited', async () => {
    const dir = repository({ 'schemaguard.config.json': config() });
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const foreign = await hooks(dir, 'uninstall');
    expect(foreign.code).toBe(0);
    expect(foreign.stdout).toMatch(
      /The pre-commit hook \.git\/hooks\/pre-commit is not schemaguard's: left as it is\./,
    );
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');

    // pre-commit.local is taken: the existing hook cannot be kept under that name.
    writeFileSync(join(dir, '.git', 'hooks', CHAINED_HOOK), '#!/bin/sh\n');
    const taken = await hooks(dir, 'install');
    expect(isOneSentenceError(taken), taken.stderr).toBe(true);
    expect(taken.stderr).toMatch(/Both .*pre-commit and .*pre-commit\.local exist/);

    const other = repository({ 'schemaguard.config.json': config() });
    await hooks(other, 'install');
    const ours = join(other, '.git', 'hooks', 'pre-commit');
    writeFileSync(ours, `${readFileSync(ours, 'utf8')}echo mine\n`);
    for (const command of ['uninstall', 'install']) {
      const refused = await hooks(other, command);
      expect(isOneSentenceError(refused), refused.stderr).toBe(true);
      expect(refused.stderr).toMatch(/is schemaguard's hook but was edited since it was installed/);
    }
    expect(readFileSync(ours, 'utf8')).toMatch(/echo mine\n$/);
  });

  it('installs where core.hooksPath points, creating the folder, and uninstall removes what it created', async () => {
    const dir = repository({ 'schemaguard.config.json': config() });
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const installed = await hooks(dir, 'install');
    expect(installed.stdout).toMatch(/Installed the pre-commit hook: \.githooks\/pre-commit\./);
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(readdirSync(join(dir, '.githooks'))).toEqual(['pre-commit']);
    await hooks(dir, 'uninstall');
    expect(existsSync(join(dir, '.githooks'))).toBe(false);
  });

  it('installs into the hooks folder shared by a linked worktree', async () => {
    const dir = repository({ 'schemaguard.config.json': config() });
    git(dir, 'add', '.');
    commit(dir, 'first');
    const worktree = join(mkdtempSync(join(tmpdir(), 'sg-worktree-')), 'wt');
    expect(git(dir, 'worktree', 'add', '-q', worktree).status).toBe(0);
    const installed = await hooks(worktree, 'install');
    expect(installed.code, installed.stderr).toBe(0);
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
  });

  it('with husky, lefthook or simple-git-hooks, prints the line to add and installs nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { '.husky/pre-commit': 'npm test\n' },
        /husky manages this repository's git hooks \(\.husky\): nothing was installed\.\nAdd this line to \.husky\/pre-commit:\n\n {2}npx --no-install schemaguard hooks run pre-commit\n/,
      ],
      [
        { 'lefthook.yml': 'pre-commit:\n  commands: {}\n' },
        /lefthook manages .*\(lefthook\.yml\)[\s\S]*run: npx --no-install schemaguard hooks run pre-commit\n/,
      ],
      [
        { 'package.json': JSON.stringify({ 'simple-git-hooks': { 'pre-commit': 'npm test' } }) },
        /simple-git-hooks manages .*\(package\.json\)[\s\S]*"pre-commit": "npx --no-install schemaguard hooks run pre-commit"/,
      ],
    ];
    for (const [files, message] of cases) {
      const dir = repository({ 'schemaguard.config.json': config(), ...files });
      const hooksBefore = listing(join(dir, '.git', 'hooks'));
      const result = await hooks(dir, 'install');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(message);
      expect(listing(join(dir, '.git', 'hooks'))).toEqual(hooksBefore);
      const uninstall = await hooks(dir, 'uninstall');
      expect(uninstall.code).toBe(0);
      expect(uninstall.stdout).toMatch(
        /nothing to remove\.\n.* manages the hooks: remove the schemaguard line from its config/,
      );
    }
  });

  it('refuses outside a git repository and an unknown hook, in one sentence', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sg-nogit-'));
    const result = await hooks(outside, 'install');
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/is not inside a git repository: run git init first/);
    const unknown = await hooks(repository(), 'run', 'pre-push');
    expect(isOneSentenceError(unknown), unknown.stderr).toBe(true);
    expect(unknown.stderr).toMatch(/hooks run takes pre-commit \(the only hook schemaguard has\), not "pre-push"\./);
  });
});

describe('the pre-commit hook on real commits', () => {
  it('rejects a migration without its baseline, passes once the baseline is rewritten as it says, and checks what is staged', async () => {
    const dir = repository({ 'schemaguard.config.json': config(), 'migrations/0001_asset.sql': ASSET });
    const baseline = await runCli(['dump', '--baseline', 'migrations:./migrations'], { cwd: dir });
    expect(baseline.code, baseline.stderr).toBe(0);
    expect((await hooks(dir, 'install')).code).toBe(0);
    git(dir, 'add', '.');
    const first = commit(dir, 'migrations and their baseline');
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/✓ The migrations load and have no conflicts/);
    expect(first.output).toMatch(
      /✓ baseline: database_schema\/baseline_schema\.json is the replay of the migrations\./,
    );

    // A new migration without the baseline: rejected, saying how to fix it.
    writeFileSync(join(dir, 'migrations', '0002_lesson.sql'), LESSON);
    git(dir, 'add', 'migrations');
    const stale = commit(dir, 'lesson');
    expect(stale.code).toBe(1);
    expect(stale.output).toMatch(
      /✗ baseline: database_schema\/baseline_schema\.json is not the replay of the staged migrations \(1 difference\); it is stale/,
    );
    expect(stale.output).toMatch(/\+ table public\.lesson/);
    expect(stale.output).toMatch(
      /npx schemaguard dump --baseline migrations:\.\/migrations && git add database_schema\/baseline_schema\.json/,
    );
    expect(git(dir, 'log', '--format=%s').stdout).toBe('migrations and their baseline\n');

    // The fix the message gives.
    const fix = await runCli(['dump', '--baseline', 'migrations:./migrations'], { cwd: dir });
    expect(fix.code).toBe(0);
    git(dir, 'add', 'database_schema/baseline_schema.json');
    const fixed = await checkedCommit(dir, 'lesson');
    expect(fixed.code, fixed.output).toBe(0);

    // Staged content is what counts: a broken working-tree copy of a staged migration does not matter…
    writeFileSync(join(dir, 'migrations', '0003_note.sql'), 'CREATE TABLE public.note (id integer);\n');
    expect((await runCli(['dump', '--baseline', 'migrations:./migrations'], { cwd: dir })).code).toBe(0);
    git(dir, 'add', '.');
    writeFileSync(join(dir, 'migrations', '0003_note.sql'), BROKEN);
    const stagedGood = await checkedCommit(dir, 'note');
    expect(stagedGood.code, stagedGood.output).toBe(0);
    // …and a broken staged migration fails although the working tree is fine.
    writeFileSync(join(dir, 'migrations', '0004_broken.sql'), BROKEN);
    git(dir, 'add', 'migrations/0004_broken.sql');
    writeFileSync(join(dir, 'migrations', '0004_broken.sql'), LESSON.replace('lesson', 'other'));
    const stagedBad = await checkedCommit(dir, 'broken');
    expect(stagedBad.code).toBe(1);
    expect(stagedBad.output).toMatch(/✗ broken: migrations\/0004_broken\.sql, line 1, .*"public\.nope" does not exist/);
    expect(stagedBad.output).toMatch(
      /✗ baseline: not compared with database_schema\/baseline_schema\.json, as the migrations do not load/,
    );
    expect(stagedBad.output).not.toMatch(/dump --baseline/);
  }, 180_000);

  it('reports conflicts and a missing migration of the models, with the command that writes it', async () => {
    const dir = repository({
      'schemaguard.config.json': config({ models: 'sql:schema.sql' }),
      'schema.sql': ASSET,
      'migrations/0001_asset.sql': ASSET,
    });
    expect((await runCli(['dump', '--baseline', 'migrations:./migrations'], { cwd: dir })).code).toBe(0);
    git(dir, 'add', '.');
    const clean = await hooks(dir, 'run', 'pre-commit');
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/and they match the models/);

    // The models gain a table that no migration creates: the models are staged, so they count.
    writeFileSync(join(dir, 'schema.sql'), ASSET + LESSON);
    git(dir, 'add', 'schema.sql');
    const missing = await hooks(dir, 'run', 'pre-commit');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/✗ missing-migration: The models differ from the migrations/);
    expect(missing.stdout).toMatch(/CREATE TABLE public\.lesson/);
    expect(missing.stdout).toMatch(/npx schemaguard migrate new <name> --from-models/);
    // The baseline still matches the migrations.
    expect(missing.stdout).toMatch(/✓ baseline/);

    // Two migrations with one version.
    git(dir, 'reset', '-q', 'schema.sql');
    writeFileSync(join(dir, 'migrations', '0001_other.sql'), LESSON);
    git(dir, 'add', 'migrations');
    const conflict = await hooks(dir, 'run', 'pre-commit');
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toMatch(
      /✗ conflict: Two migrations in migrations have the version 0001: 0001_asset\.sql and 0001_other\.sql/,
    );
  }, 180_000);

  it('refuses drizzle models and a config with unstaged changes, as it reads them from the working tree', async () => {
    const dir = repository({
      'schemaguard.config.json': config({ models: 'drizzle:./src/db/schema.ts' }),
      'src/db/schema.ts': 'export {};\n',
      'migrations/0001_asset.sql': ASSET,
    });
    git(dir, 'add', '.');
    commit(dir, 'first');
    writeFileSync(join(dir, 'src/db/schema.ts'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'migrations', '0002_lesson.sql'), LESSON);
    git(dir, 'add', 'migrations');
    const refused = await hooks(dir, 'run', 'pre-commit');
    expect(isOneSentenceError(refused), refused.stderr).toBe(true);
    expect(refused.stderr).toMatch(
      /src\/db\/schema\.ts has changes that are not staged, and the pre-commit check reads it from the working tree: stage them \(git add\) or set them aside \(git stash --keep-index\)/,
    );
    git(dir, 'add', 'src');
    writeFileSync(join(dir, 'schemaguard.config.json'), config({ models: 'drizzle:./src/db/other.ts' }));
    const config2 = await hooks(dir, 'run', 'pre-commit');
    expect(isOneSentenceError(config2), config2.stderr).toBe(true);
    expect(config2.stderr).toMatch(/^schemaguard: schemaguard\.config\.json has changes that are not staged/);
  });

  it('runs in the project folder of a monorepo, finding schemaguard in node_modules/.bin above it', async () => {
    const dir = repository({
      'packages/db/schemaguard.config.json': config(),
      'packages/db/migrations/0001_asset.sql': ASSET,
      'README.md': 'x\n',
    });
    const project = join(dir, 'packages', 'db');
    expect((await runCli(['dump', '--baseline', 'migrations:./migrations'], { cwd: project })).code).toBe(0);
    const installed = await hooks(project, 'install');
    expect(installed.stdout).toMatch(/Installed the pre-commit hook: \.\.\/\.\.\/\.git\/hooks\/pre-commit\./);
    expect(readFileSync(join(dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toMatch(
      /# schemaguard-project: packages\/db\n[\s\S]*cd "\$\(git rev-parse --show-toplevel\)"\/packages\/db \|\| exit 1/,
    );
    git(dir, 'add', '.');
    const first = commit(dir, 'first');
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/✓ baseline: database_schema\/baseline_schema\.json is the replay/);
    writeFileSync(join(project, 'migrations', '0002_lesson.sql'), LESSON);
    git(dir, 'add', '.');
    const stale = await checkedCommit(dir, 'second', project);
    expect(stale.code).toBe(1);
    expect(stale.output).toMatch(
      /npx schemaguard dump --baseline migrations:\.\/migrations && git add database_schema\/baseline_schema\.json/,
    );
  }, 120_000);

  it('after init: the generated config drives the hook', async () => {
    const dir = repository({ 'migrations/0001_asset.sql': ASSET });
    symlinkSync(ROOT, join(dir, 'node_modules', 'schemaguard'));
    expect((await runCli(['init', '--yes'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['dump', '--baseline', 'migrations:./migrations'], { cwd: dir })).code).toBe(0);
    expect((await hooks(dir, 'install')).code).toBe(0);
    git(dir, 'add', '.');
    // The cache folder is ignored, by init's rules and by its own .gitignore.
    expect(git(dir, 'status', '--porcelain', '--ignored').stdout).toMatch(/!! \.schemaguard\//);
    const first = commit(dir, 'init');
    expect(first.code, first.output).toBe(0);
    writeFileSync(join(dir, 'migrations', '0002_lesson.sql'), LESSON);
    git(dir, 'add', 'migrations');
    expect((await checkedCommit(dir, 'lesson')).code).toBe(1);
  }, 120_000);
});
