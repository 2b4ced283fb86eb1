import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatFileBatch, commitsChangingFile, locateInRepository } from '../../src/git/history.js';

/** A repository in a temporary folder; `commit` writes (or, for undefined, deletes) files and commits them all. */
function repository() {
  const dir = mkdtempSync(join(tmpdir(), 'sg-git-history-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).trim();
  git('init', '-q');
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  let hour = 0;
  const commit = (subject: string, files: Record<string, string | Buffer | undefined>) => {
    for (const [path, content] of Object.entries(files)) {
      const file = join(dir, path);
      if (content === undefined) rmSync(file, { force: true });
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    git('add', '-A');
    // One hour apart: git log lists commits by date, and equal dates would make the order arbitrary.
    const date = new Date(Date.UTC(2026, 10, 1, ++hour)).toISOString();
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', subject], {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    return git('rev-parse', 'HEAD');
  };
  return { dir, git, commit };
}

async function readAll(reader: CatFileBatch, names: string[]): Promise<(string | undefined)[]> {
  return Promise.all(names.map(async (name) => (await reader.read(name))?.content.toString('utf8')));
}

describe('CatFileBatch', () => {
  const repo = repository();
  const VERSIONS = 40;
  /** Bytes of every value, newlines and NULs included, in a pattern that does not compress to nothing. */
  const big = Buffer.alloc(3 * 1024 * 1024 + 17);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919 + (i >> 11)) & 0xff;

  beforeAll(() => {
    for (let i = 1; i <= VERSIONS; i++) repo.commit(`version ${i}`, { 'file.txt': `version ${i}\n` });
    repo.commit('big', { 'big.bin': big, 'empty.txt': '' });
  });

  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('reads every revision of a file through one process, in order', async () => {
    const reader = new CatFileBatch(repo.dir);
    const names = Array.from({ length: VERSIONS }, (_, k) => `HEAD~${k + 1}:file.txt`);
    expect(await readAll(reader, names)).toEqual(
      Array.from({ length: VERSIONS }, (_, k) => `version ${VERSIONS - k}\n`),
    );
    const pid = reader.pid;
    expect(await readAll(reader, ['HEAD:file.txt'])).toEqual([`version ${VERSIONS}\n`]);
    expect(reader.pid).toBe(pid);
    await reader.close();
  });

  it('answers undefined for a file absent at a revision or an unknown revision, between other answers', async () => {
    const reader = new CatFileBatch(repo.dir);
    const results = await readAll(reader, [
      'HEAD~1:file.txt',
      'HEAD~5:big.bin',
      'HEAD:no-such-file',
      'no-such-branch:file.txt',
      '0123456789abcdef0123456789abcdef01234567',
      'HEAD:empty.txt',
      'HEAD~2:file.txt',
    ]);
    expect(results).toEqual([
      `version ${VERSIONS}\n`,
      undefined,
      undefined,
      undefined,
      undefined,
      '',
      `version ${VERSIONS - 1}\n`,
    ]);
    await reader.close();
  });

  it('reads a blob of several megabytes byte for byte, and what follows it', async () => {
    const reader = new CatFileBatch(repo.dir);
    const [blob, after] = await Promise.all([reader.read('HEAD:big.bin'), reader.read('HEAD:file.txt')]);
    expect(blob?.type).toBe('blob');
    expect(blob?.content.length).toBe(big.length);
    expect(blob?.content.equals(big)).toBe(true);
    expect(blob?.objectId).toBe(repo.git('rev-parse', 'HEAD:big.bin'));
    expect(after?.content.toString()).toBe(`version ${VERSIONS}\n`);
    await reader.close();
  });

  it('reports the type of objects that are not files', async () => {
    const reader = new CatFileBatch(repo.dir);
    const tree = await reader.read('HEAD:');
    expect(tree?.type).toBe('tree');
    expect(tree?.objectId).toBe(repo.git('rev-parse', 'HEAD^{tree}'));
    await reader.close();
  });

  it('reads ahead a bounded number of objects with readEach', async () => {
    const reader = new CatFileBatch(repo.dir);
    const names = Array.from({ length: VERSIONS }, (_, k) => `HEAD~${k + 1}:file.txt`);
    const seen: (string | undefined)[] = [];
    for await (const object of reader.readEach(['HEAD:missing', ...names], 3)) seen.push(object?.content.toString());
    expect(seen).toEqual([undefined, ...Array.from({ length: VERSIONS }, (_, k) => `version ${VERSIONS - k}\n`)]);
    await reader.close();
  });

  it('refuses a name spanning lines, and reads after close', async () => {
    const reader = new CatFileBatch(repo.dir);
    await expect(reader.read('HEAD:file.txt\nHEAD:big.bin')).rejects.toThrow(/spans lines/);
    expect((await reader.read('HEAD:file.txt'))?.content.toString()).toBe(`version ${VERSIONS}\n`);
    await reader.close();
    await expect(reader.read('HEAD:file.txt')).rejects.toThrow(/git cat-file stopped/);
  });

  it('fails every request with one clear error outside a repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sg-git-none-'));
    try {
      const reader = new CatFileBatch(outside);
      await expect(reader.read('HEAD:file.txt')).rejects.toThrow(/git cat-file stopped before answering/);
      await reader.close();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('commitsChangingFile', () => {
  const repo = repository();
  const ids: Record<string, string> = {};

  beforeAll(() => {
    ids.add = repo.commit('add', { 'db/old.json': '{"v": 1, "padding": "same text to keep the rename similar"}\n' });
    ids.other = repo.commit('other file', { 'notes.txt': 'x\n' });
    ids.rename = repo.commit('rename', {
      'db/old.json': undefined,
      'db/schema.json': '{"v": 1, "padding": "same text to keep the rename similar"}\n',
    });
    ids.change = repo.commit('change', {
      'db/schema.json': '{"v": 2, "padding": "same text to keep the rename similar"}\n',
    });
    // Two branches change the file; the merge resolves the conflict with a third text.
    const main = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    repo.git('checkout', '-q', '-b', 'side');
    ids.side = repo.commit('side', {
      'db/schema.json': '{"v": 3, "padding": "same text to keep the rename similar"}\n',
    });
    repo.git('checkout', '-q', main);
    ids.ours = repo.commit('ours', {
      'db/schema.json': '{"v": 4, "padding": "same text to keep the rename similar"}\n',
    });
    expect(() => repo.git('merge', '-q', 'side', '-m', 'merge side')).toThrow(); // the expected conflict
    ids.merge = repo.commit('merge side', {
      'db/schema.json': '{"v": 5, "padding": "same text to keep the rename similar"}\n',
    });
    ids.remove = repo.commit('remove', { 'db/schema.json': undefined });
  });

  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('lists the commits that changed a file, newest first, following renames, with how to read each side', async () => {
    const location = await locateInRepository(join(repo.dir, 'db', 'schema.json'));
    expect(location.path).toBe('db/schema.json');
    const commits = await commitsChangingFile(location);
    const blob = (rev: string, path: string) => repo.git('rev-parse', `${rev}:${path}`);
    expect(commits.map((c) => c.subject)).toEqual(['remove', 'merge side', 'ours', 'side', 'change', 'rename', 'add']);
    const [remove, merge, ours, , change, rename, add] = commits;
    expect(remove).toMatchObject({ commit: ids.remove, path: 'db/schema.json', after: undefined });
    expect(remove?.before).toBe(blob(ids.merge ?? '', 'db/schema.json'));
    // A merge has no per-file change in git log: it is read by revision and path, against its first parent.
    expect(merge).toMatchObject({
      after: `${ids.merge}:db/schema.json`,
      before: `${ids.ours}:db/schema.json`,
      parents: [ids.ours, ids.side],
    });
    expect(ours?.after).toBe(blob(ids.ours ?? '', 'db/schema.json'));
    expect(change?.before).toBe(blob(ids.rename ?? '', 'db/schema.json'));
    expect(rename).toMatchObject({ path: 'db/schema.json', previousPath: 'db/old.json' });
    expect(rename?.before).toBe(blob(ids.add ?? '', 'db/old.json'));
    expect(add).toMatchObject({ path: 'db/old.json', previousPath: 'db/old.json', before: undefined, parents: [] });
    expect(add?.shortCommit).toBe(repo.git('rev-parse', '--short', ids.add ?? ''));
    expect(add?.authorName).toBe('Test User');
    expect(add?.authorEmail).toBe('test@example.com');
    expect(add?.authorDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it('stops at the rename without following, and honours maxCount', async () => {
    const location = await locateInRepository(join(repo.dir, 'db', 'schema.json'));
    const unfollowed = await commitsChangingFile(location, { followRenames: false });
    expect(unfollowed.map((c) => c.subject)).toEqual(['remove', 'merge side', 'ours', 'side', 'change', 'rename']);
    expect(unfollowed.at(-1)?.before).toBeUndefined();
    const two = await commitsChangingFile(location, { maxCount: 2 });
    expect(two.map((c) => c.subject)).toEqual(['remove', 'merge side']);
  });

  it('names a file from a subfolder, through a symbolic link, and finds nothing for a file never committed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sg-git-link-'));
    const link = join(folder, 'repo');
    symlinkSync(repo.dir, link);
    try {
      const location = await locateInRepository(join(link, 'db', 'never.json'));
      expect(location.path).toBe('db/never.json');
      expect(await commitsChangingFile(location)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a path outside any repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sg-git-none-'));
    const file = join(outside, 'db', 'baseline.json');
    try {
      await expect(locateInRepository(file)).rejects.toThrow(
        `Cannot read the history of ${file}: ${outside} is not inside a git repository.`,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('has no commits before the first one', async () => {
    const empty = repository();
    try {
      const location = await locateInRepository(join(empty.dir, 'baseline.json'));
      expect(await commitsChangingFile(location)).toEqual([]);
    } finally {
      rmSync(empty.dir, { recursive: true, force: true });
    }
  });
});
