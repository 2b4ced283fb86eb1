/**
 * What applying migrations does, the same on every target of the conformance suite: order,
 * history rows, a failed migration rolled back (where DDL is transactional), a
 * non-transactional one resumed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MigrationFailedError, applyMigrations } from '../../../src/migrations/runner.js';
import { dialectByName } from '../../../src/dialects/index.js';
import { folder, history, tables } from '../../helpers/migration-runs.js';
import { selectedTargets } from './targets.js';

for (const target of selectedTargets()) {
  const { lexer } = dialectByName(target.dialect);
  const postgres = target.dialect === 'postgres';
  /** A table's name as the migrations write it: in `public` on PostgreSQL, in the connected database on MySQL. */
  const t = (name: string) => (postgres ? `public.${name}` : name);
  const files = (contents: Record<string, string>) => folder(contents, lexer);

  describe.runIf(target.available())(`migration runner on ${target.name}`, () => {
    const session = target.session();
    const open = () => session.fresh();
    afterAll(() => session.close());

    it('applies each pending migration once, in order, with its history row', async () => {
      const db = await open();
      const migrations = await files({
        '0001_a.sql': `CREATE TABLE ${t('a')} (id integer PRIMARY KEY);`,
        '0002_b.sql': `CREATE TABLE ${t('b')} (id integer REFERENCES ${t('a')} (id));`,
      });
      const first = await applyMigrations(db, migrations, { gitCommit: 'abc123' });
      expect(first.applied.map((a) => a.version)).toEqual(['0001', '0002']);
      expect(await tables(db)).toEqual(['a', 'b']);
      const rows = await history(db);
      expect(rows.map((r) => [r.version, r.success, r.git_commit])).toEqual([
        ['0001', true, 'abc123'],
        ['0002', true, 'abc123'],
      ]);
      expect(rows[0]?.checksum).toBe(migrations[0]?.checksum);
      expect(rows[0]?.applied_by).toMatch(/^.+@.+$/);
      expect((await applyMigrations(db, migrations)).applied).toEqual([]);
    });

    // Where DDL is transactional (PostgreSQL, SQLite) a migration runs in one transaction. MySQL's
    // DDL commits as it runs, so no migration is rolled back as a whole; what MySQL does instead
    // (stop at the failed statement, continue from it) is the next test.
    it.runIf(target.dialect !== 'mysql')(
      'rolls back a migration that fails in its third statement, records nothing, and applies it once fixed',
      async () => {
        const db = await open();
        const broken = await files({
          '0001_a.sql': `CREATE TABLE ${t('a')} (id integer PRIMARY KEY);`,
          '0002_b.sql': `CREATE TABLE ${t('b')} (id integer);\nINSERT INTO ${t('b')} VALUES (1);\nINSERT INTO ${t('missing')} VALUES (1);\n`,
        });
        const error = await applyMigrations(db, broken).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationFailedError);
        const missing = postgres ? 'relation "public\\.missing" does not exist' : 'no such table: missing';
        expect((error as Error).message).toMatch(
          new RegExp(
            `0002_b\\.sql, line 3 \\(INSERT INTO ${t('missing').replace('.', '\\.')} VALUES \\(1\\)\\), failed: ${missing}; the migration was not applied\\.`,
          ),
        );
        expect(await tables(db)).toEqual(['a']);
        expect((await history(db)).map((r) => r.version)).toEqual(['0001']);
        const fixed = await files({
          '0001_a.sql': `CREATE TABLE ${t('a')} (id integer PRIMARY KEY);`,
          '0002_b.sql': `CREATE TABLE ${t('b')} (id integer);\nINSERT INTO ${t('b')} VALUES (1);\n`,
        });
        expect((await applyMigrations(db, fixed)).applied.map((a) => a.version)).toEqual(['0002']);
        expect(await tables(db)).toEqual(['a', 'b']);
      },
    );

    it('continues a non-transactional migration from the statement after the last one that ran', async () => {
      const db = await open();
      await db.exec(`CREATE TABLE ${t('t')} (a integer, b integer)`);
      // Outside a transaction on PostgreSQL because of CONCURRENTLY; every MySQL DDL statement is;
      // on SQLite, a file with VACUUM (which no transaction can hold) runs statement by statement.
      const index = postgres ? 'CREATE INDEX CONCURRENTLY' : 'CREATE INDEX';
      const last = target.dialect === 'sqlite' ? 'VACUUM;\n' : '';
      const interrupted = await files({
        '0001_indexes.sql': `${index} t_a ON ${t('t')} (a);\n${index} t_b ON ${t('t')} (nope);\n${last}`,
      });
      expect(interrupted[0]?.transactional).toBe(false);
      await expect(applyMigrations(db, interrupted)).rejects.toThrow(/line 2/);
      expect((await history(db)).map((r) => [r.version, r.success, r.statements_done])).toEqual([['0001', false, 1]]);
      // Make the second statement valid and run the same file again: it resumes at the second statement;
      // building the first index again would fail, since it exists.
      await db.exec(`ALTER TABLE ${t('t')} ADD COLUMN nope integer`);
      const resumed: number[] = [];
      await applyMigrations(db, interrupted, {
        onEvent: (e) => (e.kind === 'start' ? resumed.push(e.resumeAt) : undefined),
      });
      expect(resumed).toEqual([1]);
      expect((await history(db)).map((r) => [r.success, r.statements_done])).toEqual([[true, last ? 3 : 2]]);
    });
  });
}
