/** SQLite refs, the drivers and introspection, on real files, in-memory databases and libSQL's local files. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectForUrl } from '../../../src/dialects/index.js';
import { loadBetterSqlite, openLibsql, openSqlite } from '../../../src/dialects/sqlite/driver.js';
import { introspectSqlite } from '../../../src/dialects/sqlite/introspect.js';
import { parseSqliteRef } from '../../../src/dialects/sqlite/url.js';
import { sqliteLexer } from '../../../src/dialects/sqlite/lexer.js';
import type { SqliteDriver } from '../../../src/dialects/sqlite/driver.js';
import { canonicalize } from '../../../src/schema/canonical.js';
import { runCli } from '../../helpers/cli.js';
import { rowsOf, sqliteFileWith, tempFolder } from './helpers.js';

const FIXTURE = `
CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE UNIQUE,
  born INT DEFAULT (0) CHECK (born >= 0));
CREATE TABLE "Book" (id integer primary key, author_id INTEGER REFERENCES author ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  title text, price real default 1.5, slug TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL,
  total REAL AS (price * 2) STORED,
  CONSTRAINT price_pos CHECK (price > 0), UNIQUE (author_id, title)) STRICT;
CREATE TABLE tag (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE book_tag (book INTEGER, a TEXT, b TEXT, FOREIGN KEY (a, b) REFERENCES tag (a, b) ON UPDATE SET NULL,
  CONSTRAINT to_book FOREIGN KEY (book) REFERENCES BOOK);
CREATE INDEX book_title ON "Book" (title COLLATE NOCASE DESC, lower(title)) WHERE price > 1;
CREATE UNIQUE INDEX author_name_born ON author (name, born);
CREATE VIEW cheap AS SELECT title FROM "Book" WHERE price < 10;
CREATE TRIGGER touch AFTER UPDATE OF title ON "Book" FOR EACH ROW WHEN NEW.title <> OLD.title
BEGIN UPDATE "Book" SET price = price WHERE id = NEW.id; END;
`;

/** A driver that counts the statements it runs. */
function counting(driver: SqliteDriver): { driver: SqliteDriver; count: () => number } {
  let count = 0;
  const wrap = (inner: SqliteDriver): SqliteDriver => ({
    ...inner,
    query: (sql, params) => {
      count++;
      return inner.query(sql, params);
    },
    transaction: (mode, work, rollback) => inner.transaction(mode, (d) => work(wrap(d)), rollback),
  });
  return { driver: wrap(driver), count: () => count };
}

describe('SQLite refs', () => {
  it('takes sqlite:, file: and libsql:// refs, and names the file a ref names', () => {
    expect(dialectForUrl('sqlite:./app.db')?.name).toBe('sqlite');
    expect(dialectForUrl('file:./app.db')?.name).toBe('sqlite');
    expect(dialectForUrl('libsql://db.example.io')?.name).toBe('sqlite');
    expect(parseSqliteRef('sqlite:memory')).toEqual({ kind: 'memory' });
    expect(parseSqliteRef('sqlite::memory:')).toEqual({ kind: 'memory' });
    expect(parseSqliteRef('file:///tmp/x.db')).toEqual({ kind: 'file', path: '/tmp/x.db' });
    expect(parseSqliteRef('libsql://db.example.io?authTokenEnv=TURSO')).toEqual({
      kind: 'libsql',
      url: 'libsql://db.example.io',
      tokenVariable: 'TURSO',
    });
    expect(dialectForUrl('sqlite:./app.db')?.refs.folders?.folder('sqlite:./app.db')).toBe('./app.db');
    expect(dialectForUrl('sqlite:memory')?.refs.folders?.folder('sqlite:memory')).toBeUndefined();
  });

  it('says in one sentence how to install better-sqlite3 when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadBetterSqlite(() => Promise.reject(missing))).rejects.toThrow(
      'Reading SQLite databases needs better-sqlite3, which is not installed: npm i -D better-sqlite3@12.',
    );
    expect(typeof (await loadBetterSqlite())).toBe('function');
  });

  it('refuses an auth token written in a libSQL URL, without showing it', () => {
    const check = () => parseSqliteRef('libsql://db.example.io?authToken=s3cret');
    expect(check).toThrow(/holds an auth token: put it in LIBSQL_AUTH_TOKEN/);
    expect(check).not.toThrow(/s3cret/);
    expect(() => parseSqliteRef('libsql://db.example.io?mode=rw')).toThrow(
      /option mode, which schemaguard does not know/,
    );
    expect(() => parseSqliteRef('libsql://db.example.io?tls=no')).toThrow(/has tls=no: write tls=0/);
    // tls=0 (a server without TLS, such as a local sqld) is kept for @libsql/client; authTokenEnv is not.
    expect(parseSqliteRef('libsql://127.0.0.1:8080?tls=0&authTokenEnv=TURSO_TOKEN')).toEqual({
      kind: 'libsql',
      url: 'libsql://127.0.0.1:8080?tls=0',
      tokenVariable: 'TURSO_TOKEN',
    });
    expect(parseSqliteRef('libsql://db.example.io/')).toEqual({
      kind: 'libsql',
      url: 'libsql://db.example.io',
      tokenVariable: 'LIBSQL_AUTH_TOKEN',
    });
  });

  it('never creates a missing file: one sentence, exit 2', async () => {
    const folder = tempFolder();
    const result = await runCli(['dump', 'sqlite:./missing.db'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('schemaguard: The SQLite database file ./missing.db does not exist.');
    expect(existsSync(join(folder, 'missing.db'))).toBe(false);
  });

  it('splits scripts with trigger bodies into statements', () => {
    const statements = sqliteLexer.split(
      "CREATE TABLE a (x);\n-- c;\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN 1 THEN 'e;nd' END;\n  SELECT 1;\nEND;\nVACUUM",
    );
    expect(statements.map((s) => s.line)).toEqual([1, 3, 7]);
    expect(statements[1]?.sql).toMatch(/^CREATE TRIGGER[\s\S]*SELECT 1;\nEND$/);
    expect(sqliteLexer.nonTransactionalStatement('CREATE TABLE b (y); VACUUM')?.sql).toBe('VACUUM');
  });
});

describe('SQLite introspection', () => {
  it('reads tables, columns, constraints, indexes, views and triggers from a file', async () => {
    const path = sqliteFileWith(FIXTURE);
    const before = statSync(path).mtimeMs;
    const driver = await openSqlite(`sqlite:${path}`);
    const { schema, serverVersion } = await introspectSqlite(driver);
    await driver.close();
    expect(serverVersion).toMatch(/^3\.\d+\.\d+$/);
    expect(statSync(path).mtimeMs).toBe(before);
    expect(schema.schemas).toEqual([{ name: 'main' }]);
    const table = (name: string) => schema.tables.find((t) => t.name === name);
    expect(table('author')).toEqual({
      schema: 'main',
      name: 'author',
      columns: [
        { name: 'id', type: 'INTEGER', autoIncrement: true },
        { name: 'name', type: 'TEXT', notNull: true, collation: 'NOCASE' },
        { name: 'born', type: 'INT', default: '0' },
      ],
      constraints: [
        { type: 'check', name: 'author_born_check', expression: 'born >= 0' },
        { type: 'unique', name: 'author_name_key', columns: ['name'] },
        { type: 'primary key', name: 'author_pkey', columns: ['id'] },
      ],
      indexes: [
        { name: 'author_name_born', unique: true, method: 'btree', keys: [{ column: 'name' }, { column: 'born' }] },
      ],
    });
    const book = table('Book');
    expect(book?.strict).toBe(true);
    expect(book?.columns.slice(4)).toEqual([
      { name: 'slug', type: 'TEXT', generated: 'lower(title)', virtual: true },
      { name: 'total', type: 'REAL', generated: 'price * 2' },
    ]);
    expect(book?.constraints?.find((c) => c.type === 'foreign key')).toEqual({
      type: 'foreign key',
      name: 'Book_author_id_fkey',
      columns: ['author_id'],
      references: { schema: 'main', table: 'author', columns: ['id'] },
      onDelete: 'CASCADE',
      deferrable: true,
      initiallyDeferred: true,
    });
    expect(book?.indexes).toEqual([
      {
        name: 'book_title',
        method: 'btree',
        keys: [{ column: 'title', collation: 'NOCASE', descending: true }, { expression: 'lower(title)' }],
        where: 'price > 1',
      },
    ]);
    expect(book?.triggers).toEqual([
      {
        name: 'touch',
        timing: 'AFTER',
        events: ['UPDATE'],
        columns: ['title'],
        level: 'ROW',
        when: 'NEW.title <> OLD.title',
        body: 'BEGIN UPDATE "Book" SET price = price WHERE id = NEW.id; END',
      },
    ]);
    expect(table('tag')?.withoutRowid).toBe(true);
    expect(table('book_tag')?.constraints).toEqual([
      {
        type: 'foreign key',
        name: 'book_tag_a_b_fkey',
        columns: ['a', 'b'],
        references: { schema: 'main', table: 'tag', columns: ['a', 'b'] },
        onUpdate: 'SET NULL',
      },
      {
        type: 'foreign key',
        name: 'to_book',
        columns: ['book'],
        references: { schema: 'main', table: 'Book', columns: ['id'] },
      },
    ]);
    expect(schema.views).toEqual([
      {
        schema: 'main',
        name: 'cheap',
        definition: 'SELECT title FROM "Book" WHERE price < 10',
        columns: [{ name: 'title', type: 'TEXT' }],
      },
    ]);
  });

  it('reads a table made by CREATE TABLE … AS SELECT as its columns, and leaves virtual tables out', async () => {
    const path = sqliteFileWith(
      'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE copy AS SELECT id, v FROM t; CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)',
    );
    const driver = await openSqlite(`sqlite:${path}`);
    const { schema, notIncluded } = await introspectSqlite(driver);
    await driver.close();
    expect(schema.tables.map((t) => t.name)).toEqual(['copy', 't']);
    expect(schema.tables[0]?.columns).toEqual([
      { name: 'id', type: 'INT' },
      { name: 'v', type: 'TEXT' },
    ]);
    expect(notIncluded).toEqual({ 'virtual table': 1 });
  });

  it('describes every view it can when another calls a function the application registers at run time', async () => {
    // SQLite compiles a view to describe it; one it cannot (calibre's views call functions calibre
    // registers when it opens the file) used to leave every view without columns.
    const path = sqliteFileWith(`
      CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
      CREATE VIEW a_plain AS SELECT id, v FROM t;
      CREATE VIEW b_app AS SELECT app_sort(v) AS s FROM t;
      CREATE VIEW c_plain (n) AS SELECT count(*) FROM t;
    `);
    const driver = await openSqlite(`sqlite:${path}`);
    const { schema } = await introspectSqlite(driver);
    await driver.close();
    expect(schema.views.map((v) => [v.name, v.columns.map((c) => c.name)])).toEqual([
      ['a_plain', ['id', 'v']],
      ['b_app', []],
      ['c_plain', ['n']],
    ]);
  });

  it('reads any number of tables in the same number of queries, read-only', async () => {
    const counts: number[] = [];
    for (const tables of [1, 25]) {
      const ddl = Array.from(
        { length: tables },
        (_, i) => `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, r INTEGER REFERENCES t0, v TEXT UNIQUE);
         CREATE INDEX t${i}_v ON t${i} (v);`,
      ).join('\n');
      const driver = await openSqlite(`sqlite:${sqliteFileWith(ddl)}`);
      const { driver: counted, count } = counting(driver);
      const { schema } = await introspectSqlite(counted);
      expect(schema.tables).toHaveLength(tables);
      counts.push(count());
      // The read-only guard is lifted afterwards: the session can write again.
      await driver.exec('CREATE TABLE after_read (x)');
      await driver.close();
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(6);
  });

  it('reads from the CREATE text what the pragmas say: columns, index keys and foreign keys of every form', async () => {
    // Introspection reads columns, index keys and foreign keys from the text when it can (a
    // pragma call per table costs a statement of its own); here every form, compared with the pragmas.
    const path = sqliteFileWith(`
      CREATE TABLE e1 (
        a integer DEFAULT ( date( 'now' ) ),
        "b c" numeric ( 12 ,  2 )  DEFAULT - 1 NOT NULL ON CONFLICT ABORT,
        [d] Text DEFAULT +1.5, \`e\` varchar(3) DEFAULT 'a''b' COLLATE nocase, f DEFAULT CURRENT_TIMESTAMP,
        g DEFAULT abc, h int GENERATED ALWAYS AS (a + 1) STORED, i any, k DEFAULT TRUE,
        n unsigned big int default null, o TEXT AS (upper(e)),
        p INTEGER CONSTRAINT p_nn NOT NULL CONSTRAINT p_d DEFAULT 7, r BLOB DEFAULT -0x10,
        PRIMARY KEY (g, "B C" DESC));
      CREATE TABLE e5 (j DEFAULT x'00', l "int", m [my type], q TEXT DEFAULT "dq");
      CREATE TABLE e2 (id INTEGER PRIMARY KEY DESC, v TEXT COLLATE RTRIM);
      CREATE TABLE e3 (id INTEGER, w TEXT COLLATE nocase, PRIMARY KEY (id)) WITHOUT ROWID;
      CREATE TABLE e4 (x, y GENERATED ALWAYS AS (x * 2), z /* a comment */ TEXT -- and another
        NOT NULL DEFAULT '');
      CREATE INDEX e1_i1 ON e1 (e, "b c" DESC, lower(e) COLLATE rtrim, (a), 'g', a + 1, e COLLATE BINARY, E);
      CREATE INDEX e1_i2 ON e1 ((a));
      CREATE INDEX e1_i3 ON e1 ('g');
      CREATE INDEX e2_i1 ON e2 (v COLLATE NOCASE, upper(v COLLATE NOCASE), "V");
      CREATE INDEX e3_i1 ON e3 (W, w COLLATE binary);
      CREATE INDEX e4_i1 ON e4 (z) WHERE z <> '';
      CREATE INDEX e4_i2 ON e4 (lower(z) COLLATE BINARY, z || 'x' COLLATE nocase, upper(z) DESC);
      CREATE UNIQUE INDEX e4_i3 ON e4 (upper(z) DESC, x + 1, Y ASC);
      CREATE TABLE e6 (id INTEGER PRIMARY KEY, b, c, UNIQUE (b, c));
      CREATE TABLE e7 (a REFERENCES e6, b, c, d REFERENCES "e6"(id) ON DELETE CASCADE ON UPDATE SET NULL,
        FOREIGN KEY (B, c) REFERENCES E6 (b, c) MATCH FULL DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT e7_a FOREIGN KEY (a) REFERENCES [e6] ON UPDATE NO ACTION ON DELETE SET DEFAULT);
      CREATE TABLE e8 (id INTEGER PRIMARY KEY, up INTEGER CONSTRAINT e8_up REFERENCES e8 ON DELETE RESTRICT
        ON INSERT SET NULL NOT DEFERRABLE, "Mixed" TEXT, references_count INTEGER DEFAULT 0,
        FOREIGN KEY (MIXED) REFERENCES \`e6\` ("b") ON UPDATE SET DEFAULT DEFERRABLE INITIALLY IMMEDIATE);
      CREATE TABLE e9 (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'REFERENCES e6', e REFERENCES e6 /* REFERENCES */);
      CREATE TABLE e10 (k INTEGER, v TEXT, PRIMARY KEY (k)) WITHOUT ROWID;
      CREATE TABLE e11 (a, b, FOREIGN KEY (a, B) REFERENCES e10 ON DELETE CASCADE);
      CREATE TABLE e12 (a INT, b INT, FOREIGN KEY (a) REFERENCES e6(id) FOREIGN KEY (b) REFERENCES e8
        UNIQUE (a) ON CONFLICT REPLACE CONSTRAINT e12_b CHECK (b > 0) PRIMARY KEY (a, b));
    `);
    const driver = await openSqlite(`sqlite:${path}`);
    const sent: string[] = [];
    const { schema } = await introspectSqlite({
      ...driver,
      transaction: (mode, work, rollback) =>
        driver.transaction(
          mode,
          (inner) =>
            work({
              ...inner,
              query: (sql, params) => {
                sent.push(sql);
                return inner.query(sql, params);
              },
            }),
          rollback,
        ),
    });
    await driver.close();
    // The pragmas are asked only where the text leaves a doubt.
    const askedOf = (sql: string | undefined) =>
      /IN \(([^)]*)\)$/
        .exec(sql ?? '')?.[1]
        ?.split(', ')
        .sort();
    expect(askedOf(sent.find((sql) => sql.includes('pragma_table_xinfo') && sql.includes("type = 'table'")))).toEqual([
      "'e10'",
      "'e3'",
      "'e5'",
    ]);
    // e9's text names REFERENCES where there is no clause (a string, a comment): its keys are asked.
    expect(askedOf(sent.find((sql) => sql.includes('pragma_foreign_key_list')))).toEqual(["'e9'"]);
    expect(askedOf(sent.find((sql) => sql.includes('pragma_index_xinfo')))).toEqual([
      "'e1_i1'",
      "'e1_i2'",
      "'e1_i3'",
      "'e2_i1'",
      "'e4_i2'",
    ]);
    for (const table of schema.tables) {
      type Column = {
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
        hidden: number;
      };
      const pragma = rowsOf(path, `SELECT * FROM pragma_table_xinfo('${table.name}')`) as Column[];
      expect(
        table.columns.map((c) => [c.name, c.type, c.notNull ?? false, c.default ?? null, c.virtual ?? false]),
      ).toEqual(pragma.map((c) => [c.name, c.type, c.notnull === 1, c.dflt_value, c.hidden === 2]));
      const key = pragma.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      const primaryKey = table.constraints?.find((c) => c.type === 'primary key');
      expect(primaryKey && 'columns' in primaryKey ? primaryKey.columns : []).toEqual(key.map((c) => c.name));
      for (const index of table.indexes ?? []) {
        type Key = { cid: number; name: string | null; desc: number; coll: string };
        const keys = rowsOf(path, `SELECT * FROM pragma_index_xinfo('${index.name}') WHERE key = 1`) as Key[];
        expect(index.keys.map((k) => [k.column ?? null, k.descending ?? false])).toEqual(
          keys.map((k) => [k.cid >= 0 ? k.name : null, k.desc === 1]),
        );
        const collation = (k: (typeof index.keys)[number]) =>
          k.collation ?? table.columns.find((c) => c.name === k.column)?.collation ?? 'BINARY';
        expect(index.keys.map(collation)).toEqual(keys.map((k) => k.coll.toUpperCase()));
      }
      // The foreign keys: the pragma's columns, target, referenced columns (the target's primary
      // key where it gives none) and actions, whichever way the text writes them.
      type Reference = {
        id: number;
        table: string;
        from: string;
        to: string | null;
        on_update: string;
        on_delete: string;
      };
      const references = rowsOf(
        path,
        `SELECT * FROM pragma_foreign_key_list('${table.name}') ORDER BY id, seq`,
      ) as Reference[];
      const keyOf = (target: string) =>
        (schema.tables.find((t) => t.name.toLowerCase() === target.toLowerCase())?.constraints ?? [])
          .filter((c) => c.type === 'primary key')
          .flatMap((c) => ('columns' in c ? c.columns : []));
      const action = (text: string) => (text === 'NO ACTION' ? null : text);
      const fromPragma = [...new Set(references.map((r) => r.id))].map((id) => {
        const parts = references.filter((r) => r.id === id);
        const first = parts[0] as Reference;
        return JSON.stringify([
          parts.map((r) => r.from),
          first.table.toLowerCase(),
          first.to === null ? keyOf(first.table) : parts.map((r) => r.to),
          action(first.on_update),
          action(first.on_delete),
        ]);
      });
      const fromModel = (table.constraints ?? []).flatMap((c) =>
        c.type === 'foreign key'
          ? [
              JSON.stringify([
                c.columns,
                c.references.table.toLowerCase(),
                c.references.columns,
                c.onUpdate ?? null,
                c.onDelete ?? null,
              ]),
            ]
          : [],
      );
      expect(fromModel.sort(), table.name).toEqual(fromPragma.sort());
    }
    // Table constraints written without commas between them, as SQLite takes them.
    expect(schema.tables.find((t) => t.name === 'e12')?.constraints?.map((c) => `${c.name} ${c.type}`)).toEqual([
      'e12_a_fkey foreign key',
      'e12_a_key unique',
      'e12_b check',
      'e12_b_fkey foreign key',
      'e12_pkey primary key',
    ]);
    expect(schema.tables.find((t) => t.name === 'e8')?.constraints?.filter((c) => c.type === 'foreign key')).toEqual([
      {
        type: 'foreign key',
        name: 'e8_Mixed_fkey',
        columns: ['Mixed'],
        references: { schema: 'main', table: 'e6', columns: ['b'] },
        deferrable: true,
        onUpdate: 'SET DEFAULT',
      },
      {
        type: 'foreign key',
        name: 'e8_up',
        columns: ['up'],
        references: { schema: 'main', table: 'e8', columns: ['id'] },
        onDelete: 'RESTRICT',
      },
    ]);
    // Each foreign key keeps the name and deferrability written on it, even where two name the same columns.
    const e7 = schema.tables.find((t) => t.name === 'e7');
    expect(e7?.constraints?.filter((c) => c.type === 'foreign key')).toEqual([
      {
        type: 'foreign key',
        name: 'e7_a',
        columns: ['a'],
        references: { schema: 'main', table: 'e6', columns: ['id'] },
        onDelete: 'SET DEFAULT',
      },
      {
        type: 'foreign key',
        name: 'e7_a_fkey',
        columns: ['a'],
        references: { schema: 'main', table: 'e6', columns: ['id'] },
      },
      {
        type: 'foreign key',
        name: 'e7_b_c_fkey',
        columns: ['b', 'c'],
        references: { schema: 'main', table: 'e6', columns: ['b', 'c'] },
        deferrable: true,
        initiallyDeferred: true,
      },
      {
        type: 'foreign key',
        name: 'e7_d_fkey',
        columns: ['d'],
        references: { schema: 'main', table: 'e6', columns: ['id'] },
        onUpdate: 'SET NULL',
        onDelete: 'CASCADE',
      },
    ]);
    expect(schema.tables.flatMap((t) => t.indexes ?? []).length).toBe(8);
  });

  it('builds every table and view in canonical form, which snapshots take without a copy', async () => {
    // Introspection builds its objects with their members in canonical order and records them
    // as canonical (no copy is made of them): what a copy would give must be what they are.
    const path = sqliteFileWith(`${FIXTURE}
      CREATE TABLE e1 (a integer DEFAULT (0), b TEXT COLLATE nocase NOT NULL, c INTEGER PRIMARY KEY AUTOINCREMENT,
        d AS (a + 1) VIRTUAL, e REFERENCES author ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
        f TEXT NOT NULL DEFAULT 'x' COLLATE nocase, g TEXT COLLATE rtrim AS (upper(f)) STORED NOT NULL,
        UNIQUE (a, b), CHECK (a > 0));
      CREATE TABLE e2 (k TEXT, v ANY, PRIMARY KEY (k, v)) WITHOUT ROWID, STRICT;
      CREATE INDEX e1_x ON e1 (lower(b) DESC, a COLLATE rtrim, (a + 1)) WHERE a > 0;
      CREATE VIEW e1_v (x, y) AS SELECT a, b FROM e1;
      CREATE TRIGGER e1_v_t INSTEAD OF INSERT ON e1_v BEGIN SELECT 1; END;
    `);
    const driver = await openSqlite(`sqlite:${path}`);
    const { schema } = await introspectSqlite(driver);
    await driver.close();
    const objects = [...schema.tables, ...schema.views];
    expect(objects.length).toBeGreaterThan(6);
    for (const object of objects) {
      // A structured clone is not recorded as canonical: canonicalize copies it in canonical form.
      expect(JSON.stringify(object)).toBe(JSON.stringify(canonicalize(structuredClone(object))));
      expect(canonicalize(object)).toBe(object);
    }
  });

  it('reads the same schema through libSQL as through better-sqlite3', async () => {
    const path = sqliteFileWith(FIXTURE);
    const local = await openSqlite(`sqlite:${path}`);
    const expected = (await introspectSqlite(local)).schema;
    await local.close();
    const libsql = await openLibsql(`file:${path}`, undefined);
    const { schema, serverVersion } = await introspectSqlite(libsql);
    await libsql.close();
    expect(serverVersion).toMatch(/^3\./);
    expect(schema).toEqual(expected);
  });

  it('dumps an in-memory database and records the dialect and version', async () => {
    const result = await runCli(['dump', 'sqlite:memory']);
    expect(result.code).toBe(0);
    const snapshot = JSON.parse(result.stdout) as { dialect: string; meta: { serverVersion: string } };
    expect(snapshot.dialect).toBe('sqlite');
    expect(snapshot.meta.serverVersion).toMatch(/^3\./);
  });
});
