import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/index.js';
import type { Schema, TableDef } from '../../src/schema/model.js';
import { emptySchema } from '../../src/schema/model.js';
import { postgres } from '../helpers/databases.js';

const table = (overrides: Partial<TableDef>): Schema => ({
  ...emptySchema(),
  tables: [
    {
      schema: 'public',
      name: 't',
      columns: [
        { name: 'id', type: 'integer', notNull: true },
        { name: 'email', type: 'text' },
      ],
      ...overrides,
    },
  ],
});

const summary = (from: Schema, to: Schema, options = {}) =>
  diff(postgres, from, to, options).map((c) => `${c.action} ${c.objectType} ${c.path} ${c.severity}`);

describe('compare options', () => {
  it('ignores column order unless --strict-column-order', () => {
    const a = table({});
    const b = table({
      columns: [
        { name: 'email', type: 'text' },
        { name: 'id', type: 'integer', notNull: true },
      ],
    });
    expect(summary(a, b)).toEqual([]);
    expect(summary(a, b, { ignoreColumnOrder: false })).toEqual(['alter table public.t warning']);
  });

  it('matches constraints and indexes by definition with --ignore-names', () => {
    const a = table({
      constraints: [{ name: 't_pkey', type: 'primary key', columns: ['id'] }],
      indexes: [{ name: 't_email_idx', method: 'btree', keys: [{ column: 'email' }] }],
    });
    const b = table({
      constraints: [{ name: 'pk_t', type: 'primary key', columns: ['id'] }],
      indexes: [{ name: 'ix_t_email', method: 'btree', keys: [{ column: 'email' }] }],
    });
    // The same definition under another name is a rename, a warning; no change at all under --ignore-names.
    expect(summary(a, b)).toEqual([
      'rename constraint public.t.pk_t warning',
      'rename index public.t.ix_t_email warning',
    ]);
    expect(summary(a, b, { ignoreNames: true })).toEqual([]);
    const different = table({ constraints: [{ name: 'pk_t', type: 'primary key', columns: ['email'] }] });
    expect(summary(a, different, { ignoreNames: true })).toContain('add constraint public.t.pk_t warning');
  });

  it('reports comments and privileges as info, and leaves them out when asked', () => {
    const a = table({ comment: 'old', grants: [{ grantee: 'app', privilege: 'SELECT' }] });
    const b = table({ comment: 'new', grants: [{ grantee: 'app', privilege: 'ALL' }] });
    expect(summary(a, b)).toEqual(['alter table public.t info']);
    expect(summary(a, b, { ignoreComments: true })).toEqual(['alter table public.t info']);
    expect(summary(a, b, { ignoreComments: true, ignorePrivileges: true })).toEqual([]);
    // One side read without privileges: nothing to compare.
    expect(summary(table({ comment: 'old' }), a)).toEqual([]);
  });

  it('reports a serial column against an identity column as a warning, not a breaking difference', () => {
    const serial: Schema = {
      ...table({
        columns: [{ name: 'id', type: 'integer', notNull: true, default: "nextval('public.t_id_seq'::regclass)" }],
      }),
      sequences: [
        {
          schema: 'public',
          name: 't_id_seq',
          type: 'integer',
          start: '1',
          increment: '1',
          min: '1',
          max: '2147483647',
          cache: '1',
          ownedBy: { schema: 'public', table: 't', column: 'id' },
        },
      ],
    };
    const identity = table({
      columns: [
        {
          name: 'id',
          type: 'integer',
          notNull: true,
          identity: {
            generation: 'BY DEFAULT',
            sequence: { type: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cache: '1' },
          },
        },
      ],
    });
    expect(summary(serial, identity).sort()).toEqual([
      'alter column public.t.id warning',
      'drop sequence public.t_id_seq warning',
    ]);
  });

  it('carries constraints and indexes along a column rename, as RENAME COLUMN does', () => {
    const schema = (column: string): Schema => ({
      ...emptySchema(),
      tables: [
        { schema: 'public', name: 'resource', columns: [{ name: 'id', type: 'integer', notNull: true }] },
        {
          schema: 'public',
          name: 't',
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: column, type: 'integer' },
          ],
          constraints: [
            {
              name: 't_ref_fkey',
              type: 'foreign key',
              columns: [column],
              references: { schema: 'public', table: 'resource', columns: ['id'] },
            },
            { name: 't_ref_key', type: 'unique', columns: [column] },
          ],
          indexes: [{ name: 't_ref_idx', method: 'btree', keys: [{ column }] }],
        },
      ],
    });
    const renamed = diff(postgres, schema('organization_id'), schema('resource_id'), {
      renames: ['public.t.organization_id=resource_id'],
    });
    expect(renamed.map((c) => `${c.action} ${c.objectType} ${c.path}`)).toEqual(['rename column public.t.resource_id']);
    // Without the rename, the column and everything on it differ.
    expect(diff(postgres, schema('organization_id'), schema('resource_id')).length).toBeGreaterThan(2);
  });

  it('rejects a rename of something that is not there', () => {
    expect(() => diff(postgres, table({}), table({}), { renames: ['public.t.nope=x'] })).toThrow(
      /there is no table or column public\.t\.nope/,
    );
  });

  it('compares types by family with --loose-types where the engine has families, as usual where it has none', () => {
    const a = table({});
    const b = table({
      columns: [
        { name: 'id', type: 'bigint', notNull: true },
        { name: 'email', type: 'text' },
      ],
    });
    const withFamilies = { ...postgres, equivalence: { ...postgres.equivalence, looseType: () => 'number' } };
    expect(diff(withFamilies, a, b).map((c) => c.path)).toEqual(['public.t.id']);
    expect(diff(withFamilies, a, b, { looseTypes: true })).toEqual([]);
    expect(summary(a, b, { looseTypes: true })).toEqual(['alter column public.t.id breaking']);
  });
});
