import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../../src/dialects/postgres/index.js';
import { columnLocality } from '../../../src/dialects/postgres/inheritance.js';
import { diff } from '../../../src/diff/index.js';
import { type ColumnDef, type Schema, type TableDef, emptySchema } from '../../../src/schema/model.js';

const parent: TableDef = {
  schema: 'public',
  name: 'employee',
  columns: [
    { name: 'id', type: 'integer', notNull: true },
    { name: 'title', type: 'text' },
  ],
};

/** The child public.manager, with `local` naming the parent's columns it declares itself. */
function child(...local: string[]): TableDef {
  const inherited = (name: string): ColumnDef => ({
    ...(parent.columns.find((c) => c.name === name) as ColumnDef),
    ...(local.includes(name) ? {} : { inherited: true }),
  });
  return {
    schema: 'public',
    name: 'manager',
    inherits: [{ schema: 'public', table: 'employee' }],
    columns: [inherited('id'), inherited('title'), { name: 'reports', type: 'integer' }],
  };
}

const schema = (manager: TableDef): Schema => ({ ...emptySchema(), tables: [parent, manager] });

describe('a child column declared on the child or only inherited (attislocal)', () => {
  it('is a difference, as a warning', () => {
    const changes = diff(postgresDialect, schema(child()), schema(child('title')));
    expect(changes.map((c) => `${c.action} ${c.path} ${c.severity} ${c.attributes?.map((a) => a.attribute)}`)).toEqual([
      'alter public.manager.title warning inherited',
    ]);
  });

  it.each([
    [[], ['title'], 'rebuild'],
    [['title'], [], 'rebuild'],
    [[], ['id', 'title'], 'reattach'],
    [['title'], ['id', 'title'], 'reattach'],
    [['id', 'title'], ['title'], 'rebuild'],
    [['title'], ['title'], undefined],
  ])('from local %j to local %j: %s', (before, after, expected) => {
    expect(columnLocality(child(...before), child(...after))).toBe(expected);
  });
});
