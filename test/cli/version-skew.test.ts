import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasServer } from '../helpers/databases.js';
import {
  type TargetDatabase,
  applyIn,
  embeddedTarget,
  migrationProject,
  serverTarget,
} from '../helpers/migration-project.js';
import { runCli } from '../helpers/cli.js';

/** Five extensions whose default version differs between PostgreSQL 15 and 18, and a table using them. */
const EXTENSIONS = `CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE TABLE public.member (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email citext NOT NULL UNIQUE,
  path ltree,
  room integer,
  during tstzrange,
  CONSTRAINT member_no_double_booking EXCLUDE USING gist (room WITH =, during WITH &&)
);
CREATE INDEX member_path_idx ON public.member USING gist (path);
CREATE VIEW public.member_sound AS SELECT id, soundex(email::text) AS code FROM public.member;
`;

/** One cache folder for the file's projects: the same migrations are replayed on a shadow database once. */
const CACHE = mkdtempSync(join(tmpdir(), 'sg-skew-cache-'));

const status = (dir: string) => runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
const check = (dir: string) => runCli(['check', '--env', 'production'], { cwd: dir });
const count = (text: string, pattern: RegExp) =>
  text.match(new RegExp(pattern.source, `${pattern.flags}g`))?.length ?? 0;

const targets: [string, () => Promise<TargetDatabase>, boolean, boolean][] = [
  ['the PostgreSQL server (another major version than the shadow)', () => serverTarget('sgskew'), hasServer(), true],
  ['embedded PostgreSQL 18 (the shadow version)', embeddedTarget, true, false],
];

describe.each(targets)('extensions created by migrations, on %s', (_, target, runs, skewed) => {
  it.runIf(runs)(
    'migrate apply, migrate status and check pass, and a column added by hand is still drift',
    async () => {
      const db = await target();
      try {
        const dir = migrationProject(db.url, { '0001_extensions.sql': EXTENSIONS }, { cacheDir: CACHE });
        const applied = await applyIn(dir, '--yes');
        expect(applied.code, applied.stderr).toBe(0);
        expect(applied.stderr).toMatch(/6\. post-verify: passed/);
        if (skewed) {
          // The note once per command, however often the database is compared; each extension once.
          expect(count(applied.stderr, /^note: the migrations were replayed on PostgreSQL 18/m)).toBe(1);
          expect(applied.stderr).toMatch(/the database runs 15\.\d+: everything is compared except/);
          expect(
            count(
              applied.stderr,
              /^info: extension pgcrypto: 1\.4 on PostgreSQL 18\.\d+, 1\.3 on PostgreSQL 15\.\d+: not compared across versions$/m,
            ),
          ).toBe(1);
        } else {
          expect(applied.stderr).not.toMatch(/note: the migrations were replayed|not compared/);
        }

        const clean = await status(dir);
        expect(clean.code, clean.stdout + clean.stderr).toBe(0);
        expect(clean.stdout).toMatch(/No drift/);
        if (skewed) {
          for (const name of ['pgcrypto', 'citext', 'btree_gist', 'ltree', 'fuzzystrmatch'])
            expect(clean.stdout).toMatch(new RegExp(`^info: extension ${name}: .*not compared across versions$`, 'm'));
        }
        const passed = await check(dir);
        expect(passed.code, passed.stdout + passed.stderr).toBe(0);
        expect(passed.stdout).toMatch(/✓ migrations: migration status: 1 applied, no drift/);
        const verified = await runCli(['verify', '--env', 'production', '--models', 'migrations:migrations'], {
          cwd: dir,
        });
        expect(verified.code, verified.stdout + verified.stderr).toBe(0);
        expect(verified.stdout).toMatch(/No differences\./);
        if (skewed) {
          expect(verified.stderr).toMatch(/^note: the models were built on PostgreSQL 18\.\d+, the database runs 15/m);
          expect(verified.stdout).toMatch(/^info: extension ltree: 1\.2 on PostgreSQL 15\.\d+, 1\.3 on PostgreSQL 18/m);
        }

        await db.use((client) => client.exec('ALTER TABLE public.member ADD COLUMN nickname text'));
        const drift = await status(dir);
        expect(drift.code).toBe(1);
        expect(drift.stdout).toMatch(/\+ column nickname/);
        expect(drift.stdout).not.toMatch(/[+~-] extension/);
        expect(drift.stdout).toMatch(/1 drifted/);
        const failed = await check(dir);
        expect(failed.code).toBe(1);
        expect(failed.stdout).toMatch(/drift: the database has column public\.member\.nickname/);
      } finally {
        await db.drop();
      }
    },
    300_000,
  );
});

describe.runIf(hasServer())('an extension version the migrations pin, on the PostgreSQL server', () => {
  it('is compared across versions: an update made by hand is drift', async () => {
    const db = await serverTarget('sgpin');
    try {
      const dir = migrationProject(
        db.url,
        { '0001_citext.sql': "CREATE EXTENSION citext VERSION '1.5';\n" },
        { cacheDir: CACHE },
      );
      const applied = await applyIn(dir, '--yes');
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stderr).not.toMatch(/info: extension citext/);
      await db.use((client) => client.exec('ALTER EXTENSION citext UPDATE'));
      const drift = await status(dir);
      expect(drift.code).toBe(1);
      expect(drift.stdout).toMatch(/~ extension citext {2}version: 1\.5 → 1\.6/);
    } finally {
      await db.drop();
    }
  }, 300_000);
});
