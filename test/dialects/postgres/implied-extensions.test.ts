/**
 * Models that use an extension they do not create (a Prisma schema without the
 * `postgresqlExtensions` preview feature writing `CITEXT`, `gin_trgm_ops` and
 * `uuid_generate_v4()`, as documenso's does): the replay creates the extension first, and the
 * models' schema leaves it out, so a comparison takes it from the other side.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { impliedExtensions } from '../../../src/dialects/postgres/implied-extensions.js';
import { runCli } from '../../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'sg-implied-extensions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('impliedExtensions', () => {
  it('finds types, operator classes and function calls of extensions, in the order used', () => {
    const sql = [
      'CREATE TABLE "doc" ("id" UUID NOT NULL DEFAULT uuid_generate_v4(), "email" CITEXT, "tags" hstore, "path" ltree);',
      'CREATE INDEX "doc_email_idx" ON "doc" USING GIN ("email" gin_trgm_ops);',
      'CREATE TABLE "item" ("embedding" vector(3), "salt" TEXT DEFAULT gen_salt(\'bf\'));',
    ];
    expect(impliedExtensions(sql, new Set()).map((x) => x.name)).toEqual([
      'uuid-ossp',
      'citext',
      'hstore',
      'ltree',
      'pg_trgm',
      'vector',
      'pgcrypto',
    ]);
  });

  it('leaves out what is created, quoted, in a string or a comment, and a function name not called', () => {
    const sql = [
      '-- a citext column follows\nCREATE TABLE "citext" ("vector" TEXT DEFAULT \'gin_trgm_ops\', "digest" TEXT, "crypt" INTEGER);',
      'CREATE TABLE "t" ("email" CITEXT); /* uuid_generate_v4() */',
    ];
    expect(impliedExtensions(sql, new Set(['citext']))).toEqual([]);
  });

  it('takes the schema a qualified use names, as Supabase keeps extensions in their own', () => {
    const sql = [
      'CREATE TABLE "a" ("email" CITEXT, "id" UUID DEFAULT extensions.uuid_generate_v4());',
      'CREATE TABLE "b" ("id" UUID DEFAULT uuid_generate_v4(), "name" "ext".citext);',
    ];
    expect(impliedExtensions(sql, new Set())).toEqual([
      { name: 'citext', schema: 'ext' },
      { name: 'uuid-ossp', schema: 'extensions' },
    ]);
  });
});

describe('a comparison of Prisma models that use extensions their migrations create', () => {
  const prisma = (datasource: string, generator = '') => `${generator}
datasource db {
  provider = "postgresql"${datasource}
}

model Document {
  id    String @id @default(dbgenerated("uuid_generate_v4()")) @db.Uuid
  title String
  email String @db.Citext

  @@index([title(ops: raw("gin_trgm_ops"))], type: Gin)
}
`;
  const migration = `CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE "Document" (
  "id" UUID NOT NULL DEFAULT uuid_generate_v4(),
  "title" TEXT NOT NULL,
  "email" CITEXT NOT NULL,
  CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Document_title_idx" ON "Document" USING GIN ("title" gin_trgm_ops);
`;

  function project(name: string, schema: string): string {
    const dir = join(work, name);
    mkdirSync(join(dir, 'migrations', '0001_init'), { recursive: true });
    writeFileSync(join(dir, 'schema.prisma'), schema);
    writeFileSync(join(dir, 'migrations', '0001_init', 'migration.sql'), migration);
    return dir;
  }

  it('finds no difference, and names the extensions the models do not describe', async () => {
    const dir = project('undeclared', prisma(''));
    const result = await runCli(['compare', 'migrations:migrations', 'prisma:schema.prisma'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('extension (3): citext, pg_trgm, uuid-ossp');
    expect(result.stdout).toContain('No differences.');
  });

  it('keeps an extension the models declare, and leaves out only those they use without declaring', async () => {
    const generator =
      'generator client {\n  provider        = "prisma-client-js"\n  previewFeatures = ["postgresqlExtensions"]\n}\n';
    const dir = project('declared', prisma('\n  extensions = [citext]', generator));
    const result = await runCli(['dump', 'prisma:schema.prisma'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const schema = (JSON.parse(result.stdout) as { schema: { extensions: { name: string }[] } }).schema;
    expect(schema.extensions.map((x) => x.name)).toEqual(['citext']);
  });
});

describe('Prisma models calling a function of an extension kept in a schema of its own', () => {
  it('replay with the extension created in that schema, and compare with no difference', async () => {
    const dir = join(work, 'supabase');
    mkdirSync(join(dir, 'migrations', '0001_init'), { recursive: true });
    writeFileSync(
      join(dir, 'schema.prisma'),
      'datasource db {\n  provider = "postgresql"\n}\n\nmodel Profile {\n  id String @id @default(dbgenerated("extensions.uuid_generate_v4()")) @db.Uuid\n}\n',
    );
    writeFileSync(
      join(dir, 'migrations', '0001_init', 'migration.sql'),
      'CREATE SCHEMA extensions;\nCREATE EXTENSION "uuid-ossp" WITH SCHEMA extensions;\n' +
        'CREATE TABLE "Profile" ("id" UUID NOT NULL DEFAULT extensions.uuid_generate_v4(), CONSTRAINT "Profile_pkey" PRIMARY KEY ("id"));\n',
    );
    const result = await runCli(['compare', 'migrations:migrations', 'prisma:schema.prisma'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('extension (1): uuid-ossp');
    expect(result.stdout).toContain('No differences.');
  });
});

describe('a project whose migrations do not create the extensions its models use yet', () => {
  it('gets them created by migrate new --from-models, after which migrate check passes', async () => {
    const dir = join(work, 'new-project');
    mkdirSync(join(dir, 'migrations'), { recursive: true });
    writeFileSync(
      join(dir, 'schema.prisma'),
      'datasource db {\n  provider = "postgresql"\n}\n\nmodel Person {\n  id    Int    @id\n  email String @db.Citext\n}\n',
    );
    writeFileSync(join(dir, 'migrations', '0001_start.sql'), 'CREATE TABLE start (id integer PRIMARY KEY);\n');
    writeFileSync(
      join(dir, 'schemaguard.config.json'),
      JSON.stringify({ models: 'prisma:schema.prisma', migrations: { dir: 'migrations' } }),
    );
    const before = await runCli(['migrate', 'check'], { cwd: dir });
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/extension citext/);
    const made = await runCli(['migrate', 'new', 'person', '--from-models'], { cwd: dir });
    expect(made.code, made.stderr).toBe(0);
    const written = readFileSync(join(dir, made.stdout.trim()), 'utf8');
    expect(written.indexOf('CREATE EXTENSION IF NOT EXISTS citext')).toBeGreaterThan(-1);
    expect(written.indexOf('CREATE EXTENSION IF NOT EXISTS citext')).toBeLessThan(written.indexOf('CREATE TABLE'));
    const after = await runCli(['migrate', 'check'], { cwd: dir });
    expect(after.code, after.stdout + after.stderr).toBe(0);
  });
});

describe('drizzle models that use pgvector without creating it', () => {
  it('build with the vector column and its index, and no extension of their own', async () => {
    const models = join(import.meta.dirname, '..', '..', 'fixtures', 'drizzle', 'vector.ts');
    const result = await runCli(['dump', `drizzle:${models}`]);
    expect(result.code, result.stderr).toBe(0);
    const { schema } = JSON.parse(result.stdout) as {
      schema: { extensions: unknown[]; tables: { columns: { name: string; type: string }[]; indexes: unknown[] }[] };
    };
    expect(schema.extensions).toEqual([]);
    expect(schema.tables[0]?.columns.find((c) => c.name === 'embedding')?.type).toBe('public.vector(3)');
    expect(JSON.stringify(schema.tables[0]?.indexes)).toContain('public.vector_cosine_ops');
  });
});
