/**
 * The SQLite planner on real files: for each pair of the corpus, in both directions, the plan
 * applied to a database of one side with rows in it gives a database that reads back equal to
 * the other side, and every row of a table both sides have survives with its rowid and the
 * values of the columns both sides have alike.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../../src/dialects/index.js';
import type { Connection } from '../../../src/dialects/dialect.js';
import { canonicalSqliteType } from '../../../src/dialects/sqlite/equivalence.js';
import { diff, reverseRenames } from '../../../src/diff/index.js';
import { applyPlan } from '../../../src/plan/apply.js';
import type { Schema, TableDef } from '../../../src/schema/model.js';
import { SQLITE_PAIRS, type SqlitePair } from './pair-corpus.js';
import { rowsOf, sqliteFileWith, tempFolder } from './helpers.js';

const sqlite = dialectByName('sqlite');

/** The schema of a file, read through the dialect. */
async function schemaOf(path: string): Promise<Schema> {
  const connection = await sqlite.connect(`sqlite:${path}`);
  try {
    return (await connection.introspect()).schema;
  } finally {
    await connection.close();
  }
}

/** Whether a table keeps rowids of its own (not WITHOUT ROWID). */
const hasRowid = (table: TableDef) => !table.withoutRowid;

/** The rows to compare of a table: by rowid where both sides have one, else sorted. */
function rowsToCompare(path: string, table: string, columns: readonly string[], rowid: boolean): unknown[] {
  const list = [...(rowid ? ['rowid AS "rowid"'] : []), ...columns.map((c) => `"${c}"`)].join(', ') || 'count(*)';
  const rows = rowsOf(path, `SELECT ${list} FROM "${table}"`) as Record<string, unknown>[];
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** Applies the plan from one side to the other on a file of the first holding its rows; returns what to check. */
async function migrate(pair: SqlitePair, direction: 'A→B' | 'B→A') {
  const [fromSql, toSql, rows, renames] =
    direction === 'A→B'
      ? [pair.a, pair.b, pair.rowsA, pair.renames ?? []]
      : [pair.b, pair.a, pair.rowsB, reverseRenames(pair.renames ?? [])];
  const folder = tempFolder();
  const file = sqliteFileWith(`${fromSql};\n${rows ?? ''}`, folder, 'from.db');
  const from = await schemaOf(file);
  const to = await schemaOf(sqliteFileWith(toSql, folder, 'to.db'));
  const changes = diff(sqlite, from, to, { renames });
  const plan = sqlite.plan(changes, from, to);

  // What each table of `from` holds now, in the columns it keeps alike.
  const renamedTable = new Map(
    renames
      .filter((r) => r.split('=')[0]?.split('.').length === 2)
      .map((r) => [r.split('=')[0]?.split('.')[1], r.split('=')[1]]),
  );
  const renamedColumn = new Map(
    renames
      .filter((r) => r.split('=')[0]?.split('.').length === 3)
      .map((r) => [r.split('=')[0]?.split('.').slice(1).join('.'), r.split('=')[1]]),
  );
  const expectations = from.tables.flatMap((before) => {
    const name = renamedTable.get(before.name) ?? before.name;
    const after = to.tables.find((t) => t.name === name);
    if (!after) return [];
    const alike = before.columns.flatMap((c) => {
      const target = after.columns.find((a) => a.name === (renamedColumn.get(`${before.name}.${c.name}`) ?? c.name));
      if (!target || c.generated !== undefined || target.generated !== undefined) return [];
      if (canonicalSqliteType(c.type) !== canonicalSqliteType(target.type)) return [];
      if (target.notNull && !c.notNull) return [];
      return [{ before: c.name, after: target.name }];
    });
    const rowid = hasRowid(before) && hasRowid(after);
    return [
      {
        table: name,
        count: (rowsOf(file, `SELECT count(*) AS n FROM "${before.name}"`)[0] as { n: number }).n,
        rows: rowsToCompare(
          file,
          before.name,
          alike.map((a) => a.before),
          rowid,
        )
          .map((r) => r as string)
          .map((r) => renameKeys(r, alike)),
        columns: alike.map((a) => a.after),
        rowid,
      },
    ];
  });

  let connection: Connection | undefined;
  try {
    connection = await sqlite.connect(`sqlite:${file}`);
    await applyPlan(connection, plan);
  } finally {
    await connection?.close();
  }
  return { file, to, changes, plan, expectations };
}

/** A row's JSON with its keys renamed as the columns are. */
function renameKeys(json: string, alike: readonly { before: string; after: string }[]): string {
  const row = JSON.parse(json) as Record<string, unknown>;
  const renamed = Object.fromEntries(
    Object.entries(row).map(([key, value]) => [alike.find((a) => a.before === key)?.after ?? key, value]),
  );
  return JSON.stringify(renamed);
}

describe('SQLite plans on real files', () => {
  it('has a corpus of twenty pairs or more', () => {
    expect(SQLITE_PAIRS.length).toBeGreaterThanOrEqual(20);
  });

  for (const pair of SQLITE_PAIRS) {
    for (const direction of ['A→B', 'B→A'] as const) {
      it(`${pair.name} (${direction})`, async () => {
        const { file, to, changes, plan, expectations } = await migrate(pair, direction);
        expect(changes.length).toBeGreaterThan(0);
        // The database reads back as the target schema.
        const after = await schemaOf(file);
        expect(diff(sqlite, after, to).map((c) => `${c.action} ${c.objectType} ${c.path}`)).toEqual([]);
        // Every row survives, with its rowid and the values of the columns kept alike.
        for (const expected of expectations) {
          const count = (rowsOf(file, `SELECT count(*) AS n FROM "${expected.table}"`)[0] as { n: number }).n;
          expect(count, expected.table).toBe(expected.count);
          expect(rowsToCompare(file, expected.table, expected.columns, expected.rowid), expected.table).toEqual(
            expected.rows.sort(),
          );
        }
        // Foreign keys hold.
        expect(rowsOf(file, 'SELECT * FROM pragma_foreign_key_check')).toEqual([]);
        if (direction === 'A→B' && pair.rebuildsAtoB) {
          const rebuilt = plan.statements
            .filter((s) => s.hazards.some((h) => h.hazard === 'table-rewrite'))
            .map((s) => s.change);
          expect(rebuilt).toEqual(pair.rebuildsAtoB);
        }
      });
    }
  }

  it('withholds a rebuild that drops a column whole under --safe, and the rest still applies', async () => {
    const folder = tempFolder();
    const file = sqliteFileWith(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, code TEXT UNIQUE); INSERT INTO t VALUES (1, 'one', 'c1')",
      folder,
      'from.db',
    );
    const from = await schemaOf(file);
    const to = await schemaOf(
      sqliteFileWith(
        'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE u (id INTEGER PRIMARY KEY)',
        folder,
        'to.db',
      ),
    );
    const plan = sqlite.plan(diff(sqlite, from, to), from, to, { safe: true });
    expect(plan.withheld.map((s) => s.sql.split(' (')[0])).toEqual([
      'CREATE TABLE schemaguard_new_t',
      'INSERT INTO schemaguard_new_t',
      'DROP TABLE t;',
      'ALTER TABLE schemaguard_new_t RENAME TO t;',
    ]);
    expect(plan.statements.some((s) => s.sql.includes('schemaguard_new_t'))).toBe(false);
    const connection = await sqlite.connect(`sqlite:${file}`);
    try {
      await applyPlan(connection, plan);
    } finally {
      await connection.close();
    }
    expect(diff(sqlite, await schemaOf(file), to).map((c) => `${c.action} ${c.objectType} ${c.path}`)).toEqual([
      'drop column main.t.code',
      'drop constraint main.t.t_code_key',
    ]);
    expect(rowsOf(file, 'SELECT * FROM t')).toEqual([{ id: 1, v: 'one', code: 'c1' }]);
  });

  it('renames a rebuilt table the legacy way only when a trigger of another table names it, and applies either way', async () => {
    const folder = tempFolder();
    const tables =
      'CREATE TABLE item (id INTEGER PRIMARY KEY, qty INTEGER); CREATE TABLE log (id INTEGER PRIMARY KEY, item_id INTEGER);';
    const audit =
      'CREATE TRIGGER log_item AFTER INSERT ON log BEGIN UPDATE "Item" SET qty = qty + 1 WHERE id = NEW.item_id; END;';
    for (const withTrigger of [false, true]) {
      const extra = withTrigger ? audit : '';
      const file = sqliteFileWith(
        `${tables} ${extra} INSERT INTO item VALUES (1, 5)`,
        folder,
        `from-${withTrigger}.db`,
      );
      const from = await schemaOf(file);
      const to = await schemaOf(
        sqliteFileWith(
          `${tables.replace('qty INTEGER', 'qty INTEGER CHECK (qty >= 0)')} ${extra}`,
          folder,
          `to-${withTrigger}.db`,
        ),
      );
      const plan = sqlite.plan(diff(sqlite, from, to), from, to);
      const legacy = plan.statements.filter((s) => s.sql.startsWith('PRAGMA legacy_alter_table'));
      expect(legacy.map((s) => s.sql)).toEqual(
        withTrigger ? ['PRAGMA legacy_alter_table = ON;', 'PRAGMA legacy_alter_table = OFF;'] : [],
      );
      const connection = await sqlite.connect(`sqlite:${file}`);
      try {
        await applyPlan(connection, plan);
      } finally {
        await connection.close();
      }
      expect(diff(sqlite, await schemaOf(file), to)).toEqual([]);
      expect(rowsOf(file, 'SELECT * FROM item')).toEqual([{ id: 1, qty: 5 }]);
    }
  });

  it('fails the whole rebuild, changing nothing, when the copied rows break a foreign key', async () => {
    const folder = tempFolder();
    const file = sqliteFileWith(
      'PRAGMA foreign_keys = OFF; CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER); INSERT INTO c VALUES (1, 99)',
      folder,
      'from.db',
    );
    const from = await schemaOf(file);
    const to = await schemaOf(
      sqliteFileWith(
        'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p)',
        folder,
        'to.db',
      ),
    );
    const plan = sqlite.plan(diff(sqlite, from, to), from, to);
    const connection = await sqlite.connect(`sqlite:${file}`);
    try {
      await expect(applyPlan(connection, plan)).rejects.toThrow(/foreign_keys_violated_by_the_rebuild/);
    } finally {
      await connection.close();
    }
    expect(diff(sqlite, await schemaOf(file), from)).toEqual([]);
    expect(rowsOf(file, 'SELECT * FROM c')).toEqual([{ id: 1, p_id: 99 }]);
    expect(join(folder, 'from.db')).toBe(file);
  });
});
