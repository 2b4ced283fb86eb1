import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../src/dialects/postgres/pglite-lock.js';

const LOCK_MODULE = resolve('src/dialects/postgres/pglite-lock.ts');

/** A process that takes the lock, notes when it held it, and lets it go 150 ms later. */
function holder(dataDir: string, log: string): Promise<number | null> {
  const script = `
    const { appendFileSync } = await import('node:fs');
    const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});
    const release = await lockDataDir(${JSON.stringify(dataDir)}, 'db', 30000);
    appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + ' ' + Date.now() + '\\n');
    await new Promise((r) => setTimeout(r, 150));
    appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + ' ' + Date.now() + '\\n');
    await release();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
  return new Promise((done) => child.on('exit', done));
}

describe('the data directory lock of embedded databases', () => {
  it('is held by one process at a time when several start at the same moment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sg-pglite-lock-'));
    const log = join(dataDir, 'log');
    writeFileSync(log, '');
    const codes = await Promise.all(Array.from({ length: 6 }, () => holder(dataDir, log)));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12);
    // In and out alternate: no process came in while another held the lock.
    lines.forEach((line, i) => expect(line.startsWith(i % 2 === 0 ? 'in ' : 'out ')).toBe(true));
    expect(readdirSync(dataDir).filter((name) => name.startsWith('schemaguard.lock'))).toEqual([]);
  }, 60_000);

  it("takes over the lock of a process that is gone, and waits for a live one's", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sg-pglite-lock-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    writeFileSync(join(dataDir, 'schemaguard.lock'), `${gone}\n`);
    const release = await lockDataDir(dataDir, 'db', 1000);
    expect(readFileSync(join(dataDir, 'schemaguard.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await expect(lockDataDir(dataDir, 'pglite:./db', 300)).rejects.toThrow(
      `The embedded database pglite:./db is in use by process ${process.pid} (this one); waited 0 s`,
    );
    await release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('waits for a lock file just created without a process id (being written), and takes over an old one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sg-pglite-lock-'));
    const path = join(dataDir, 'schemaguard.lock');
    writeFileSync(path, '');
    await expect(lockDataDir(dataDir, 'db', 300)).rejects.toThrow('is in use by process unknown');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path, minuteAgo, minuteAgo);
    const release = await lockDataDir(dataDir, 'db', 1000);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    await release();
  });
});
