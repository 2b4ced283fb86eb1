import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { closeSharedEmbeddedDatabases } from '../../src/dialects/index.js';
import { connect } from '../../src/index.js';
import { WASM_FLAGS } from '../../src/wasm-flags.js';
import { SHARED_CACHE_DIR } from '../setup/shared-image.js';

const ROOT = join(import.meta.dirname, '..', '..');
const INDEX = join(ROOT, 'src', 'index.ts');
const DOCS = ['README.md', 'docs/api.md'];

/** The TypeScript code blocks of a Markdown file. */
function examples(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** The example as a module of this checkout: `'schemaguard'` is src/index.ts. */
function asModule(code: string): string {
  return code.replaceAll("from 'schemaguard'", `from ${JSON.stringify(INDEX.replace(/\.ts$/, '.js'))}`);
}

describe('the examples of the README and docs/api.md', () => {
  it('compile against the public API', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-api-types-'));
    const files = DOCS.flatMap((doc) =>
      examples(doc).map((code, i) => {
        const path = join(dir, `${doc.replace(/\W/g, '_')}_${i}.mts`);
        writeFileSync(path, asModule(code));
        return path;
      }),
    );
    expect(files.length).toBeGreaterThanOrEqual(3);
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
    });
    // The examples' diagnostics only: src itself is type-checked by `npm run typecheck`, and
    // checking all of it again here took most of this test's time.
    const errors = files
      .flatMap((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)))
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  });

  it('docs/api.md: loads two refs, diffs them, prints the SQL and applies it', async () => {
    const [example] = examples('docs/api.md');
    const dir = mkdtempSync(join(tmpdir(), 'sg-api-run-'));
    writeFileSync(
      join(dir, 'schema.sql'),
      'CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE INDEX item_name ON item (name);\n',
    );
    // The database the example migrates: an embedded one with an older shape of the table.
    const before = await connect('pglite:./data', { create: true, cwd: dir });
    await before.exec('CREATE TABLE item (id bigint PRIMARY KEY, old_name text)');
    await before.close();
    // An ES module (`.mts`), as top-level await needs.
    writeFileSync(join(dir, 'example.mts'), asModule(example ?? ''));
    // As on a machine where schemaguard ran before: the shadow database starts from the saved
    // initdb image (the suite's) rather than running an initdb.
    const cache = join(dir, '.schemaguard', 'cache');
    mkdirSync(cache, { recursive: true });
    for (const image of readdirSync(SHARED_CACHE_DIR).filter((f) => f.endsWith('-initdb.tar.gz'))) {
      copyFileSync(join(SHARED_CACHE_DIR, image), join(cache, image));
    }
    // The example's process opens the database this one keeps open (test/setup/worker.ts).
    await closeSharedEmbeddedDatabases();
    // One process: Node with tsx's loader (and, as the CLI sets for itself, no re-compiling of
    // the embedded database's WebAssembly), not the tsx command and the Node process it starts.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        ...WASM_FLAGS,
        '--import',
        pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
        'example.mts',
      ],
      { cwd: dir },
    );
    expect(stdout).toContain('drop column public.item.old_name (breaking)');
    expect(stdout).toContain('add column public.item.name (warning)');
    // `safe: true` withholds the drop of old_name: the data stays.
    expect(stdout).toContain('ALTER TABLE public.item ADD COLUMN name text NOT NULL');
    expect(stdout).toContain('-- Withheld by --safe');
    const after = await connect('pglite:./data', { cwd: dir });
    try {
      const columns = await after.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'item' ORDER BY ordinal_position",
      );
      expect(columns.map((c) => c.column_name)).toEqual(['id', 'old_name', 'name']);
      const indexes = await after.query("SELECT 1 FROM pg_indexes WHERE indexname = 'item_name'");
      expect(indexes).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});
