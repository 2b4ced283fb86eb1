import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SchemaguardError } from '../../src/errors.js';
import { loadPrismaPackages, prismaModelDdl, type PrismaPackages } from '../../src/sources/models/prisma.js';
import { buildModelsBeforeAll } from '../helpers/built-models.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/prisma/', import.meta.url));
const SCHEMA = join(FIXTURES, 'schema.prisma');
const BROKEN = join(FIXTURES, 'broken.prisma');

const DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n';

const createdTables = (ddl: readonly string[]) =>
  ddl.flatMap((s) => [...s.matchAll(/^CREATE TABLE "(\w+)"/g)].map((m) => m[1]));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Asserts an error is the one-sentence SchemaguardError a user should see, and returns its message. */
async function userError(work: Promise<unknown>): Promise<string> {
  const error: unknown = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchemaguardError);
  const message = (error as SchemaguardError).message;
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\bat .+:\d+:\d+/);
  return message;
}

describe('prismaModelDdl', () => {
  let ddl: string[];
  let workDir: string;

  async function scratch(relativePath: string, text: string): Promise<string> {
    const file = join(workDir, relativePath);
    await mkdir(resolve(file, '..'), { recursive: true });
    await writeFile(file, text);
    return file;
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sg-prisma-'));
    ddl = await prismaModelDdl(SCHEMA);
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('states the enum, tables, indexes and foreign keys of the fixture, one statement each', () => {
    expect(ddl.every((s) => s.endsWith(';') && !s.startsWith('--'))).toBe(true);
    expect(ddl).toContain(`CREATE TYPE "user_role" AS ENUM ('student', 'instructor', 'admin');`);
    expect(createdTables(ddl).sort()).toEqual(['app_user', 'asset', 'course', 'enrollment', 'lesson', 'resource']);
    const typeAt = ddl.findIndex((s) => s.startsWith('CREATE TYPE'));
    const firstTableAt = ddl.findIndex((s) => s.startsWith('CREATE TABLE'));
    expect(typeAt).toBeLessThan(firstTableAt);
    expect(ddl).toContain(
      'ALTER TABLE "asset" ADD CONSTRAINT "asset_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;',
    );
    expect(ddl).toContain('CREATE UNIQUE INDEX "lesson_course_id_position_key" ON "lesson"("course_id", "position");');
  });

  it('gives identical DDL on every call', async () => {
    expect(await prismaModelDdl(SCHEMA)).toEqual(ddl);
  });

  describe('applied to a database', () => {
    const { schema, table, column, constraintsOf } = buildModelsBeforeAll(() => ddl);

    it('builds the tables with their snake_case columns', () => {
      expect(
        schema()
          .tables.map((t) => t.name)
          .sort(),
      ).toEqual(['app_user', 'asset', 'course', 'enrollment', 'lesson', 'resource']);
      expect(table('asset').columns.map((c) => [c.name, c.type, c.notNull ?? false])).toEqual([
        ['id', 'integer', true],
        ['resource_id', 'integer', true],
        ['title', 'character varying(200)', true],
        ['deleted_at', 'timestamp(6) with time zone', false],
      ]);
      expect(column('app_user', 'role')).toMatchObject({ type: 'public.user_role', notNull: true });
      expect(column('app_user', 'role')?.default).toMatch(/^'student'::/);
      expect(column('app_user', 'is_superuser')).toMatchObject({ type: 'boolean', default: 'false' });
      expect(column('app_user', 'created_at')).toMatchObject({ notNull: true, default: 'CURRENT_TIMESTAMP' });
      expect(column('lesson', 'body')).toMatchObject({ type: 'text', default: "''::text" });
    });

    it('builds the foreign key from asset to resource with ON DELETE CASCADE', () => {
      expect(constraintsOf('asset', 'foreign key')).toEqual([
        expect.objectContaining({
          name: 'asset_resource_id_fkey',
          columns: ['resource_id'],
          references: { schema: 'public', table: 'resource', columns: ['id'] },
          onDelete: 'CASCADE',
        }),
      ]);
      expect(constraintsOf('course', 'foreign key')).toEqual([
        expect.objectContaining({ columns: ['instructor_id'], onDelete: 'SET NULL' }),
      ]);
    });

    it('builds the unique (course_id, position) of lesson as a unique index', () => {
      expect(table('lesson').indexes).toEqual([
        expect.objectContaining({
          name: 'lesson_course_id_position_key',
          unique: true,
          keys: [expect.objectContaining({ column: 'course_id' }), expect.objectContaining({ column: 'position' })],
        }),
      ]);
      expect(table('asset').indexes).toEqual([
        expect.objectContaining({ name: 'asset_title_idx', keys: [expect.objectContaining({ column: 'title' })] }),
      ]);
    });

    it('builds the composite primary key of enrollment', () => {
      expect(constraintsOf('enrollment', 'primary key')).toEqual([
        expect.objectContaining({ name: 'enrollment_pkey', columns: ['user_id', 'course_id'] }),
      ]);
      expect(
        constraintsOf('enrollment', 'foreign key').map((c) => c.type === 'foreign key' && c.references.table),
      ).toEqual(expect.arrayContaining(['app_user', 'course']));
    });

    it('builds the enum with its values in order', () => {
      expect(schema().enums).toEqual([
        expect.objectContaining({ schema: 'public', name: 'user_role', values: ['student', 'instructor', 'admin'] }),
      ]);
    });
  });

  it('reads every .prisma file of a folder as one schema', async () => {
    await scratch('folder/schema.prisma', DATASOURCE);
    await scratch('folder/models/author.prisma', 'model Author {\n  id    Int    @id\n  posts Post[]\n}\n');
    await scratch(
      'folder/models/post.prisma',
      'model Post {\n  id       Int    @id\n  authorId Int\n  author   Author @relation(fields: [authorId], references: [id])\n}\n',
    );
    await scratch('folder/README.md', '# not a schema');
    const folderDdl = await prismaModelDdl(join(workDir, 'folder'));
    expect(createdTables(folderDdl).sort()).toEqual(['Author', 'Post']);
    expect(folderDdl.some((s) => /^ALTER TABLE "Post" ADD CONSTRAINT .* REFERENCES "Author"\("id"\)/.test(s))).toBe(
      true,
    );
  });

  it('ignores connection URLs in the datasource, as schemas for Prisma 6 and earlier have them', async () => {
    const file = await scratch(
      'urls.prisma',
      `datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL")
  directUrl         = env("DIRECT_URL")
  shadowDatabaseUrl = "postgresql://localhost/shadow"
}

model Tag {
  id   Int    @id
  name String
}
`,
    );
    expect(createdTables(await prismaModelDdl(file))).toEqual(['Tag']);
  });

  it('names a schema file that does not exist', async () => {
    const missing = join(FIXTURES, 'missing.prisma');
    expect(await userError(prismaModelDdl(missing))).toBe(`The Prisma schema ${missing} does not exist.`);
  });

  it("says a schema with a syntax error is not valid, with its file, line and the engine's first line", async () => {
    expect(await userError(prismaModelDdl(BROKEN))).toMatch(
      new RegExp(
        `^The Prisma schema ${escapeRegExp(BROKEN)}, line 9, is not valid: Error validating: This line is not a valid field or attribute definition\\.$`,
      ),
    );
  });

  it('refuses a datasource that is neither PostgreSQL nor SQLite', async () => {
    const file = await scratch(
      'sqlserver.prisma',
      'datasource db {\n  provider = "sqlserver"\n}\n\nmodel A {\n  id Int @id\n}\n',
    );
    expect(await userError(prismaModelDdl(file))).toBe(
      `The Prisma schema ${file} uses the sqlserver provider: schemaguard reads PostgreSQL and SQLite schemas only (provider = "postgresql" or "sqlite").`,
    );
  });

  it('says when a schema defines nothing to create', async () => {
    const file = await scratch('empty.prisma', DATASOURCE);
    expect(await userError(prismaModelDdl(file))).toBe(
      `No Prisma models, enums or views were found in ${file}; define them there.`,
    );
  });

  it('says how to install the packages when they cannot be imported', async () => {
    const missingPackage = '@prisma/schema-engine-wasm-not-installed';
    const importer = () => import(missingPackage) as Promise<PrismaPackages>;
    expect(await userError(loadPrismaPackages(importer))).toBe(
      'Reading Prisma models needs @prisma/schema-engine-wasm, @prisma/driver-adapter-utils and pglite-prisma-adapter: npm i -D @prisma/schema-engine-wasm @prisma/driver-adapter-utils pglite-prisma-adapter.',
    );
  });

  it("keeps the engine's log off stdout (on stderr with SCHEMAGUARD_DEBUG)", async () => {
    const file = await scratch('quiet.prisma', `${DATASOURCE}\nmodel Quiet {\n  id Int @id\n}\n`);
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = vi.spyOn(console, 'log');
    vi.stubEnv('SCHEMAGUARD_DEBUG', '1');
    try {
      expect(createdTables(await prismaModelDdl(file))).toEqual(['Quiet']);
      expect(stdout).not.toHaveBeenCalledWith(expect.stringMatching(/schema.engine|schema_engine|CREATE/i));
      expect(log).not.toHaveBeenCalled();
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^schemaguard debug: Prisma schema engine: /));
    } finally {
      vi.unstubAllEnvs();
      stdout.mockRestore();
      stderr.mockRestore();
      log.mockRestore();
    }
  });
});
