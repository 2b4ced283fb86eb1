import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../../src/dialects/index.js';
import { postgresLexer, sqlTokens } from '../../../src/dialects/postgres/lexer.js';
import { normalizeLegacyViewDefinition } from '../../../src/dialects/postgres/view-definition.js';

/*
 * Migrations, SQL checks and view definitions used to be read by three splitters of their
 * own. These are the texts on which they disagreed; all three now read SQL through the
 * dialect's one lexer.
 */
describe('the PostgreSQL lexer', () => {
  const split = (sql: string) => postgresLexer.split(sql).map((s) => s.sql);

  it('is the one the dialect declares', () => {
    expect(dialectByName('postgres').lexer).toBe(postgresLexer);
  });

  it('keeps the semicolons of a BEGIN ATOMIC body inside its routine (the checks splitter cut there)', () => {
    const sql = `CREATE FUNCTION two() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
  SELECT CASE WHEN true THEN 2 END;
END;
SELECT two();`;
    expect(postgresLexer.split(sql)).toEqual([
      { sql: sql.slice(0, sql.lastIndexOf('END;') + 3), line: 1 },
      { sql: 'SELECT two()', line: 6 },
    ]);
  });

  it('keeps the semicolons inside parentheses, as psql does (the checks splitter cut there)', () => {
    expect(
      split('CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1'),
    ).toEqual([
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))',
      'SELECT 1',
    ]);
  });

  it('leaves comments before a statement out of its text (the checks splitter kept them)', () => {
    expect(split('-- which admins?\n/* all; of them */ SELECT 1 FROM admin;')).toEqual(['SELECT 1 FROM admin']);
  });

  it("reads E'' escapes, dollar quotes, nested comments and identifiers with $ alike everywhere", () => {
    expect(
      split("SELECT E'it\\'s; fine', $fn$ a; b $fn$, a$b$ FROM t /* x /* y; */ z; */ WHERE c = ';'; SELECT 2"),
    ).toEqual(["SELECT E'it\\'s; fine', $fn$ a; b $fn$, a$b$ FROM t /* x /* y; */ z; */ WHERE c = ';'", 'SELECT 2']);
  });

  it('gives view definitions tokens without comments, dollar quotes whole (the view tokenizer read into both)', () => {
    expect(sqlTokens("SELECT t.a -- it's, u\nFROM t WHERE b = $$x, y$$").map((t) => [t.kind, t.text])).toEqual([
      ['word', 'SELECT'],
      ['word', 't'],
      ['other', '.'],
      ['word', 'a'],
      ['word', 'FROM'],
      ['word', 't'],
      ['word', 'WHERE'],
      ['word', 'b'],
      ['other', '='],
      ['quoted', '$$x, y$$'],
    ]);
    // A comma in a comment no longer reads as a second FROM item.
    expect(normalizeLegacyViewDefinition(' SELECT t.a\n   FROM t -- , u\n')).toBe(' SELECT a\n   FROM t -- , u\n');
  });

  it('says which statements cannot run in a transaction, and which scripts run their own', () => {
    expect(postgresLexer.runsOutsideTransaction('CREATE INDEX CONCURRENTLY i ON t (a)')).toBe(true);
    expect(postgresLexer.runsOutsideTransaction('/* first */ VACUUM t')).toBe(true);
    expect(postgresLexer.runsOutsideTransaction('CREATE INDEX i ON t (a)')).toBe(false);
    expect(postgresLexer.controlsTransactions('BEGIN; SELECT 1; COMMIT;')).toBe(true);
    expect(
      postgresLexer.controlsTransactions("SELECT 'BEGIN'; CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END"),
    ).toBe(false);
    expect(postgresLexer.nonTransactionalStatement('SELECT 1;\nDROP INDEX CONCURRENTLY i;')).toEqual({
      sql: 'DROP INDEX CONCURRENTLY i',
      line: 2,
    });
  });

  it('finds every kind of statement kept out of a transaction in any case, between comments, after plain SQL', () => {
    const statements = [
      'create unique index/* c */concurrently i on t (a)',
      'drop index concurrently i',
      'reindex (verbose) table concurrently t',
      'reindex database d',
      'alter table t detach partition p concurrently',
      'vacuum t',
      'create database d',
      'drop tablespace s',
      'alter database d set tablespace s',
      'alter system set work_mem = 1',
      'create subscription s connection $$x$$ publication p',
      'begin',
      'start transaction',
      'commit',
      'end',
      'rollback',
      'abort',
    ];
    for (const statement of statements) {
      expect(postgresLexer.nonTransactionalStatement(`CREATE TABLE t (a int);\n${statement};`), statement).toEqual({
        sql: statement,
        line: 2,
      });
    }
    // Words inside strings, quoted names and longer words are not statements.
    expect(
      postgresLexer.nonTransactionalStatement(
        `SELECT 'vacuum', "commit" FROM ending; CREATE TABLE database_x (a int);`,
      ),
    ).toBeUndefined();
  });
});
