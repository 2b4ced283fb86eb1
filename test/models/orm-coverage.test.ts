import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergedEnumOrder } from '../../src/sources/models/coverage.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { hasServer } from '../helpers/databases.js';
import { type TargetDatabase, embeddedTarget, serverTarget } from '../helpers/migration-project.js';

/*
 * Models are compared the way their ORM compares them: what the model language cannot
 * express is listed as "not described by the models", never a difference nor dropped;
 * enum values keep the order ADD VALUE gave them; ORM names of constraints and indexes are
 * renames. --strict-models (or strictModels) compares everything.
 */

const PRISMA = `datasource db {
  provider = "postgresql"
}

enum Mood {
  happy
  sad
  ok

  @@map("mood")
}

model Author {
  id    Int    @id
  email String @unique
  mood  Mood?
  posts Post[]

  @@map("author")
}

model Post {
  id       Int    @id
  authorId Int    @map("author_id")
  author   Author @relation(fields: [authorId], references: [id])
  title    String
  tags     String[]

  @@map("post")
}
`;

/** Hand-written migrations for the Prisma models, with what Prisma cannot express. */
const PRISMA_MIGRATIONS = {
  '0001_init.sql': `CREATE TYPE public.mood AS ENUM ('happy', 'sad');
CREATE TABLE public.author (
  id integer PRIMARY KEY,
  email text NOT NULL CONSTRAINT author_email_key UNIQUE,
  mood public.mood,
  CONSTRAINT author_id_positive CHECK (id > 0)
);
CREATE TABLE public.post (id integer PRIMARY KEY, author_id integer NOT NULL, title text NOT NULL, tags text[] NOT NULL);
ALTER TABLE public.post ADD CONSTRAINT post_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.author (id) ON UPDATE CASCADE ON DELETE RESTRICT;
`,
  '0002_ok.sql': `ALTER TYPE public.mood ADD VALUE 'ok' BEFORE 'sad';
`,
  '0003_database_side.sql': `CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER post_touch BEFORE UPDATE ON public.post FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE VIEW public.author_emails AS SELECT id, email FROM public.author;
ALTER TABLE public.post ENABLE ROW LEVEL SECURITY;
CREATE POLICY post_all ON public.post USING (true);
CREATE SEQUENCE public.invoice_number;
COMMENT ON TABLE public.author IS 'people who write';
`,
};

const DRIZZLE_MIGRATIONS = {
  '0001_init.sql': `CREATE TYPE public.mood AS ENUM ('happy', 'sad');
CREATE TABLE public.author (id integer PRIMARY KEY, email text NOT NULL UNIQUE, mood public.mood);
CREATE TABLE public.post (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES public.author (id), title text NOT NULL);
CREATE INDEX post_author_id_idx ON public.post (author_id);
`,
  '0002_ok.sql': `ALTER TYPE public.mood ADD VALUE 'ok' BEFORE 'sad';
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER post_touch BEFORE UPDATE ON public.post FOR EACH ROW EXECUTE FUNCTION public.touch();
`,
};

/** One cache folder for the file's projects: the same models and migrations are built and replayed once. */
const CACHE = mkdtempSync(join(tmpdir(), 'sg-orm-cache-'));

function project(models: string, migrations: Record<string, string>, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-orm-'));
  mkdirSync(join(dir, 'migrations'));
  for (const [name, sql] of Object.entries(migrations)) writeFileSync(join(dir, 'migrations', name), sql);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({ models, migrations: { dir: 'migrations', format: 'plain' }, cacheDir: CACHE }),
  );
  return dir;
}

/** The migrations run in order on the target database. */
async function migrate(target: TargetDatabase, migrations: Record<string, string>): Promise<void> {
  await target.use(async (db) => {
    for (const sql of Object.values(migrations)) await db.exec(sql);
  });
}

describe('Prisma models against migrations with what Prisma cannot express', () => {
  it('lists functions, triggers, views, RLS, checks, sequences, comments, enum order and array nullability as not described, and passes', async () => {
    const dir = project('prisma:./schema.prisma', PRISMA_MIGRATIONS, { 'schema.prisma': PRISMA });
    const check = await runCli(['migrate', 'check'], { cwd: dir });
    expect(check.code, `${check.stdout}${check.stderr}`).toBe(0);
    expect(check.stdout).toMatch(/Not described by the prisma models, so not compared/);
    for (const line of [
      'function (1): public.touch()',
      'trigger (1): public.post.post_touch',
      'view (1): public.author_emails',
      'policy (1): public.post.post_all',
      'row-level security (1): public.post',
      'check constraint (1): public.author.author_id_positive',
      'sequence (1): public.invoice_number',
      'comment (1): public.author',
      'enum value order (1): public.mood',
      // A scalar list is a nullable array to Prisma, which does not compare an array's NOT NULL.
      'array nullability (1): public.post.tags',
    ]) {
      expect(check.stdout).toContain(line);
    }
    expect(check.stdout).toMatch(/they match the models/);

    const none = await runCli(['migrate', 'new', 'sync', '--from-models'], { cwd: dir });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toMatch(/The migrations already match the models: no migration written/);

    // Strict: every one of them is a difference, and the migration would drop them and rebuild the enum.
    const strict = await runCli(['migrate', 'check', '--strict-models', '--format', 'json'], { cwd: dir });
    expect(strict.code).toBe(1);
    const sql = JSON.parse(strict.stdout).sql as string;
    expect(sql).toMatch(/DROP FUNCTION public\.touch\(\);/);
    expect(sql).toMatch(/DROP VIEW public\.author_emails;/);
    expect(sql).toMatch(/CREATE TYPE public\.mood AS ENUM \('happy', 'sad', 'ok'\);/);
  }, 600_000);

  for (const where of ['PGlite', 'server'] as const) {
    it.runIf(where === 'PGlite' || hasServer())(
      `verify --fix writes nothing for a database built from those migrations (${where})`,
      async () => {
        const target = where === 'PGlite' ? await embeddedTarget() : await serverTarget('sgorm');
        try {
          await migrate(target, PRISMA_MIGRATIONS);
          const dir = project('prisma:./schema.prisma', PRISMA_MIGRATIONS, { 'schema.prisma': PRISMA });
          const verify = await runCli(['verify', '--db', target.url, '--fix', '--output', 'fix.sql'], { cwd: dir });
          expect(verify.code, `${verify.stdout}${verify.stderr}`).toBe(0);
          expect(verify.stderr).toMatch(/The database matches the models: no migration written/);
          const strict = await runCli(['verify', '--db', target.url, '--strict', '--format', 'sql'], { cwd: dir });
          expect(strict.code).toBe(1);
          expect(strict.stdout).toMatch(/DROP TRIGGER post_touch ON public\.post;/);
        } finally {
          await target.drop();
        }
      },
      600_000,
    );
  }
});

describe('drizzle models with drizzle names against migrations with PostgreSQL names', () => {
  const models = join(import.meta.dirname, '..', 'fixtures', 'drizzle', 'orm-names.ts');

  it('plans the missing migration as renames only; written, it makes migrate check pass', async () => {
    const dir = project(`drizzle:${models}`, DRIZZLE_MIGRATIONS);
    const check = await runCli(['migrate', 'check', '--format', 'json'], { cwd: dir });
    expect(check.code, check.stderr).toBe(1);
    const result = JSON.parse(check.stdout) as {
      sql: string;
      differences: { differences: { fix: string; action: string; path: string; hazards: string[] }[] };
    };
    expect(result.differences.differences.map((d) => `${d.fix} ${d.path} ${d.hazards.join(',')}`).sort()).toEqual([
      'rename constraint public.author.author_email_unique ',
      'rename constraint public.post.post_author_id_author_id_fk ',
      'rename index public.post.post_author_idx ',
    ]);
    const statements = result.sql.split('\n').filter((l) => /^[A-Z]/.test(l));
    expect(statements.sort()).toEqual([
      'ALTER INDEX public.post_author_id_idx RENAME TO post_author_idx;',
      'ALTER TABLE public.author RENAME CONSTRAINT author_email_key TO author_email_unique;',
      'ALTER TABLE public.post RENAME CONSTRAINT post_author_id_fkey TO post_author_id_author_id_fk;',
    ]);
    expect(check.stdout).not.toMatch(/DROP|CREATE TYPE/);

    const text = await runCli(['migrate', 'check'], { cwd: dir });
    expect(text.stdout).toMatch(
      /> constraint author_email_key → author_email_unique \[warning\]\n\s+fix: rename constraint, no hazard/,
    );
    expect(text.stdout).toMatch(/function \(1\): public\.touch\(\)/);
    expect(text.stdout).toMatch(/enum value order \(1\): public\.mood/);

    const fixed = await runCli(['migrate', 'check', '--fix', '--name', 'drizzle_names'], { cwd: dir });
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(readdirSync(join(dir, 'migrations'))).toContain('0003_drizzle_names.sql');
    expect(readFileSync(join(dir, 'migrations', '0003_drizzle_names.sql'), 'utf8')).not.toMatch(/DROP/);
    const again = await runCli(['migrate', 'check'], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
  }, 600_000);

  for (const where of ['PGlite', 'server'] as const) {
    it.runIf(where === 'PGlite' || hasServer())(
      `verify reads an empty database as tables the fix creates, with no hazard (${where})`,
      async () => {
        const target = where === 'PGlite' ? await embeddedTarget() : await serverTarget('sgorm');
        try {
          const dir = project(`drizzle:${models}`, DRIZZLE_MIGRATIONS);
          const empty = await runCli(['verify', '--db', target.url, '--format', 'json'], { cwd: dir });
          const report = JSON.parse(empty.stdout) as {
            differences: { fix: string; hazards: string[]; severity: string }[];
          };
          expect(report.differences.map((d) => `${d.fix}: ${d.hazards.join(',') || 'none'}`).sort()).toEqual([
            'create enum: none',
            'create table: none',
            'create table: none',
          ]);
          await migrate(target, DRIZZLE_MIGRATIONS);
          await target.use(async (db) => {
            await db.exec('ALTER TABLE public.post ALTER COLUMN title DROP NOT NULL, ADD COLUMN legacy text');
            await db.exec("ALTER TYPE public.mood ADD VALUE 'meh'");
          });
          const drift = await runCli(['verify', '--db', target.url], { cwd: dir });
          expect(drift.stdout).toMatch(
            /~ column title {2}nullable → not null \[breaking\]\n\s+fix: alter column, may-fail, long-lock/,
          );
          expect(drift.stdout).toMatch(/- column legacy \[warning\]\n\s+fix: drop column, data-loss/);
          expect(drift.stdout).toMatch(/> constraint post_author_id_fkey → post_author_id_author_id_fk \[warning\]/);
          expect(drift.stdout).toMatch(/~ enum public\.mood {2}values: removed meh \[warning\]/);
        } finally {
          await target.drop();
        }
      },
      600_000,
    );
  }
});

describe('enum values in the order the other side has them', () => {
  it('keeps the other order and places new values after their predecessor in the models', () => {
    expect(mergedEnumOrder(['happy', 'sad', 'ok'], ['happy', 'ok', 'sad'])).toEqual(['happy', 'ok', 'sad']);
    expect(mergedEnumOrder(['a', 'new', 'b', 'c'], ['c', 'b', 'a'])).toEqual(['c', 'b', 'a', 'new']);
    expect(mergedEnumOrder(['first', 'a'], ['a'])).toEqual(['first', 'a']);
    expect(mergedEnumOrder(['a', 'b'], ['a', 'gone', 'b'])).toEqual(['a', 'b']);
  });
});

describe('errors of the SQL generated from models', () => {
  it('name the model file and line of the statement that fails (drizzle)', async () => {
    const models = join(import.meta.dirname, '..', 'fixtures', 'drizzle', 'unknown-type.ts');
    const result = await runCli(['dump', `drizzle:${models}`]);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(
      /fail on the shadow database: type "no_such_type" does not exist; the statement for "gadget" \(.*unknown-type\.ts, line 8\) is: CREATE TABLE "gadget"/,
    );
  }, 300_000);

  it('name the Prisma file and line of the model, or show the generated statement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-orm-'));
    writeFileSync(
      join(dir, 'schema.prisma'),
      `datasource db {\n  provider = "postgresql"\n}\n\nmodel Gadget {\n  id   Int @id\n  part Unsupported("no_such_type")?\n}\n`,
    );
    const result = await runCli(['dump', 'prisma:./schema.prisma'], { cwd: dir });
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(
      /type "no_such_type" does not exist; the statement for "Gadget" \(schema\.prisma, line 5\) is: CREATE TABLE ("public"\.)?"Gadget"/,
    );
  }, 300_000);
});
