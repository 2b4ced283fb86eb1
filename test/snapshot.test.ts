import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, hashAsWritten, hashSchema, normalizeSchema } from '../src/schema/canonical.js';
import { forgetWrittenSnapshot } from '../src/schema/shared-items.js';
import { hashOfSchemaInText } from '../src/schema/text-hash.js';
import { emptySchema, type Schema } from '../src/schema/model.js';
import { schemaArbitrary } from './helpers/arbitraries.js';
import { largeSchema } from './helpers/large-schema.js';
import {
  FORMAT_VERSION,
  createSnapshot,
  parseSnapshot,
  readSnapshot,
  serializeSnapshot,
  snapshotPieces,
  writeSnapshot,
} from '../src/schema/snapshot.js';

describe('snapshot file', () => {
  it('survives write → read unchanged, for any schema', async () => {
    await fc.assert(
      fc.asyncProperty(schemaArbitrary, async (schema) => {
        const snapshot = createSnapshot('postgres', schema, { source: 'pglite:memory' });
        const read = await parseSnapshot(serializeSnapshot(snapshot), 'generated.json');
        expect(canonicalize(read)).toEqual(canonicalize(snapshot));
        expect(serializeSnapshot(read)).toBe(serializeSnapshot(snapshot));
      }),
      { numRuns: 100 },
    );
  });

  it('hashes equal exactly when the canonical schemas are equal', () => {
    fc.assert(
      fc.property(schemaArbitrary, schemaArbitrary, (a, b) => {
        const same =
          JSON.stringify(canonicalize(normalizeSchema(a))) === JSON.stringify(canonicalize(normalizeSchema(b)));
        expect(hashSchema(normalizeSchema(a)) === hashSchema(normalizeSchema(b))).toBe(same);
      }),
      { numRuns: 200 },
    );
  });

  it('is written and hashed an object at a time exactly as the whole canonical value serialises', () => {
    fc.assert(
      fc.property(schemaArbitrary, fc.constantFrom(undefined, 0, 1), (schema, rows) => {
        const data = rows === undefined ? undefined : { 'public.t': { columns: ['a'], rows: [[rows]] } };
        const snapshot = createSnapshot('postgres', schema, { source: 'pglite:memory' }, data);
        const whole = canonicalize(snapshot) as { schema: unknown };
        expect(snapshotPieces(snapshot).join('')).toBe(`${JSON.stringify(whole, null, 2)}\n`);
        expect(snapshot.hash).toBe(hashAsWritten(whole.schema));
        // The schema's text came from the pass that hashed it, taken once: writing the snapshot
        // again, or a copy of its schema, serialises it anew, alike.
        expect(snapshotPieces(snapshot).join('')).toBe(`${JSON.stringify(whole, null, 2)}\n`);
        const copied = { ...snapshot, schema: structuredClone(snapshot.schema) };
        expect(snapshotPieces(copied).join('')).toBe(`${JSON.stringify(whole, null, 2)}\n`);
      }),
      { numRuns: 200 },
    );
  });

  it('hashes a value as written exactly as the hash of its JSON text, without that text as one string', () => {
    const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), schemaArbitrary, (value, schema) => {
        expect(hashAsWritten(value)).toBe(sha(JSON.stringify(value) ?? 'null'));
        expect(hashAsWritten(schema)).toBe(sha(JSON.stringify(schema)));
      }),
      { numRuns: 300 },
    );
  });

  it('hashes the schema of file text, whatever its layout, as the schema as written', () => {
    fc.assert(
      fc.property(schemaArbitrary, fc.constantFrom(0, 2, '\t'), (schema, indent) => {
        const snapshot = createSnapshot('postgres', schema, { source: 'pglite:memory' });
        const text = JSON.stringify(canonicalize(snapshot), null, indent);
        expect(hashOfSchemaInText(Buffer.from(text))).toBe(snapshot.hash);
        expect(hashOfSchemaInText(Buffer.from(serializeSnapshot(snapshot)))).toBe(snapshot.hash);
      }),
      { numRuns: 200 },
    );
  });

  it('hashes the schema of any indented text only when the whole of it is there', () => {
    const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const value = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(value, fc.constantFrom(2, 4, '\t', ' \n'), fc.nat(), (schema, indent, cut) => {
        const text = JSON.stringify({ schema, after: 1 }, null, indent);
        const end = text.lastIndexOf('"after"');
        const at = cut % (text.length + 1);
        // Cut before the schema's closing brace (the last one before `"after"`), the value does not end.
        const whole = at > text.lastIndexOf('}', end);
        expect(hashOfSchemaInText(Buffer.from(text.slice(0, at)))).toBe(
          whole ? sha(JSON.stringify(schema)) : undefined,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('hashes only the top-level schema member of file text, the last one when repeated', () => {
    const hashOf = (text: string) => hashOfSchemaInText(Buffer.from(text));
    const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    expect(hashOf('{"meta": {"schema": {"a": 1}}, "schema": {"b": "x \\" , 2"}}')).toBe(sha('{"b":"x \\" , 2"}'));
    expect(hashOf('{"schema": {"a": [1, 2]}, "schema": {"b": 2}}')).toBe(sha('{"b":2}'));
    expect(hashOf('{"\\"schema": {"a": 1}}')).toBeUndefined();
    expect(hashOf('{"schema": "text", "x": {}}')).toBeUndefined();
    expect(hashOf('{"meta": {"schema": {"a": 1}}}')).toBeUndefined();
    const escaped = { 'a\\': 'b\\"c \\\\ }', 'x y': ['"', '\\', ' , ', '\n'] };
    expect(hashOf(JSON.stringify({ schema: escaped, z: 1 }, null, 2))).toBe(sha(JSON.stringify(escaped)));
  });

  it('is written in pieces of about a megabyte, not as one string', () => {
    const tables = Array.from({ length: 3000 }, (_, i) => ({
      schema: 'public',
      name: `t${i}`,
      columns: [{ name: 'a', type: 'integer', notNull: true, comment: 'x'.repeat(1000) }],
    }));
    const pieces = snapshotPieces(createSnapshot('postgres', { ...emptySchema(), tables }, {}));
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(piece.length).toBeLessThan(1.1 * 2 ** 20);
  });

  it('does not depend on the order objects were listed in', () => {
    fc.assert(
      fc.property(schemaArbitrary, (schema) => {
        const reversed = { ...schema, tables: [...schema.tables].reverse(), enums: [...schema.enums].reverse() };
        expect(serializeSnapshot(createSnapshot('postgres', reversed, {}))).toBe(
          serializeSnapshot(createSnapshot('postgres', schema, {})),
        );
      }),
    );
  });

  it('is written in canonical form: two-space indent, trailing newline, no false flags or empty optional lists', () => {
    const schema: Schema = {
      ...emptySchema(),
      tables: [{ schema: 'public', name: 't', columns: [{ name: 'a', type: 'integer', notNull: false }], indexes: [] }],
    };
    const text = serializeSnapshot(createSnapshot('postgres', schema, { baseline: true }));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "dialect": "postgres",\n');
    expect(text).not.toContain('"notNull"');
    expect(text).not.toContain('"indexes"');
    expect(text.indexOf('"formatVersion"')).toBeLessThan(text.indexOf('"hash"'));
  });
});

describe('reading a bad snapshot file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-snapshot-'));
  const valid = serializeSnapshot(createSnapshot('postgres', emptySchema(), {}));

  async function readError(text: string): Promise<string> {
    const path = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, text);
    const error = await readSnapshot(path).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe('SchemaguardError');
    return (error as Error).message;
  }

  it('says when it is not JSON', async () => {
    expect(await readError('hello')).toMatch(/is not a valid snapshot: it is not JSON/);
  });

  it('says when it is truncated', async () => {
    expect(await readError(valid.slice(0, valid.length / 2))).toMatch(/the JSON is truncated/);
  });

  it('names the exact path of a bad field', async () => {
    const json = JSON.parse(valid);
    json.schema.tables = [{ schema: 'public', name: 't', columns: [{ name: 'a', type: 42 }] }];
    expect(await readError(JSON.stringify(json))).toMatch(/at schema\.tables\[0\]\.columns\[0\]\.type: /);
  });

  it('names an unknown key', async () => {
    const json = JSON.parse(valid);
    json.schema.tables = [{ schema: 'public', name: 't', columns: [], colour: 'red' }];
    expect(await readError(JSON.stringify(json))).toMatch(/at schema\.tables\[0\].*colour/);
  });

  it('asks for an upgrade when written by a newer schemaguard', async () => {
    const json = JSON.parse(valid);
    json.formatVersion = FORMAT_VERSION + 1;
    expect(await readError(JSON.stringify(json))).toMatch(/written by a newer schemaguard.*upgrade schemaguard/);
  });

  it('says when the file does not exist', async () => {
    await expect(readSnapshot(join(dir, 'missing.json'))).rejects.toThrow(/does not exist/);
  });

  it('checks the rest of a file whose schema still has its hash: a bad meta field is named', async () => {
    const json = JSON.parse(valid);
    json.meta.baseline = 'yes';
    expect(await readError(JSON.stringify(json))).toMatch(/at meta\.baseline: /);
  });

  it('names each bad field around a schema whose hash matches, as the full validator does', async () => {
    type Editable = Record<string, unknown> & { meta: Record<string, unknown> };
    const cases: [(json: Editable) => void, RegExp][] = [
      [(json) => (json.hash = 'sha256:xyz'), /at hash: expected "sha256:" and 64 hex digits\.$/],
      [(json) => (json.formatVersion = 0.5), /at formatVersion: /],
      [(json) => (json.dialect = null), /at dialect: /],
      [(json) => (json.meta.unread = ['tables']), /at meta\.unread\[0\]: /],
      [(json) => (json.meta.notIncluded = { rule: 0 }), /at meta\.notIncluded\.rule: /],
      [(json) => (json.meta.tool = 7), /at meta\.tool: /],
      [(json) => (json.data = { 'public.t': { columns: [1], rows: [] } }), /at data\.public\.t\.columns\[0\]: /],
      [(json) => (json.data = { 'public.t': { columns: [], rows: [1] } }), /at data\.public\.t\.rows\[0\]: /],
      [(json) => (json.extra = true), /at \(top level\): .*extra/],
    ];
    for (const [edit, message] of cases) {
      const json = JSON.parse(valid);
      edit(json);
      expect(await readError(JSON.stringify(json, null, 2))).toMatch(message);
    }
  });

  it('reads a file with sample rows and every meta field without complaint', async () => {
    const snapshot = createSnapshot(
      'postgres',
      emptySchema(),
      {
        serverVersion: '15',
        source: 'x',
        baseline: true,
        gitCommit: 'abc',
        notIncluded: { rule: 2 },
        unread: ['events'],
      },
      { 'public.t': { columns: ['a'], rows: [[1], [null]] } },
    );
    const path = join(dir, 'with-data.json');
    writeFileSync(path, serializeSnapshot(snapshot));
    expect(serializeSnapshot(await readSnapshot(path))).toBe(serializeSnapshot(snapshot));
  });

  it('checks every field of a schema another version wrote, even when its hash matches', async () => {
    const json = JSON.parse(valid);
    json.meta.tool = 'schemaguard 99.0.0';
    json.schema.tables = [{ schema: 'public', name: 't', columns: [], colour: 'red' }];
    json.hash = hashSchema(normalizeSchema(json.schema));
    expect(await readError(JSON.stringify(json))).toMatch(/at schema\.tables\[0\].*colour/);
  });

  it('recomputes a hash that no longer matches (a merge conflict resolved by hand)', async () => {
    const json = JSON.parse(valid);
    json.schema.enums = [{ schema: 'public', name: 'mood', values: ['sad', 'happy'] }];
    const path = join(dir, 'edited.json');
    writeFileSync(path, JSON.stringify(json));
    const read = await readSnapshot(path);
    expect(read.hash).toBe(hashSchema(read.schema));
    expect(read.hash).not.toBe(json.hash);
  });

  it('takes the schema of a file it wrote as written, and puts a reordered one back in order', async () => {
    const tables = ['b', 'a', 'c'].map((name) => ({ schema: 'public', name, columns: [] }));
    const snapshot = createSnapshot('postgres', { ...emptySchema(), tables }, { source: 'pglite:memory' });
    const text = serializeSnapshot(snapshot);
    const read = await parseSnapshot(Buffer.from(text), 'written.json');
    // Its hash vouches for its order: normalising it again finds nothing to do, the very schema.
    expect(normalizeSchema(read.schema)).toBe(read.schema);
    expect(read.schema.tables.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    // Reordered by hand, the hash no longer matches: the tables are sorted again, the hash recomputed.
    const json = JSON.parse(text);
    json.schema.tables.reverse();
    const reordered = await parseSnapshot(Buffer.from(JSON.stringify(json)), 'reordered.json');
    expect(reordered.schema.tables.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(reordered.hash).toBe(snapshot.hash);
  });
  it('writes atomically and leaves nothing behind when the folder cannot be written', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    await expect(writeSnapshot(join(blocker, 'x.json'), createSnapshot('postgres', emptySchema(), {}))).rejects.toThrow(
      /Cannot write .*a part of the path is a file/,
    );
    const target = join(dir, 'out', 'snap.json');
    await writeSnapshot(target, createSnapshot('postgres', emptySchema(), {}));
    expect(readFileSync(target, 'utf8')).toBe(valid);
  });
});

describe('a large snapshot read after another', () => {
  const before: Schema = {
    ...largeSchema(6000),
    views: [
      { schema: 'main', name: 'v', columns: [{ name: 'id', type: 'INTEGER' }], definition: 'SELECT id FROM t00000' },
    ],
  };
  // One table changed, one added among the others (every later table moves one place down).
  const after: Schema = {
    ...before,
    tables: [
      ...before.tables.map((t) =>
        t.name === 't00010' ? { ...t, columns: [...t.columns, { name: 'extra', type: 'TEXT' }] } : t,
      ),
      { schema: 'main', name: 't00100a', columns: [{ name: 'id', type: 'INTEGER' }] },
    ],
  };
  const first = serializeSnapshot(createSnapshot('sqlite', before, { source: 'sqlite:a.db' }));
  const second = serializeSnapshot(createSnapshot('sqlite', after, { source: 'sqlite:b.db' }));
  const sharedWith = (read: Schema, from: Schema) => {
    const theirs = new Set<object>(from.tables);
    return read.tables.filter((t) => theirs.has(t)).length;
  };

  it('takes the objects whose text is the same from the first instead of parsing them again', async () => {
    expect(first.length).toBeGreaterThan(4 * 1024 * 1024);
    forgetWrittenSnapshot();
    // Read side by side, as diff and compare read their two files.
    const [a, b] = await Promise.all([
      parseSnapshot(Buffer.from(first), 'a.json'),
      parseSnapshot(Buffer.from(second), 'b.json'),
    ]);
    const parsed = JSON.parse(second) as { hash: string; schema: Schema };
    expect(b.schema).toEqual(parsed.schema);
    expect(b.hash).toBe(parsed.hash);
    expect(b.schema.tables.map((t) => t.name)).toContain('t00100a');
    expect(sharedWith(b.schema, a.schema)).toBe(5999);
    expect(b.schema.views[0]).toBe(a.schema.views[0]);
    expect(b.schema.tables.find((t) => t.name === 't00010')).not.toBe(a.schema.tables.find((t) => t.name === 't00010'));
  });

  it('shares nothing with a file changed by hand (its hash no longer matches) or laid out otherwise', async () => {
    forgetWrittenSnapshot();
    const a = await parseSnapshot(Buffer.from(first), 'a.json');
    const edited = second.replace(
      '"name": "t00020",\n        "columns": [\n          {\n            "name": "id",\n            "type": "INTEGER"',
      '"name": "t00020",\n        "columns": [\n          {\n            "name": "id",\n            "type": "BIGINT"',
    );
    expect(edited).not.toBe(second);
    const b = await parseSnapshot(Buffer.from(edited), 'edited.json');
    expect(sharedWith(b.schema, a.schema)).toBe(0);
    expect(b.schema.tables.find((t) => t.name === 't00020')?.columns[0]?.type).toBe('BIGINT');

    forgetWrittenSnapshot();
    const again = await parseSnapshot(Buffer.from(first), 'a.json');
    const compact = await parseSnapshot(Buffer.from(JSON.stringify(JSON.parse(second))), 'compact.json');
    expect(sharedWith(compact.schema, again.schema)).toBe(0);
    expect(compact.schema).toEqual((JSON.parse(second) as { schema: Schema }).schema);
  });
});
