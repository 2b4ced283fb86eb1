/**
 * What MySQL's and MariaDB's changes risk, without a server: data loss for drops and
 * narrower types, failures for conversions, table rewrites (with the algorithm and lock in
 * the plan's hazard comment) for type changes but not for members appended to an ENUM.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeDraft } from '../../../src/diff/change.js';
import { diff } from '../../../src/diff/index.js';
import { renderPlanSql } from '../../../src/plan/render.js';
import { type ColumnDef, type Schema, type TableDef, emptySchema } from '../../../src/schema/model.js';
import { mysql } from '../../helpers/mysql-databases.js';

const schema = (...columns: ColumnDef[]): Schema => ({
  ...emptySchema(),
  schemas: [{ name: 'db' }],
  tables: [
    {
      schema: 'db',
      name: 't',
      columns: [{ name: 'id', type: 'int(11)', notNull: true }, ...columns],
      constraints: [{ type: 'primary key', name: 'PRIMARY', columns: ['id'] }],
      engine: 'InnoDB',
    } satisfies TableDef,
  ],
});

const column = (before: string, after: string): ChangeDraft => ({
  action: 'alter',
  objectType: 'column',
  path: 'db.t.c',
  table: 'db.t',
  before: { name: 'c', type: before },
  after: { name: 'c', type: after },
  attributes: [{ attribute: 'type', before, after }],
});

describe('MySQL hazards', () => {
  const empty = emptySchema();

  it('says which type changes lose data, which may fail and which rewrite the table', () => {
    expect(mysql.hazards(column('int(11)', 'bigint(20)'), empty, empty)).toEqual(['table-rewrite']);
    expect(mysql.hazards(column('bigint(20)', 'int(11)'), empty, empty)).toEqual([
      'data-loss',
      'may-fail',
      'table-rewrite',
    ]);
    expect(mysql.hazards(column('varchar(20)', 'varchar(10)'), empty, empty)).toContain('data-loss');
    expect(mysql.hazards(column('varchar(10)', 'text'), empty, empty)).toEqual(['table-rewrite']);
    expect(mysql.hazards(column('decimal(10,2)', 'decimal(8,2)'), empty, empty)).toContain('data-loss');
    expect(mysql.hazards(column('int(11)', 'int(10) unsigned'), empty, empty)).toContain('data-loss');
    expect(mysql.hazards(column("enum('a','b')", "enum('a')"), empty, empty)).toContain('data-loss');
    expect(mysql.hazards(column("enum('a','b')", "enum('a','b','c')"), empty, empty)).toEqual([]);
    const drop: ChangeDraft = { action: 'drop', objectType: 'table', path: 'db.t', table: 'db.t' };
    expect(mysql.hazards(drop, empty, empty)).toEqual(['data-loss']);
  });

  it("writes each ALTER TABLE's algorithm and lock in its hazard comment, none for metadata-only changes", () => {
    const from = schema({ name: 'c', type: "enum('a','b')" }, { name: 'n', type: 'int(11)' });
    const to = schema({ name: 'c', type: "enum('a','b','c')" }, { name: 'n', type: 'bigint(20)' });
    const sql = renderPlanSql(mysql.plan(diff(mysql, from, to), from, to));
    expect(sql).toContain(
      '-- hazard table-rewrite: enum members appended, column type on table db.t needs ALGORITHM=COPY, LOCK=SHARED: copies the table, blocks writes',
    );
    expect(sql).toContain("MODIFY COLUMN `c` enum('a','b','c') NULL");
    const appended = schema({ name: 'c', type: "enum('a','b','c')" }, { name: 'n', type: 'int(11)' });
    const cheap = renderPlanSql(mysql.plan(diff(mysql, from, appended), from, appended));
    expect(cheap).not.toContain('-- hazard');
    expect(cheap).toContain("ALTER TABLE `t`\n  MODIFY COLUMN `c` enum('a','b','c') NULL;");
  });
});
