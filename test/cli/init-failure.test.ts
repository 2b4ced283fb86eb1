/**
 * `init` that fails part-way leaves the project as it found it: the config it wrote and
 * the snapshot folder it created are removed, and the failure is one sentence.
 */
import { spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

/** A git repository holding a migration folder (so that init has something to configure). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-init-fail-'));
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_t.sql'), 'CREATE TABLE t (id integer);\n');
  return dir;
}

/** What is in the folder (.git left out): each path with its kind and content. */
function contents(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const inside = path.slice(dir.length + 1);
    if (/^\.git(\/|$)/.test(inside)) continue;
    const stats = lstatSync(path);
    found[inside] = stats.isSymbolicLink()
      ? `link to ${readlinkSync(path)}`
      : stats.isDirectory()
        ? 'folder'
        : `${stats.mode.toString(8)} ${readFileSync(path, 'utf8')}`;
  }
  return found;
}

const init = (dir: string) => runCli(['init', '--yes'], { cwd: dir });

describe('init that fails part-way', () => {
  it('when .gitignore is a folder: removes the config and the snapshot folder it created', async () => {
    const dir = project();
    mkdirSync(join(dir, '.gitignore'));
    const before = contents(dir);
    const result = await init(dir);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/\.gitignore: it is a folder\./);
    expect(contents(dir)).toEqual(before);
  }, 60_000);

  it('when .gitignore cannot be written (a link into a missing folder): the same, and the link is kept', async () => {
    const dir = project();
    symlinkSync(join('missing', 'gitignore'), join(dir, '.gitignore'));
    const before = contents(dir);
    const result = await init(dir);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/Cannot write .*\.gitignore/);
    expect(contents(dir)).toEqual(before);
  }, 60_000);

  it('when the snapshot folder is a file: refuses before writing anything', async () => {
    const dir = project();
    writeFileSync(join(dir, 'database_schema'), 'not a folder\n');
    const before = contents(dir);
    const result = await init(dir);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/database_schema is a file/);
    expect(contents(dir)).toEqual(before);
  }, 60_000);

  it('succeeds after the cause is removed, and keeps a 0600 .gitignore 0600', async () => {
    const dir = project();
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n', { mode: 0o600 });
    const result = await init(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(contents(dir)['.gitignore']).toMatch(/^100600 node_modules\n/);
    expect(Object.keys(contents(dir))).toEqual(expect.arrayContaining(['schemaguard.config.ts', 'database_schema']));
  }, 60_000);
});
