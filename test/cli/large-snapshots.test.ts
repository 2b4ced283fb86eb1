import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSnapshot, serializeSnapshot } from '../../src/schema/snapshot.js';
import { hashOfSchemaInText } from '../../src/schema/text-hash.js';
import { CLI, runCliProcess } from '../helpers/cli.js';
import { largeSchema } from '../helpers/large-schema.js';

/** The snapshot text of the schema: large enough (over 4 MB) to be hashed on a worker thread. */
const TEXT = serializeSnapshot(createSnapshot('sqlite', largeSchema(6000), { source: 'sqlite:app.db' }));

/** The compiled text-hash module, whose worker file lies beside it (run from source, there is none). */
async function compiledTextHash(): Promise<typeof import('../../src/schema/text-hash.js')> {
  const url = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'schema', 'text-hash.js')).href;
  return (await import(url)) as typeof import('../../src/schema/text-hash.js');
}

describe('a large snapshot file', () => {
  it('is hashed on a worker thread to the hash this thread computes', async () => {
    expect(TEXT.length).toBeGreaterThan(4 * 1024 * 1024);
    const { bufferForText, hashOfSchemaInTextOffThread } = await compiledTextHash();
    const edited = TEXT.replace('"type": "REAL"', '"type": "BLOB"');
    const cases = [TEXT, edited, TEXT.replace('"schema":', '"schemata":')];
    const expected = cases.map((text) => hashOfSchemaInText(Buffer.from(text)));
    expect(expected[0]).toMatch(/^sha256:/);
    expect(expected[1]).not.toBe(expected[0]);
    expect(expected[2]).toBeUndefined();
    // Read into memory shared with the worker, as a large snapshot file is.
    const buffers = cases.map((text) => {
      const bytes = bufferForText(Buffer.byteLength(text));
      bytes.write(text);
      return bytes;
    });
    const hashing = buffers.map((bytes) => hashOfSchemaInTextOffThread(bytes));
    expect(hashing.every((hash) => hash instanceof Promise)).toBe(true);
    expect(await Promise.all(hashing)).toEqual(expected);
    // The worker only read the text.
    expect(buffers.map((bytes) => bytes.toString())).toEqual(cases);
    // A small text, or one in memory of this thread's own, is hashed here.
    expect(hashOfSchemaInTextOffThread(bufferForText(100))).toBeUndefined();
    expect(hashOfSchemaInTextOffThread(Buffer.from(TEXT))).toBeUndefined();
  });

  it('is compared by the command line whether it is as written or edited by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-large-snapshots-'));
    writeFileSync(join(dir, 'base.json'), TEXT);
    writeFileSync(join(dir, 'same.json'), TEXT);
    // A column's type changed by hand, the stored hash left as it was.
    writeFileSync(join(dir, 'edited.json'), TEXT.replace(/("name": "c1",\s+"type": )"REAL"/, '$1"BLOB"'));
    const same = await runCliProcess(['diff', 'base.json', 'same.json'], { cwd: dir });
    expect(same).toMatchObject({ code: 0, stderr: '' });
    expect(same.stdout).toContain('-- No differences: nothing to do.');
    const edited = await runCliProcess(['diff', 'base.json', 'edited.json', '--format', 'json'], { cwd: dir });
    expect(edited.code).toBe(1);
    const plan = JSON.parse(edited.stdout) as { statements: { sql: string }[] };
    expect(plan.statements.map((s) => s.sql).join('\n')).toContain('  c1 BLOB,');
  });

  it('is read from a pipe, as `diff <(git show REV:FILE) FILE` hands it over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-piped-snapshots-'));
    writeFileSync(join(dir, 'base.json'), TEXT);
    writeFileSync(join(dir, 'edited.json'), TEXT.replace(/("name": "c1",\s+"type": )"REAL"/, '$1"BLOB"'));
    const script = `"${process.execPath}" "${CLI}" diff <(cat base.json) <(cat edited.json) --format json`;
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile('bash', ['-c', script], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (error, out) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout: out }),
      );
    });
    expect(code).toBe(1);
    const plan = JSON.parse(stdout) as { statements: { sql: string }[] };
    expect(plan.statements.map((s) => s.sql).join('\n')).toContain('  c1 BLOB,');
  });
});
