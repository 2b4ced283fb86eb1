import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeadCommit } from '../../src/git/head.js';
import { currentCommit } from '../../src/git/repo.js';

const NO_ENV = {};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-11-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-11-01T00:00:00Z' },
  }).trim();
}

/** A repository with one commit on `main`, and a folder inside it. */
function repository(): { dir: string; sub: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-git-head-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const sub = join(dir, 'db', 'snapshots');
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(dir, 'db', 'a.sql'), 'SELECT 1;\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
  return { dir, sub };
}

describe("the checked-out commit, read from the repository's files", () => {
  it('is what git says, on a branch, with its ref loose and then packed, and when detached', async () => {
    const { dir, sub } = repository();
    const head = git(dir, 'rev-parse', 'HEAD');
    expect(await readHeadCommit(sub, NO_ENV)).toBe(head);
    git(dir, 'pack-refs', '--all');
    expect(await readHeadCommit(sub, NO_ENV)).toBe(head);
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'second');
    const second = git(dir, 'rev-parse', 'HEAD');
    expect(second).not.toBe(head);
    expect(await readHeadCommit(dir, NO_ENV)).toBe(second);
    git(dir, 'checkout', '-q', '--detach', head);
    expect(await readHeadCommit(sub, NO_ENV)).toBe(head);
    expect(await currentCommit(join(sub, 'not-yet', 'x'), NO_ENV)).toBe(head);
  });

  it('follows a worktree to its own HEAD', async () => {
    const { dir } = repository();
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'second');
    const other = join(mkdtempSync(join(tmpdir(), 'sg-git-wt-')), 'wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'side', other, 'HEAD~1');
    expect(await readHeadCommit(other, NO_ENV)).toBe(git(other, 'rev-parse', 'HEAD'));
    expect(await readHeadCommit(other, NO_ENV)).not.toBe(git(dir, 'rev-parse', 'HEAD'));
  });

  it('is null outside a repository, and left to git for an unborn branch or when GIT_DIR is set', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sg-git-none-'));
    // The temporary folder may itself sit in a repository on some machines: only assert when git agrees.
    const inRepository = (() => {
      try {
        git(outside, 'rev-parse', '--show-toplevel');
        return true;
      } catch {
        return false;
      }
    })();
    if (!inRepository) expect(await readHeadCommit(outside, NO_ENV)).toBeNull();

    const unborn = mkdtempSync(join(tmpdir(), 'sg-git-unborn-'));
    git(unborn, 'init', '-q');
    expect(await readHeadCommit(unborn, NO_ENV)).toBeUndefined();
    expect(await currentCommit(unborn, NO_ENV)).toBeUndefined();

    const { dir } = repository();
    expect(await readHeadCommit(dir, { GIT_DIR: join(dir, '.git') })).toBeUndefined();
    expect(await currentCommit(dir, { GIT_DIR: join(dir, '.git') })).toBe(git(dir, 'rev-parse', 'HEAD'));
  });
});
