import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SchemaguardError } from '../../src/errors.js';
import { drizzleModelDdl, loadDrizzleKit } from '../../src/sources/models/drizzle.js';
import { buildModelsBeforeAll } from '../helpers/built-models.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/drizzle/', import.meta.url));
const SCHEMA = join(FIXTURES, 'schema.ts');
const BROKEN = join(FIXTURES, 'broken.ts');

/** A foreign key as the DDL states it. */
interface DdlForeignKey {
  table: string;
  columns: string;
  references: string;
  onDelete: string;
}

const createdTables = (ddl: readonly string[]) =>
  ddl.flatMap((s) => [...s.matchAll(/^CREATE TABLE "(\w+)"/g)].map((m) => m[1]));

const foreignKeys = (ddl: readonly string[]): DdlForeignKey[] =>
  ddl.flatMap((s) =>
    [
      ...s.matchAll(
        /ALTER TABLE "(\w+)" ADD CONSTRAINT "\w+" FOREIGN KEY \(([^)]*)\) REFERENCES ([^(]+)\(([^)]*)\) ON DELETE (cascade|restrict|no action|set null|set default)/g,
      ),
    ].map((m) => ({
      table: m[1] ?? '',
      columns: m[2] ?? '',
      references: `${m[3] ?? ''}(${m[4] ?? ''})`,
      onDelete: m[5] ?? '',
    })),
  );

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

describe('drizzleModelDdl', () => {
  let ddl: string[];
  let workDir: string;

  /** Writes a module into a scratch folder that can import the project's drizzle-orm. */
  async function scratch(relativePath: string, text: string): Promise<string> {
    const file = join(workDir, relativePath);
    await mkdir(resolve(file, '..'), { recursive: true });
    await writeFile(file, text);
    return file;
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sg-drizzle-'));
    await symlink(resolve('node_modules'), join(workDir, 'node_modules'), 'dir');
    ddl = await drizzleModelDdl(SCHEMA);
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('states the types, tables, foreign keys and indexes of the fixture', () => {
    expect(ddl).toContain(`CREATE TYPE "public"."user_role" AS ENUM('student', 'instructor', 'admin');`);
    expect(createdTables(ddl).sort()).toEqual(['app_user', 'asset', 'course', 'enrollment', 'lesson', 'resource']);
    const typeAt = ddl.findIndex((s) => s.startsWith('CREATE TYPE'));
    const firstTableAt = ddl.findIndex((s) => s.startsWith('CREATE TABLE'));
    expect(typeAt).toBeLessThan(firstTableAt);

    expect(foreignKeys(ddl)).toEqual(
      expect.arrayContaining([
        { table: 'asset', columns: '"resource_id"', references: '"public"."resource"("id")', onDelete: 'cascade' },
        { table: 'lesson', columns: '"course_id"', references: '"public"."course"("id")', onDelete: 'cascade' },
        { table: 'enrollment', columns: '"user_id"', references: '"public"."app_user"("id")', onDelete: 'cascade' },
        { table: 'course', columns: '"instructor_id"', references: '"public"."app_user"("id")', onDelete: 'set null' },
      ]),
    );
    expect(ddl.some((s) => /^CREATE INDEX "asset_title_idx" ON "asset" USING btree \("title"\)/.test(s))).toBe(true);

    const lesson = ddl.find((s) => s.startsWith('CREATE TABLE "lesson"')) ?? '';
    expect(lesson).toMatch(/UNIQUE\("course_id","position"\)/);
    const enrollment = ddl.find((s) => s.startsWith('CREATE TABLE "enrollment"')) ?? '';
    expect(enrollment).toMatch(/PRIMARY KEY\("user_id","course_id"\)/);
  });

  it('gives identical DDL on every call', async () => {
    expect(await drizzleModelDdl(SCHEMA)).toEqual(ddl);
  });

  describe('applied to a database', () => {
    const { schema, table, column, constraintsOf } = buildModelsBeforeAll(() => ddl);

    it('builds the tables with their columns', () => {
      expect(
        schema()
          .tables.map((t) => t.name)
          .sort(),
      ).toEqual(['app_user', 'asset', 'course', 'enrollment', 'lesson', 'resource']);
      expect(table('asset').columns.map((c) => [c.name, c.type, c.notNull ?? false])).toEqual([
        ['id', 'integer', true],
        ['resource_id', 'integer', true],
        ['title', 'character varying(200)', true],
        ['deleted_at', 'timestamp with time zone', false],
      ]);
      expect(column('app_user', 'role')).toMatchObject({ type: 'public.user_role', notNull: true });
      expect(column('app_user', 'role')?.default).toMatch(/^'student'::/);
      expect(column('app_user', 'is_superuser')).toMatchObject({ type: 'boolean', default: 'false' });
      expect(column('app_user', 'created_at')).toMatchObject({ type: 'timestamp with time zone', default: 'now()' });
      expect(column('app_user', 'id')?.identity?.generation).toBe('ALWAYS');
    });

    it('builds the keys, foreign keys, unique constraints and indexes', () => {
      expect(constraintsOf('asset', 'foreign key')).toEqual([
        expect.objectContaining({
          columns: ['resource_id'],
          references: { schema: 'public', table: 'resource', columns: ['id'] },
          onDelete: 'CASCADE',
        }),
      ]);
      expect(constraintsOf('lesson', 'unique')).toEqual([
        expect.objectContaining({ columns: ['course_id', 'position'] }),
      ]);
      expect(constraintsOf('enrollment', 'primary key')).toEqual([
        expect.objectContaining({ columns: ['user_id', 'course_id'] }),
      ]);
      expect(
        constraintsOf('enrollment', 'foreign key').map((c) => c.type === 'foreign key' && c.references.table),
      ).toEqual(expect.arrayContaining(['app_user', 'course']));
      expect(table('app_user').constraints).toContainEqual(
        expect.objectContaining({ type: 'unique', columns: ['email'] }),
      );
      expect(table('asset').indexes).toEqual([
        expect.objectContaining({ name: 'asset_title_idx', keys: [expect.objectContaining({ column: 'title' })] }),
      ]);
    });

    it('builds the enum with its values in order', () => {
      expect(schema().enums).toEqual([
        expect.objectContaining({ schema: 'public', name: 'user_role', values: ['student', 'instructor', 'admin'] }),
      ]);
    });
  });

  it('merges the exports of every .ts/.js file of a folder', async () => {
    await scratch(
      'folder/users.ts',
      `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
       export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });`,
    );
    await scratch(
      'folder/posts.ts',
      `import { integer, pgTable, serial } from 'drizzle-orm/pg-core';
       import { users } from './users';
       export const posts = pgTable('posts', { id: serial('id').primaryKey(), author: integer('author').references(() => users.id) });`,
    );
    await scratch('folder/types.d.ts', 'export declare const nothing: number;');
    await scratch('folder/README.md', '# not a module');
    await scratch('folder/nested/ignored.ts', 'throw new Error("subfolders are not read");');
    const folderDdl = await drizzleModelDdl(join(workDir, 'folder'));
    expect(createdTables(folderDdl).sort()).toEqual(['posts', 'users']);
    expect(foreignKeys(folderDdl)).toEqual([
      { table: 'posts', columns: '"author"', references: '"public"."users"("id")', onDelete: 'no action' },
    ]);
  });

  it('names a module that does not exist', async () => {
    const missing = join(FIXTURES, 'missing.ts');
    expect(await userError(drizzleModelDdl(missing))).toBe(`The drizzle schema module ${missing} does not exist.`);
  });

  it('says a module that throws at import does not load, with its line, without a stack trace', async () => {
    expect(await userError(drizzleModelDdl(BROKEN))).toBe(
      `The drizzle schema module ${BROKEN}, line 6, does not load: boom.`,
    );
  });

  it('says when a module defines no drizzle schema objects', async () => {
    const file = await scratch(
      'plain.ts',
      'export const answer: number = 42;\nexport function hello() { return "hi"; }\n',
    );
    expect(await userError(drizzleModelDdl(file))).toBe(
      `No drizzle schema objects (tables, enums, schemas, sequences, views) were found in ${file}; export them from it.`,
    );
  });

  it('says how to install drizzle-kit and drizzle-orm when they cannot be imported', async () => {
    const missingPackage = 'drizzle-kit-not-installed/api';
    expect(await userError(loadDrizzleKit(() => import(missingPackage)))).toBe(
      'Reading drizzle models needs drizzle-kit and drizzle-orm: npm i -D drizzle-kit drizzle-orm.',
    );
  });

  it('turns drizzle-kit exiting on a schema it rejects into an error', async () => {
    const exit = process.exit;
    const file = await scratch(
      'duplicate.ts',
      `import { pgTable, text } from 'drizzle-orm/pg-core';
       export const page = pgTable('page', { a: text('a').unique('same'), b: text('b').unique('same') });`,
    );
    expect(await userError(drizzleModelDdl(file))).toMatch(
      new RegExp(
        `^drizzle-kit cannot read the drizzle schema in ${file}: We.ve found duplicated unique constraint names`,
      ),
    );
    expect(process.exit).toBe(exit);
  });

  it('keeps console output of the module off stdout', async () => {
    const file = await scratch(
      'chatty.ts',
      `import { pgTable, text } from 'drizzle-orm/pg-core';
       console.log('loading the chatty schema');
       export const chatty = pgTable('chatty', { note: text('note') });`,
    );
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(createdTables(await drizzleModelDdl(file))).toEqual(['chatty']);
      expect(stdout).not.toHaveBeenCalledWith(expect.stringContaining('chatty schema'));
      expect(stderr).toHaveBeenCalledWith('loading the chatty schema\n');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
