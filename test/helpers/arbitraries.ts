import fc from 'fast-check';
import type { ColumnDef, ConstraintDef, IndexDef, Schema, TableDef } from '../../src/schema/model.js';
import { emptySchema } from '../../src/schema/model.js';

/*
 * Generated schemas for property tests: tables with columns, constraints, indexes and
 * comments, and enums; each spelled the one way the server prints it.
 */

const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);

const column: fc.Arbitrary<ColumnDef> = fc.record(
  {
    name: identifier,
    type: fc.constantFrom(
      'integer',
      'text',
      'bigint',
      'character varying(40)',
      'timestamp with time zone',
      'public.mood',
    ),
    notNull: fc.boolean(),
    default: fc.constantFrom("'x'::text", 'now()', '0'),
    comment: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['name', 'type'] },
);

const check: fc.Arbitrary<ConstraintDef> = fc.record({
  name: identifier,
  type: fc.constant('check' as const),
  expression: fc.constantFrom('(a > 0)', "(b <> ''::text)", '(c IS NOT NULL)'),
});

const index: fc.Arbitrary<IndexDef> = fc.record(
  {
    name: identifier,
    method: fc.constantFrom('btree', 'hash', 'gin'),
    unique: fc.boolean(),
    keys: fc.array(fc.record({ column: identifier }), { minLength: 1, maxLength: 2 }),
    where: fc.constantFrom('(a > 0)', '(deleted_at IS NULL)'),
  },
  { requiredKeys: ['name', 'method', 'keys'] },
);

const table: fc.Arbitrary<TableDef> = fc.record(
  {
    schema: fc.constantFrom('public', 'app', 'Weird Schema'),
    name: identifier,
    columns: fc.uniqueArray(column, { selector: (c) => c.name, maxLength: 6 }),
    constraints: fc.uniqueArray(check, { selector: (c) => c.name, maxLength: 2 }),
    indexes: fc.uniqueArray(index, { selector: (i) => i.name, maxLength: 2 }),
    comment: fc.string({ maxLength: 20 }),
    unlogged: fc.boolean(),
  },
  { requiredKeys: ['schema', 'name', 'columns'] },
);

/** A generated schema. */
export const schemaArbitrary: fc.Arbitrary<Schema> = fc
  .record({
    tables: fc.uniqueArray(table, { selector: (t) => `${t.schema}.${t.name}`, maxLength: 8 }),
    enums: fc.uniqueArray(
      fc.record({
        schema: fc.constantFrom('public', 'app'),
        name: identifier,
        values: fc.array(identifier, { maxLength: 4 }),
      }),
      { selector: (e) => `${e.schema}.${e.name}`, maxLength: 3 },
    ),
  })
  .map(({ tables, enums }) => ({ ...emptySchema(), tables, enums }));

/** A pair of schemas where the second is the first with a few random edits, so that equal and unequal pairs are both common. */
export const schemaPairArbitrary: fc.Arbitrary<[Schema, Schema]> = schemaArbitrary.chain((a) =>
  fc
    .record({
      dropTable: fc.boolean(),
      retypeColumn: fc.boolean(),
      comment: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
      same: fc.boolean(),
    })
    .map(({ dropTable, retypeColumn, comment, same }) => {
      if (same || a.tables.length === 0) return [a, structuredClone(a)] as [Schema, Schema];
      let tables = [...a.tables];
      if (dropTable) tables = tables.slice(1);
      if (retypeColumn && tables[0]?.columns[0]) {
        const [first, ...rest] = tables[0].columns;
        tables[0] = {
          ...tables[0],
          columns: [{ ...first, type: first.type === 'text' ? 'integer' : 'text' }, ...rest],
        };
      }
      if (comment !== undefined && tables[0]) tables[0] = { ...tables[0], comment };
      return [a, { ...a, tables }] as [Schema, Schema];
    }),
);
