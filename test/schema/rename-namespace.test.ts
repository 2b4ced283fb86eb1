import { describe, expect, it } from 'vitest';
import { emptySchema, type Schema } from '../../src/schema/model.js';
import { namesIn, renameNamespace } from '../../src/schema/rename-namespace.js';

/** A schema-per-tenant tenant's objects as introspection prints them (empty `search_path`). */
function tenant(): Schema {
  return {
    ...emptySchema(),
    schemas: [{ name: 'tenant_0042', comment: 'tenant 42' }, { name: 'tenant_00421' }],
    enums: [{ schema: 'tenant_0042', name: 'mood', values: ['tenant_0042.happy', 'sad'] }],
    sequences: [
      {
        schema: 'tenant_0042',
        name: 't_id_seq',
        type: 'integer',
        start: '1',
        increment: '1',
        min: '1',
        max: '2147483647',
        cache: '1',
        ownedBy: { schema: 'tenant_0042', table: 't', column: 'id' },
      },
    ],
    tables: [
      {
        schema: 'tenant_0042',
        name: 't',
        comment: 'copied from tenant_0042.t',
        columns: [
          { name: 'id', type: 'integer', notNull: true, default: "nextval('tenant_0042.t_id_seq'::regclass)" },
          { name: 'm', type: 'tenant_0042.mood[]' },
          { name: 'tenant_0042_x', type: 'tenant_00421.mood' },
          { name: 'q', type: '"tenant_0042".mood', default: `'"tenant_0042".t'::regclass` },
        ],
        constraints: [
          {
            type: 'check',
            name: 'c',
            expression: "(m <> ARRAY['sad'::tenant_0042.mood]) AND tenant_0042_x IS NOT NULL",
          },
          {
            type: 'foreign key',
            name: 'fk',
            columns: ['id'],
            references: { schema: 'tenant_0042', table: 'u', columns: ['id'] },
          },
        ],
        indexes: [
          { name: 'i', method: 'btree', keys: [{ expression: 'tenant_0042.f(id)' }], where: '(x.tenant_0042.y)' },
        ],
        triggers: [
          {
            name: 'tr',
            timing: 'BEFORE',
            events: ['INSERT'],
            level: 'ROW',
            function: 'tenant_0042.touch',
            when: '(new.tenant_0042 IS NULL)',
          },
        ],
        policies: [
          { name: 'p', command: 'ALL', roles: ['PUBLIC'], using: '(id IN ( SELECT u.id FROM tenant_0042.u))' },
        ],
        dependsOn: ['type:tenant_0042.mood', 'function:tenant_0042.f(integer)', 'type:tenant_00421.mood'],
      },
    ],
    views: [
      {
        schema: 'tenant_0042',
        name: 'v',
        definition: ' SELECT id FROM tenant_0042.t WHERE (m = ANY (other.tenant_0042))',
        columns: [{ name: 'id', type: 'integer' }],
        dependsOn: ['table:tenant_0042.t'],
      },
    ],
    functions: [
      {
        schema: 'tenant_0042',
        name: 'f',
        kind: 'function',
        identityArguments: 'x tenant_0042.mood',
        arguments: "x tenant_0042.mood DEFAULT 'happy'::tenant_0042.mood",
        returns: 'SETOF tenant_0042.t',
        language: 'plpgsql',
        body: 'BEGIN RETURN QUERY SELECT * FROM TENANT_0042.t JOIN "TENANT_0042".u USING (id) WHERE note = \'tenant_0042\'; END',
        config: ['search_path=tenant_0042, public', 'search_path="tenant_0042"', 'work_mem=tenant_0042'],
      },
    ],
    publications: [{ name: 'pub', schemas: ['tenant_0042', 'other'], publish: ['insert'] }],
  };
}

describe('renameNamespace', () => {
  const renamed = renameNamespace(tenant(), 'tenant_0042', 'public');

  it('renames the namespace and every object schema, not another that starts alike', () => {
    expect(renamed.schemas).toEqual([{ name: 'public', comment: 'tenant 42' }, { name: 'tenant_00421' }]);
    expect(renamed.enums[0]?.schema).toBe('public');
    expect(renamed.sequences[0]?.schema).toBe('public');
    expect(renamed.sequences[0]?.ownedBy).toEqual({ schema: 'public', table: 't', column: 'id' });
    expect(renamed.tables[0]?.constraints?.[1]).toMatchObject({ references: { schema: 'public', table: 'u' } });
    expect(renamed.publications?.[0]?.schemas).toEqual(['public', 'other']);
  });

  it('rewrites qualified references in types, defaults and string literals, not names or comments', () => {
    const [table] = renamed.tables;
    expect(table?.columns).toEqual([
      { name: 'id', type: 'integer', notNull: true, default: "nextval('public.t_id_seq'::regclass)" },
      { name: 'm', type: 'public.mood[]' },
      { name: 'tenant_0042_x', type: 'tenant_00421.mood' },
      { name: 'q', type: '"public".mood', default: `'"public".t'::regclass` },
    ]);
    expect(table?.comment).toBe('copied from tenant_0042.t');
    expect(renamed.enums[0]?.values).toEqual(['tenant_0042.happy', 'sad']);
  });

  it('rewrites check, index, trigger, policy and view definitions at name boundaries', () => {
    const [table] = renamed.tables;
    expect(table?.constraints?.[0]).toMatchObject({
      expression: "(m <> ARRAY['sad'::public.mood]) AND tenant_0042_x IS NOT NULL",
    });
    // `x.tenant_0042.y` is a field of a column, not a schema.
    expect(table?.indexes?.[0]).toMatchObject({ keys: [{ expression: 'public.f(id)' }], where: '(x.tenant_0042.y)' });
    expect(table?.triggers?.[0]).toMatchObject({ function: 'public.touch', when: '(new.tenant_0042 IS NULL)' });
    expect(table?.policies?.[0]?.using).toBe('(id IN ( SELECT u.id FROM public.u))');
    expect(renamed.views[0]?.definition).toBe(' SELECT id FROM public.t WHERE (m = ANY (other.tenant_0042))');
  });

  it('rewrites object keys', () => {
    expect(renamed.tables[0]?.dependsOn).toEqual([
      'type:public.mood',
      'function:public.f(integer)',
      'type:tenant_00421.mood',
    ]);
    expect(renamed.views[0]?.dependsOn).toEqual(['table:public.t']);
  });

  it('rewrites function signatures, bodies (a quoted name by its case only) and search_path settings', () => {
    expect(renamed.functions[0]).toMatchObject({
      schema: 'public',
      identityArguments: 'x public.mood',
      arguments: "x public.mood DEFAULT 'happy'::public.mood",
      returns: 'SETOF public.t',
      body: 'BEGIN RETURN QUERY SELECT * FROM public.t JOIN "TENANT_0042".u USING (id) WHERE note = \'tenant_0042\'; END',
      config: ['search_path=public, public', 'search_path="public"', 'work_mem=tenant_0042'],
    });
  });

  it('quotes a new name that needs it, and writes one renamed from a quoted name as it needs', () => {
    const schema = renameNamespace(tenant(), 'tenant_0042', 'Tenant A');
    expect(schema.tables[0]?.columns[1]?.type).toBe('"Tenant A".mood[]');
    expect(schema.tables[0]?.dependsOn?.[0]).toBe('type:"Tenant A".mood');
    const back = renameNamespace(schema, 'Tenant A', 'public');
    expect(back.tables[0]?.columns.map((c) => c.type)).toEqual([
      'integer',
      'public.mood[]',
      'tenant_00421.mood',
      'public.mood',
    ]);
    expect(back.tables[0]?.dependsOn?.[0]).toBe('type:public.mood');
  });

  it('returns the schema itself for the same name', () => {
    const schema = tenant();
    expect(renameNamespace(schema, 'tenant_0042', 'tenant_0042')).toBe(schema);
  });

  it('renames back only the objects of the schema, not the other objects of the name it was read as', () => {
    // A tenant read as `public` that also uses public's own objects: an extension's type and function.
    const schema: Schema = {
      ...renamed,
      tables: renamed.tables.map((t) => ({
        ...t,
        columns: [...t.columns, { name: 'email', type: 'public.citext', default: 'public.uuid_generate_v4()' }],
        constraints: [
          ...(t.constraints ?? []),
          {
            type: 'foreign key',
            name: 'self',
            columns: ['id'],
            references: { schema: 'public', table: 't', columns: ['id'] },
          },
        ],
      })),
    };
    const names = namesIn(schema, 'public');
    expect([...names].sort()).toEqual(['f', 'mood', 't', 't_id_seq', 'v']);
    const back = renameNamespace(schema, 'public', 'tenant_0042', { only: names });
    const [table] = back.tables;
    expect(table?.schema).toBe('tenant_0042');
    expect(table?.columns.slice(0, 2)).toEqual(tenant().tables[0]?.columns.slice(0, 2));
    expect(table?.columns.at(-1)).toEqual({
      name: 'email',
      type: 'public.citext',
      default: 'public.uuid_generate_v4()',
    });
    expect(table?.constraints?.map((c) => c.type === 'foreign key' && c.references.schema)).toEqual([
      false,
      // `u` is not one of the tenant's tables: the one of `public`.
      'public',
      'tenant_0042',
    ]);
    expect(table?.dependsOn).toEqual(tenant().tables[0]?.dependsOn);
    expect(back.sequences[0]?.ownedBy).toEqual({ schema: 'tenant_0042', table: 't', column: 'id' });
    expect(back.functions[0]?.returns).toBe('SETOF tenant_0042.t');
  });
});
