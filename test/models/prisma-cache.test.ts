import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { SchemaguardError } from '../../src/errors.js';
import { modelCacheKey } from '../../src/sources/models/ddl-cache.js';
import { loadSchema } from '../../src/sources/load.js';
import { SERVER_URL, hasServer } from '../helpers/databases.js';

/** Cold model builds take tens of seconds on a busy 2-core machine. */
const BUILD_TIMEOUT = 240_000;

const HEADER = 'datasource db {\n  provider = "postgresql"\n}\n';
const AUTHOR =
  'model Author {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  posts Post[]\n}\n';
const POST =
  'model Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  authorId Int\n  author   Author @relation(fields: [authorId], references: [id])\n}\n';

/** A multi-file Prisma schema in a new folder: the datasource, then one model per file. */
async function prismaFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-prisma-cache-'));
  await mkdir(join(dir, 'schema', 'models'), { recursive: true });
  await writeFile(join(dir, 'schema', 'schema.prisma'), HEADER);
  await writeFile(join(dir, 'schema', 'author.prisma'), AUTHOR);
  await writeFile(join(dir, 'schema', 'models', 'post.prisma'), POST);
  return dir;
}

/** Loads a ref with the config, and says which databases it started (engine scratch and shadow). */
async function loadCounting(ref: string, config: Awaited<ReturnType<typeof resolveConfig>>) {
  const started: string[] = [];
  const loaded = await loadSchema(ref, {
    config,
    onProgress: (step) => {
      if (step.startsWith('starting')) started.push(step);
    },
  });
  return { loaded, started };
}

const columnsOf = (loaded: Awaited<ReturnType<typeof loadSchema>>, table: string) =>
  loaded.schema.tables.find((t) => t.name === table)?.columns.map((c) => c.name);

const shadows = [
  { name: 'PGlite', server: undefined, run: true },
  { name: 'PostgreSQL server', server: SERVER_URL, run: hasServer() },
];

describe.each(shadows)('prisma: model builds are cached, with a $name shadow', ({ server, run }) => {
  let dir: string;
  let config: Awaited<ReturnType<typeof resolveConfig>>;
  let ref: string;
  const shadowKind = server ? 'server' : 'pglite';

  beforeAll(async () => {
    if (!run) return;
    dir = await prismaFolder();
    config = await resolveConfig({ cacheDir: 'cache', ...(server ? { shadow: server } : {}) }, undefined, dir);
    ref = `prisma:${join(dir, 'schema')}`;
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.runIf(run)(
    'builds once: a second load of the same ref starts no database',
    async () => {
      const first = await loadCounting(ref, config);
      expect(first.started).toEqual([
        'starting a shadow database (pglite, for the Prisma schema engine)',
        `starting a shadow database (${shadowKind})`,
      ]);
      expect(first.loaded.schema.tables.map((t) => t.name).sort()).toEqual(['Author', 'Post']);
      // The engine's scratch database and the shadow started from one saved initdb image.
      expect(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('-initdb.tar.gz'))).toHaveLength(1);

      const second = await loadCounting(ref, config);
      expect(second.started).toEqual([]);
      expect(second.loaded.schema).toEqual(first.loaded.schema);
    },
    BUILD_TIMEOUT,
  );

  it.runIf(run)('serves a copy of the same files elsewhere (the pre-commit hook’s) from the cache', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'sg-prisma-copy-'));
    try {
      await cp(join(dir, 'schema'), join(copy, 'schema'), { recursive: true });
      const { started, loaded } = await loadCounting(`prisma:${join(copy, 'schema')}`, config);
      expect(started).toEqual([]);
      expect(columnsOf(loaded, 'Post')).toEqual(['id', 'title', 'authorId']);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it.runIf(run)(
    'rebuilds when any model file changes, or one is added',
    async () => {
      await writeFile(
        join(dir, 'schema', 'models', 'post.prisma'),
        POST.replace('  title    String\n', '  title    String\n  body     String?\n'),
      );
      const changed = await loadCounting(ref, config);
      expect(changed.started).toHaveLength(2);
      expect(columnsOf(changed.loaded, 'Post')).toEqual(['id', 'title', 'body', 'authorId']);

      await writeFile(join(dir, 'schema', 'tag.prisma'), 'model Tag {\n  id   Int    @id\n  name String\n}\n');
      const added = await loadCounting(ref, config);
      expect(added.started).toHaveLength(2);
      expect(added.loaded.schema.tables.map((t) => t.name).sort()).toEqual(['Author', 'Post', 'Tag']);
    },
    BUILD_TIMEOUT,
  );
});

describe('the model cache key', () => {
  const files = [
    { path: 'schema.prisma', content: HEADER },
    { path: 'author.prisma', content: AUTHOR },
  ];
  const key = modelCacheKey(['prisma', 'engine 1.0.0'], files);

  it('is the same for the same inputs, and differs when a file, a name or a version differs', () => {
    expect(
      modelCacheKey(
        ['prisma', 'engine 1.0.0'],
        files.map((f) => ({ ...f })),
      ),
    ).toBe(key);
    const others = [
      modelCacheKey(['prisma', 'engine 1.0.1'], files),
      modelCacheKey(['prisma', 'engine 1.0.0'], [files[0]!, { path: 'author.prisma', content: `${AUTHOR}\n` }]),
      modelCacheKey(['prisma', 'engine 1.0.0'], [files[0]!, { path: 'writer.prisma', content: AUTHOR }]),
      modelCacheKey(['prisma', 'engine 1.0.0'], [files[0]!]),
      // Parts are not merely concatenated: moving text from one part to the next changes the key.
      modelCacheKey(
        ['prisma', 'engine 1.0.0'],
        [
          { path: 'schema.prisma', content: HEADER + 'author.prisma' },
          { path: '', content: AUTHOR },
        ],
      ),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });
});

describe('unreadable refs fail before anything is built', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sg-prisma-fast-'));
    await mkdir(join(dir, 'migrations'));
    await writeFile(join(dir, 'migrations', '0001_init.sql'), 'CREATE TABLE author (id int PRIMARY KEY);\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing Prisma schema in a combined ref, and starts no database', async () => {
    const config = await resolveConfig({ cacheDir: 'cache' }, undefined, dir);
    const missing = join(dir, 'missing.prisma');
    const attempt = loadCounting(`migrations:${join(dir, 'migrations')} + prisma:${missing}`, config);
    await expect(attempt).rejects.toThrow(new SchemaguardError(`The Prisma schema ${missing} does not exist.`));
    expect(existsSync(join(dir, 'cache'))).toBe(false);
  });
});
