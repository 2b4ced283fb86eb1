/**
 * schemaguard's git pre-commit hook: a small POSIX sh script that runs
 * `schemaguard hooks run pre-commit`, installed into the repository's hooks folder
 * (`git rev-parse --git-path hooks`, so `core.hooksPath` and worktrees are respected).
 *
 * An existing pre-commit hook is never overwritten: it is renamed to `pre-commit.local`,
 * byte for byte with its mode, and the new hook runs it first. Uninstalling removes the
 * new hook and renames the old one back. When a hook manager (husky, lefthook,
 * simple-git-hooks) owns the hooks, nothing is installed: the line to add to its config is
 * returned instead.
 *
 * Also here: the git plumbing the hook needs to check what is staged rather than the
 * working tree (staged paths, unstaged changes, the staged files written to a folder).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SchemaguardError, errorMessage } from '../errors.js';
import { GitCommandError, git } from './git.js';

/** The file name the previous pre-commit hook is kept under while schemaguard's runs it. */
export const CHAINED_HOOK = 'pre-commit.local';

/** The comment that marks a hook file as schemaguard's. */
const MARK = '# schemaguard pre-commit hook';

/** The command the hook runs, and the line hook managers are given. */
export const HOOK_COMMAND = 'schemaguard hooks run pre-commit';

/** Paths git printed with `-z`. */
function nulSeparated(output: string): string[] {
  return output.split('\0').filter(Boolean);
}

/** A repository's work tree and hooks folder. */
export interface GitRepository {
  /** The top level of the work tree (absolute). */
  readonly topLevel: string;
  /** The folder git runs hooks from (absolute), honouring `core.hooksPath`; shared by worktrees. */
  readonly hooksDir: string;
  /** `core.hooksPath` as configured, if it is. */
  readonly hooksPath?: string;
}

/** The top level of the work tree holding `cwd`; a SchemaguardError outside one. */
export async function topLevelOf(cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  } catch (error) {
    const stderr = error instanceof GitCommandError ? error.stderr : errorMessage(error);
    if (/must be run in a work tree/i.test(stderr)) {
      throw new SchemaguardError(`${cwd} is not in a git work tree (a bare repository has no commits to check).`);
    }
    if (error instanceof SchemaguardError) throw error;
    throw new SchemaguardError(`${cwd} is not inside a git repository: run git init first, or run this in one.`);
  }
}

/** The repository holding `cwd`: its top level and hooks folder. */
export async function gitRepository(cwd: string): Promise<GitRepository> {
  const topLevel = await topLevelOf(cwd);
  const hooksDir = resolve(topLevel, (await git(['rev-parse', '--git-path', 'hooks'], topLevel)).trim());
  const hooksPath = (await git(['config', '--get', 'core.hooksPath'], topLevel).catch(() => '')).trim();
  return { topLevel, hooksDir, ...(hooksPath ? { hooksPath } : {}) };
}

/** A path relative to the top level with `/` separators, or undefined when it is outside. */
export function repositoryPath(topLevel: string, path: string): string | undefined {
  const inside = relative(topLevel, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return inside.split(sep).join('/');
}

/** Whether a repository path is `scope` or under it (`''` is the whole repository). */
export function isUnder(path: string, scope: string): boolean {
  return scope === '' || path === scope || path.startsWith(`${scope}/`);
}

// ---- the hook script ----

/** What a schemaguard hook file records about itself. */
export interface HookSettings {
  /** The folder the hook runs schemaguard in, relative to the top level (`''`: the top level). */
  readonly project: string;
  /** Whether a previous hook was kept as {@link CHAINED_HOOK} and is run first. */
  readonly chained: boolean;
  /** Whether `hooks install` created the hooks folder (uninstall then removes it when empty). */
  readonly createdFolder: boolean;
}

/** Quotes a word for sh. */
function shellQuote(word: string): string {
  return /^[\w./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command a hook manager's config runs: {@link HOOK_COMMAND} through npx, in the project folder. */
export function hookCommandLine(project: string): string {
  const command = `npx --no-install ${HOOK_COMMAND}`;
  return project ? `(cd ${shellQuote(project)} && ${command})` : command;
}

/** The text of schemaguard's pre-commit hook. */
export function preCommitScript(settings: HookSettings): string {
  const lines = [
    '#!/bin/sh',
    `${MARK} (v1): written by \`schemaguard hooks install\`, removed by \`schemaguard hooks uninstall\`.`,
    '# It checks what is staged: the migrations load without conflicts, and the committed baseline',
    '# equals their replay. Skip it once with `git commit --no-verify`.',
    `# schemaguard-project: ${settings.project || '.'}`,
    ...(settings.chained ? [`# schemaguard-chained: ${CHAINED_HOOK}`] : []),
    ...(settings.createdFolder ? ['# schemaguard-created-folder: yes'] : []),
    '',
  ];
  if (settings.chained) {
    lines.push(
      `# The pre-commit hook that was here before runs first; it is kept as ${CHAINED_HOOK}.`,
      `if [ -x "$(dirname "$0")/${CHAINED_HOOK}" ]; then`,
      `  "$(dirname "$0")/${CHAINED_HOOK}" "$@" || exit $?`,
      'fi',
      '',
    );
  }
  lines.push(
    `cd "$(git rev-parse --show-toplevel)"${settings.project ? `/${shellQuote(settings.project)}` : ''} || exit 1`,
    '# schemaguard from node_modules/.bin, here or in a folder above; else npx, which installs nothing.',
    'dir=$PWD',
    'while :; do',
    '  if [ -x "$dir/node_modules/.bin/schemaguard" ]; then',
    '    exec "$dir/node_modules/.bin/schemaguard" hooks run pre-commit',
    '  fi',
    '  [ "$dir" = / ] && break',
    '  dir=$(dirname "$dir")',
    'done',
    'if command -v npx >/dev/null 2>&1; then',
    `  exec npx --no-install ${HOOK_COMMAND}`,
    'fi',
    'echo "schemaguard pre-commit hook: schemaguard is not installed (npm i -D schemaguard); skip the hook once with git commit --no-verify." >&2',
    'exit 1',
  );
  return `${lines.join('\n')}\n`;
}

/** The settings of a schemaguard hook file; undefined when the file is not schemaguard's. */
export function parseHookScript(text: string): HookSettings | undefined {
  if (!text.includes(MARK)) return undefined;
  const project = /^# schemaguard-project: (.*)$/m.exec(text)?.[1] ?? '.';
  return {
    project: project === '.' ? '' : project,
    chained: /^# schemaguard-chained: /m.test(text),
    createdFolder: /^# schemaguard-created-folder: yes$/m.test(text),
  };
}

// ---- hook managers ----

/** A tool that owns the repository's git hooks; schemaguard then installs nothing. */
export interface HookManager {
  readonly name: 'husky' | 'lefthook' | 'simple-git-hooks';
  /** The file or folder that shows it is in use (absolute). */
  readonly evidence: string;
  /** What to add where, for the user to paste. */
  readonly instructions: string;
}

const LEFTHOOK_FILES = [
  'lefthook.yml',
  'lefthook.yaml',
  '.lefthook.yml',
  '.lefthook.yaml',
  'lefthook.json',
  'lefthook.toml',
  '.lefthook.json',
  '.lefthook.toml',
];
const SIMPLE_GIT_HOOKS_FILES = [
  '.simple-git-hooks.cjs',
  '.simple-git-hooks.js',
  '.simple-git-hooks.mjs',
  '.simple-git-hooks.json',
  'simple-git-hooks.cjs',
  'simple-git-hooks.js',
  'simple-git-hooks.mjs',
  'simple-git-hooks.json',
];

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/** Whether a package.json has a `simple-git-hooks` key. */
async function hasSimpleGitHooksKey(packageJson: string): Promise<boolean> {
  if (!existsSync(packageJson)) return false;
  try {
    const json = JSON.parse(await readFile(packageJson, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null && 'simple-git-hooks' in json;
  } catch {
    return false;
  }
}

/**
 * The hook manager in use, if any: husky (a `.husky/` folder, or `core.hooksPath` into
 * one), lefthook (`lefthook.yml` and its other names) or simple-git-hooks (a
 * `simple-git-hooks` key in package.json, or its config file), looked for in the project
 * folder and the top level.
 */
export async function detectHookManager(
  repository: GitRepository,
  projectDir: string,
): Promise<HookManager | undefined> {
  const project = repositoryPath(repository.topLevel, projectDir) ?? '';
  const line = hookCommandLine(project);
  const shown = (path: string) => repositoryPath(repository.topLevel, path) ?? path;
  for (const dir of [...new Set([projectDir, repository.topLevel])]) {
    const husky = join(dir, '.husky');
    if (await isFolder(husky)) {
      return {
        name: 'husky',
        evidence: husky,
        instructions: `Add this line to ${shown(join(husky, 'pre-commit'))}:\n\n  ${line}\n`,
      };
    }
    const lefthook = LEFTHOOK_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
    if (lefthook) {
      return {
        name: 'lefthook',
        evidence: lefthook,
        instructions: `Add the command to ${shown(lefthook)} (the "run:" line is the one that matters):\n\n  pre-commit:\n    commands:\n      schemaguard:\n        run: ${line}\n`,
      };
    }
    const packageJson = join(dir, 'package.json');
    const simple =
      SIMPLE_GIT_HOOKS_FILES.map((f) => join(dir, f)).find((f) => existsSync(f)) ??
      ((await hasSimpleGitHooksKey(packageJson)) ? packageJson : undefined);
    if (simple) {
      return {
        name: 'simple-git-hooks',
        evidence: simple,
        instructions: `Add this to "simple-git-hooks" in ${shown(simple)} (after an existing pre-commit command, join them with " && "), then run npx simple-git-hooks:\n\n  "pre-commit": "${line.replaceAll('"', '\\"')}"\n`,
      };
    }
  }
  if (repository.hooksPath && /(^|[/\\])\.husky([/\\]|$)/.test(repository.hooksPath)) {
    return {
      name: 'husky',
      evidence: resolve(repository.topLevel, repository.hooksPath),
      instructions: `Add this line to your husky pre-commit hook (.husky/pre-commit):\n\n  ${line}\n`,
    };
  }
  return undefined;
}

// ---- install and uninstall ----

/** What {@link installHook} did. */
export type InstallResult =
  | { readonly outcome: 'manager'; readonly manager: HookManager }
  | {
      readonly outcome: 'installed' | 'updated' | 'unchanged';
      readonly hookFile: string;
      /** True when a previous hook is kept as {@link CHAINED_HOOK} and runs first. */
      readonly chained: boolean;
    };

/** What {@link uninstallHook} did. */
export type UninstallResult =
  | { readonly outcome: 'removed'; readonly hookFile: string; readonly restored: boolean }
  | {
      readonly outcome: 'not-installed';
      readonly hookFile: string;
      /** True when a pre-commit hook is there but is not schemaguard's (left as it is). */
      readonly foreign: boolean;
      readonly manager?: HookManager;
    };

function edited(hookFile: string): SchemaguardError {
  return new SchemaguardError(
    `${hookFile} is schemaguard's hook but was edited since it was installed: move your changes to ${CHAINED_HOOK} (which runs first) or delete the file, then run this again.`,
  );
}

/** Writes a hook file with its executable bits. */
async function writeHook(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o755 });
  await chmod(path, 0o755);
}

/**
 * Installs schemaguard's pre-commit hook for the project in `projectDir`. Idempotent:
 * the same hook again changes nothing. An existing hook of someone else is kept as
 * {@link CHAINED_HOOK} and run first; with a hook manager in use nothing is installed.
 */
export async function installHook(projectDir: string): Promise<InstallResult> {
  const repository = await gitRepository(projectDir);
  const manager = await detectHookManager(repository, projectDir);
  if (manager) return { outcome: 'manager', manager };
  const project = repositoryPath(repository.topLevel, projectDir) ?? '';
  if (/[\r\n]/.test(project)) throw new SchemaguardError('The project folder name has a line break: move it.');
  const hookFile = join(repository.hooksDir, 'pre-commit');
  const chainedFile = join(repository.hooksDir, CHAINED_HOOK);
  try {
    if (existsSync(hookFile)) {
      const text = await readFile(hookFile, 'utf8');
      const ours = parseHookScript(text);
      if (ours) {
        if (text !== preCommitScript(ours)) throw edited(hookFile);
        if (ours.project === project) return { outcome: 'unchanged', hookFile, chained: ours.chained };
        await writeHook(hookFile, preCommitScript({ ...ours, project }));
        return { outcome: 'updated', hookFile, chained: ours.chained };
      }
      if (existsSync(chainedFile)) {
        throw new SchemaguardError(
          `Both ${hookFile} and ${chainedFile} exist, so the existing hook cannot be kept as ${CHAINED_HOOK}: merge them into one and run this again.`,
        );
      }
      await rename(hookFile, chainedFile);
      try {
        await writeHook(hookFile, preCommitScript({ project, chained: true, createdFolder: false }));
      } catch (error) {
        await rename(chainedFile, hookFile).catch(() => {});
        throw error;
      }
      return { outcome: 'installed', hookFile, chained: true };
    }
    const createdFolder = !existsSync(repository.hooksDir);
    await mkdir(repository.hooksDir, { recursive: true });
    await writeHook(hookFile, preCommitScript({ project, chained: false, createdFolder }));
    return { outcome: 'installed', hookFile, chained: false };
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    throw new SchemaguardError(`Cannot install ${hookFile}: ${errorMessage(error)}.`, { cause: error });
  }
}

/**
 * Removes schemaguard's pre-commit hook and puts back the hook it kept, so the hooks
 * folder is as it was before `installHook`. A hook that is not schemaguard's is left alone.
 */
export async function uninstallHook(projectDir: string): Promise<UninstallResult> {
  const repository = await gitRepository(projectDir);
  const hookFile = join(repository.hooksDir, 'pre-commit');
  const chainedFile = join(repository.hooksDir, CHAINED_HOOK);
  const text = existsSync(hookFile) ? await readFile(hookFile, 'utf8') : undefined;
  const ours = text === undefined ? undefined : parseHookScript(text);
  if (!ours) {
    const manager = await detectHookManager(repository, projectDir);
    return { outcome: 'not-installed', hookFile, foreign: text !== undefined, ...(manager ? { manager } : {}) };
  }
  if (text !== preCommitScript(ours)) throw edited(hookFile);
  try {
    await rm(hookFile);
    const restored = ours.chained && existsSync(chainedFile);
    if (restored) await rename(chainedFile, hookFile);
    if (ours.createdFolder && (await readdir(repository.hooksDir)).length === 0) await rmdir(repository.hooksDir);
    return { outcome: 'removed', hookFile, restored };
  } catch (error) {
    throw new SchemaguardError(`Cannot uninstall ${hookFile}: ${errorMessage(error)}.`, { cause: error });
  }
}

// ---- what is staged ----

function gitFailure(what: string, error: unknown): SchemaguardError {
  if (error instanceof SchemaguardError) return error;
  return new SchemaguardError(`Cannot ${what}: ${errorMessage(error)}.`, { cause: error });
}

/** Repository paths staged for the next commit: added, changed or deleted (a rename as both paths). */
export async function stagedPaths(topLevel: string): Promise<string[]> {
  try {
    return nulSeparated(await git(['diff', '--cached', '--name-only', '-z', '--no-renames'], topLevel));
  } catch (error) {
    throw gitFailure('list the staged files', error);
  }
}

/** Repository paths as git's pathspecs: the top level (an empty path) is '.'. */
function pathspecs(paths: readonly string[]): string[] {
  return paths.map((path) => path || '.');
}

/**
 * The files under the given repository paths whose working-tree content is not what is
 * staged: changed and not staged, or untracked (and not ignored).
 */
export async function unstagedPaths(topLevel: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  try {
    const specs = pathspecs(paths);
    const changed = await git(['--literal-pathspecs', 'diff', '--name-only', '-z', '--', ...specs], topLevel);
    const untracked = await git(
      ['--literal-pathspecs', 'ls-files', '--others', '--exclude-standard', '-z', '--', ...specs],
      topLevel,
    );
    return [...new Set([...nulSeparated(changed), ...nulSeparated(untracked)])].sort();
  } catch (error) {
    throw gitFailure('list the unstaged changes', error);
  }
}

/**
 * Writes the staged version of every file under the given repository paths into
 * `folder`, at the same relative paths (`git checkout-index --prefix`). Resolves to the
 * number of files written; a path with nothing staged or committed writes nothing.
 */
export async function checkoutStaged(topLevel: string, paths: readonly string[], folder: string): Promise<number> {
  if (paths.length === 0) return 0;
  try {
    const files = await git(['--literal-pathspecs', 'ls-files', '--cached', '-z', '--', ...pathspecs(paths)], topLevel);
    const list = nulSeparated(files);
    if (list.length === 0) return 0;
    const prefix = folder.endsWith(sep) ? folder : `${folder}${sep}`;
    await git(['checkout-index', '-z', '--stdin', `--prefix=${prefix}`], topLevel, `${list.join('\0')}\0`);
    return list.length;
  } catch (error) {
    throw gitFailure('read the staged files', error);
  }
}
