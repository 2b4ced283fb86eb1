/**
 * `-o FILE` and the standard output, as a careful Unix tool treats them: a regular file is
 * replaced whole or not at all and keeps its mode; a symbolic link stays a link to the file
 * it names; a device or a FIFO is written through, never replaced by a file; a folder is
 * refused; and a failed write (no space left, a reader gone) is one sentence, never a stack
 * trace and exit code 1.
 */
import { type StdioOptions, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableDef } from '../../src/schema/model.js';
import { emptySchema } from '../../src/schema/model.js';
import { createSnapshot, serializeSnapshot } from '../../src/schema/snapshot.js';
import { type CliResult, isOneSentenceError, runCli } from '../helpers/cli.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

/** A snapshot of a few tables: a few kilobytes of output. */
function snapshotText(): string {
  const tables: TableDef[] = Array.from({ length: 8 }, (_, i) => ({
    schema: 'public',
    name: `table_${i}`,
    columns: [
      { name: 'id', type: 'integer', notNull: true },
      { name: 'title', type: 'text' },
      { name: 'created_at', type: 'timestamp with time zone', notNull: true, default: 'now()' },
    ],
    constraints: [{ name: `table_${i}_pkey`, type: 'primary key', columns: ['id'] }],
  }));
  return serializeSnapshot(createSnapshot('postgres', { ...emptySchema(), schemas: [{ name: 'public' }], tables }, {}));
}

let dir: string;
let source: string;
/** What `dump SOURCE` writes. */
let expected: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sg-output-'));
  source = join(dir, 'source.json');
  writeFileSync(source, snapshotText());
  const dumped = await runCli(['dump', source], { cwd: dir });
  expect(dumped.code).toBe(0);
  expected = dumped.stdout;
  expect(expected.length).toBeGreaterThan(2048);
}, 60_000);

const dumpTo = (output: string) => runCli(['dump', source, '-o', output], { cwd: dir });

/** Names in the folder that look like a temporary file left behind. */
const leftovers = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

/**
 * A character device that fails every write with "no space left", as /dev/full: a private
 * one made with mknod when running as root (so that a tool that replaces devices cannot
 * break the machine's /dev/full), else /dev/full itself (which only root could replace).
 */
function fullDevice(): string {
  if (process.getuid?.() !== 0) return '/dev/full';
  const path = join(mkdtempSync(join(tmpdir(), 'sg-dev-')), 'full');
  execFileSync('mknod', ['-m', '666', path, 'c', '1', '7']);
  return path;
}

/** Runs the CLI with its standard output on `stdout` (a file descriptor, or a pipe closed at once). */
function runWithStdout(args: readonly string[], stdout: number | 'closed pipe'): Promise<CliResult> {
  return new Promise((resolve) => {
    const stdio: StdioOptions = ['ignore', stdout === 'closed pipe' ? 'pipe' : stdout, 'pipe'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio, env: { ...process.env, NO_COLOR: '1' } });
    if (stdout === 'closed pipe') child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
  });
}

describe('-o FILE', () => {
  it('replaces a regular file and keeps its mode (0600 stays 0600)', async () => {
    const output = join(dir, 'private.json');
    writeFileSync(output, 'old\n');
    chmodSync(output, 0o600);
    const result = await dumpTo(output);
    expect(result.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(expected);
    expect(statSync(output).mode & 0o777).toBe(0o600);
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);

  it('writes a new file with the default mode, creating missing folders', async () => {
    const output = join(dir, 'new', 'deeper', 'schema.json');
    const result = await dumpTo(output);
    expect(result.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(expected);
    const umask = process.umask();
    expect(statSync(output).mode & 0o777).toBe(0o666 & ~umask);
  }, 60_000);

  it('keeps a symbolic link a link, and writes the file it points at (also one that does not exist yet)', async () => {
    const folder = join(dir, 'linked');
    mkdirSync(join(folder, 'real'), { recursive: true });
    writeFileSync(join(folder, 'real', 'schema.json'), 'old\n');
    chmodSync(join(folder, 'real', 'schema.json'), 0o640);
    symlinkSync(join('real', 'schema.json'), join(folder, 'link.json'));
    expect((await dumpTo(join(folder, 'link.json'))).code).toBe(0);
    expect(lstatSync(join(folder, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(folder, 'link.json'))).toBe(join('real', 'schema.json'));
    expect(readFileSync(join(folder, 'real', 'schema.json'), 'utf8')).toBe(expected);
    expect(statSync(join(folder, 'real', 'schema.json')).mode & 0o777).toBe(0o640);

    symlinkSync(join('real', 'later.json'), join(folder, 'dangling.json'));
    expect((await dumpTo(join(folder, 'dangling.json'))).code).toBe(0);
    expect(lstatSync(join(folder, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(folder, 'real', 'later.json'), 'utf8')).toBe(expected);
    expect([...leftovers(folder), ...leftovers(join(folder, 'real'))]).toEqual([]);
  }, 60_000);

  it('writes through a FIFO to its reader, and leaves it a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    try {
      const result = await dumpTo(fifo);
      expect(result.code).toBe(0);
      // A FIFO replaced by a file leaves the reader waiting: it must end with the whole text.
      await Promise.race([
        readerDone,
        new Promise((_, reject) => setTimeout(() => reject(new Error('reader still waiting')), 20_000)),
      ]);
      expect(read).toBe(expected);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    } finally {
      reader.kill();
    }
  }, 60_000);

  it('on a full device: one sentence "no space left", exit code 2, and the device is still a device', async () => {
    const device = fullDevice();
    const result = await dumpTo(device);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/^schemaguard: Cannot write .*: no space left on the device\.\n$/);
    expect(statSync(device).isCharacterDevice()).toBe(true);
  }, 60_000);

  it('refuses a folder in one sentence', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const result = await dumpTo(folder);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/Cannot write .*a-folder: it is a folder\./);
    expect(statSync(folder).isDirectory()).toBe(true);
  }, 60_000);

  it('leaves the old file intact and no temporary file when the write fails part-way', async () => {
    const output = join(dir, 'kept.json');
    writeFileSync(output, 'the old content\n');
    // A file size limit of 1 KiB: the write fails with EFBIG after the first kilobyte.
    const result = await new Promise<CliResult>((resolve) => {
      const child = spawn(
        'bash',
        ['-c', 'ulimit -f 1 && exec "$0" "$@"', process.execPath, CLI, 'dump', source, '-o', output],
        {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
    });
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/Cannot write .*kept\.json: /);
    expect(readFileSync(output, 'utf8')).toBe('the old content\n');
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);

  it('is the same writer for every command: compare, diff and check keep a 0600 file 0600', async () => {
    for (const args of [
      ['compare', source, source, '--format', 'json'],
      ['diff', source, source],
      ['check', '--schema', source],
    ]) {
      const output = join(dir, `${args[0]}.out`);
      writeFileSync(output, '');
      chmodSync(output, 0o600);
      const result = await runCli([...args, '-o', output], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expect(readFileSync(output, 'utf8').length).toBeGreaterThan(0);
      expect(statSync(output).mode & 0o777, args[0]).toBe(0o600);
    }
  }, 120_000);
});

describe('the standard output', () => {
  it('full (> /dev/full): one sentence, exit code 2, no stack trace', async () => {
    const fd = openSync(fullDevice(), 'w');
    try {
      const result = await runWithStdout(['dump', source], fd);
      expect(isOneSentenceError(result), result.stderr).toBe(true);
      expect(result.stderr).toBe('schemaguard: Cannot write to the standard output: no space left on the device.\n');
    } finally {
      closeSync(fd);
    }
  }, 60_000);

  it('closed by its reader (| head): stops quietly, never exit code 1', async () => {
    const result = await runWithStdout(['dump', source], 'closed pipe');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  it('is written through, not replaced, when named by a link such as /dev/stdout', () => {
    // A private link to /proc/self/fd/1, as /dev/stdout is: a tool that replaced it would replace only this one.
    const link = join(dir, 'stdout-link');
    symlinkSync('/proc/self/fd/1', link);
    // Through a pipe, as in a shell (Node's own child pipes are sockets, which cannot be opened by name).
    const output = execFileSync('bash', ['-c', '"$0" "$@" | cat', process.execPath, CLI, 'dump', source, '-o', link], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(output).toBe(expected);
    expect(readlinkSync(link)).toBe('/proc/self/fd/1');
  }, 60_000);
});
