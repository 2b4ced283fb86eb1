/** The diagram model (nodes, edges, clusters, neighbourhoods) and its Mermaid and DOT writers. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { diagramOf, neighbourhood, picturesOf, renderDot, renderMermaid } from '../../src/diagram/index.js';
import type { TableDef } from '../../src/schema/model.js';
import { type CompareReport, renderMarkdown } from '../../src/report/compare.js';
import { mermaidProblems } from './mermaid-grammar.js';

const users: TableDef = {
  schema: 'public',
  name: 'users',
  columns: [
    { name: 'id', type: 'integer', notNull: true },
    { name: 'email', type: 'text', notNull: true },
    { name: 'name', type: 'text' },
  ],
  constraints: [
    { type: 'primary key', name: 'users_pkey', columns: ['id'] },
    { type: 'unique', name: 'users_email_key', columns: ['email'] },
  ],
};
const orders: TableDef = {
  schema: 'shop',
  name: 'orders',
  columns: [
    { name: 'id', type: 'bigint', notNull: true },
    { name: 'user_id', type: 'integer', notNull: true },
    { name: 'note', type: 'character varying(40)' },
  ],
  constraints: [
    { type: 'primary key', name: 'orders_pkey', columns: ['id'] },
    {
      type: 'foreign key',
      name: 'orders_user_id_fkey',
      columns: ['user_id'],
      references: { schema: 'public', table: 'users', columns: ['id'] },
    },
  ],
};
const invoices: TableDef = {
  schema: 'shop',
  name: 'invoices',
  columns: [{ name: 'order_id', type: 'bigint', notNull: true }],
  constraints: [
    { type: 'primary key', name: 'invoices_pkey', columns: ['order_id'] },
    {
      type: 'foreign key',
      name: 'invoices_order_id_fkey',
      columns: ['order_id'],
      references: { schema: 'shop', table: 'orders', columns: ['id'] },
    },
  ],
};
/** A name Mermaid cannot take bare, a nullable foreign key, an array type. */
const odd: TableDef = {
  schema: 'odd.name',
  name: 'weird "t" 100%',
  columns: [
    { name: 'my col', type: 'integer', notNull: true },
    { name: 'tags', type: 'text[]' },
    { name: 'owner', type: 'integer' },
  ],
  constraints: [
    { type: 'primary key', name: 'weird_pkey', columns: ['my col'] },
    {
      type: 'foreign key',
      name: 'weird_owner_fkey',
      columns: ['owner'],
      references: { schema: 'public', table: 'users', columns: ['id'] },
    },
  ],
};
const log: TableDef = { schema: 'public', name: 'log', columns: [{ name: 'msg', type: 'text' }] };
const tables = [orders, log, odd, invoices, users];

describe('the diagram model', () => {
  const diagram = diagramOf({ tables });

  it('has a node per table, sorted, with its key columns only', () => {
    expect(diagram.nodes.map((n) => n.id)).toEqual([
      'odd.name.weird "t" 100%',
      'public.log',
      'public.users',
      'shop.invoices',
      'shop.orders',
    ]);
    const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
    expect(byId.get('public.users')?.columns.map((c) => [c.name, c.keys])).toEqual([
      ['id', ['PK']],
      ['email', ['UK']],
    ]);
    expect(byId.get('shop.invoices')?.columns.map((c) => c.keys)).toEqual([['PK', 'FK']]);
    expect(byId.get('public.log')?.columns).toEqual([]);
  });

  it('has an edge per foreign key, its cardinality from nullability and uniqueness', () => {
    expect(diagram.edges.map((e) => [e.from, e.to, e.parent, e.child, e.identifying])).toEqual([
      ['odd.name.weird "t" 100%', 'public.users', 'zero-or-one', 'zero-or-many', false],
      ['shop.invoices', 'shop.orders', 'one', 'zero-or-one', true],
      ['shop.orders', 'public.users', 'one', 'zero-or-many', false],
    ]);
  });

  it('has a cluster per schema', () => {
    expect(diagram.clusters).toEqual([
      { schema: 'odd.name', nodes: ['odd.name.weird "t" 100%'] },
      { schema: 'public', nodes: ['public.log', 'public.users'] },
      { schema: 'shop', nodes: ['shop.invoices', 'shop.orders'] },
    ]);
  });

  it('draws an edge only when both its tables are drawn', () => {
    const part = diagramOf({ tables }, { tables: new Set(['shop.orders', 'shop.invoices']) });
    expect(part.edges.map((e) => e.name)).toEqual(['invoices_order_id_fkey']);
  });

  it('is the same whatever the order of the tables', () => {
    expect(diagramOf({ tables: [...tables].reverse() })).toEqual(diagram);
  });
});

describe('neighbourhood', () => {
  it('is the tables and those they reference or are referenced by, directly', () => {
    const around = neighbourhood({ tables }, ['shop.orders']);
    expect([...around.tables]).toEqual(['shop.orders', 'public.users', 'shop.invoices']);
    expect(around.omitted).toEqual([]);
    // users' neighbours: both tables that reference it, not invoices (two steps away).
    expect([...neighbourhood({ tables }, ['public.users']).tables]).toEqual([
      'public.users',
      'odd.name.weird "t" 100%',
      'shop.orders',
    ]);
  });

  it('is capped: the centre first, the rest named', () => {
    const around = neighbourhood({ tables }, ['public.users', 'no.such'], 2);
    expect([...around.tables]).toEqual(['public.users', 'odd.name.weird "t" 100%']);
    expect(around.omitted).toEqual(['shop.orders']);
  });
});

describe('picturesOf', () => {
  it('is one picture of a small schema', () => {
    expect(picturesOf({ tables }).map((p) => p.title)).toEqual(['all tables']);
  });

  it('is a picture per schema and a neighbourhood per table of a large one, each capped', () => {
    const pictures = picturesOf({ tables }, 2);
    expect(pictures.map((p) => p.title)).toEqual([
      'schema odd.name',
      'schema public',
      'schema shop',
      'table odd.name.weird "t" 100%',
      'table public.log',
      'table public.users',
      'table shop.invoices',
      'table shop.orders',
    ]);
    const byTitle = new Map(pictures.map((p) => [p.title, p.diagram]));
    expect(byTitle.get('schema shop')?.edges.map((e) => e.name)).toEqual(['invoices_order_id_fkey']);
    // users and its neighbours (odd, orders), two at most: the last named.
    expect(byTitle.get('table public.users')?.nodes.map((n) => n.id)).toEqual([
      'odd.name.weird "t" 100%',
      'public.users',
    ]);
    expect(byTitle.get('table public.users')?.omitted).toEqual(['shop.orders']);
    expect(byTitle.get('table public.log')?.nodes.map((n) => n.id)).toEqual(['public.log']);
  });
});

describe('the Mermaid writer', () => {
  it('writes an erDiagram with quoted entity names, plain attribute types and crow’s-foot relationships', () => {
    expect(renderMermaid(diagramOf({ tables }))).toBe(`erDiagram
  "odd.name.weird _t_ 100_" {
    integer my_col PK "my col"
    integer owner FK
  }
  "public.log"
  "public.users" {
    integer id PK
    text email UK
  }
  "shop.invoices" {
    bigint order_id PK, FK
  }
  "shop.orders" {
    bigint id PK
    integer user_id FK
  }
  "public.users" |o..o{ "odd.name.weird _t_ 100_" : "owner"
  "shop.orders" ||--o| "shop.invoices" : "order_id"
  "public.users" ||..o{ "shop.orders" : "user_id"
`);
  });

  it('writes types and names Mermaid takes: letters, digits, _ and -', () => {
    const t: TableDef = {
      schema: 'main',
      name: 't',
      columns: [
        { name: '1st', type: 'character varying(40)' },
        { name: 'a', type: 'text[]' },
        { name: 'b', type: 'numeric(10, 2)' },
      ],
      constraints: [{ type: 'unique', name: 'u', columns: ['1st', 'a', 'b'] }],
    };
    const text = renderMermaid(diagramOf({ tables: [t] }));
    expect(text).toContain('    character_varying_40 _1st UK "1st"\n');
    expect(text).toContain('    text_array a UK\n');
    expect(text).toContain('    numeric_10_2 b UK\n');
    for (const line of text.split('\n').filter((l) => l.startsWith('    '))) {
      expect(line).toMatch(/^ {4}[A-Za-z_][\w-]* [A-Za-z_][\w-]* (PK|FK|UK)(, (PK|FK|UK))*( "[^"]*")?$/);
    }
  });

  it('writes only lines of the grammar, whatever the names', () => {
    const nasty: TableDef = {
      schema: 'x',
      name: 'direction LR',
      columns: [
        { name: 'pk', type: 'uk', notNull: true },
        { name: 'Fk', type: 'integer' },
        { name: 'a~b~c', type: 'List~int~' },
        { name: '%%', type: '"quoted"' },
        { name: 'new\nline', type: 'double precision' },
      ],
      constraints: [
        { type: 'primary key', name: 'p', columns: ['pk'] },
        { type: 'unique', name: 'u', columns: ['a~b~c', '%%', 'new\nline'] },
        {
          type: 'foreign key',
          name: 'f',
          columns: ['Fk'],
          references: { schema: 'x', table: 'direction LR', columns: ['pk'] },
        },
      ],
    };
    const weird: TableDef = { schema: 'a"b', name: 'c%d\\e\nf', columns: [] };
    for (const t of [...tables, nasty, weird]) {
      const text = renderMermaid(
        diagramOf({ tables: [...tables, nasty, weird] }, { marks: new Map([[`${t.schema}.${t.name}`, 'changed']]) }),
      );
      expect(mermaidProblems(text)).toEqual([]);
    }
    // The check itself refuses what Mermaid's lexer would misread.
    expect(mermaidProblems('erDiagram\n  "a" {\n    int pk PK\n    x y UK "a~b~"\n  }\n  a\n')).toEqual([
      '    int pk PK',
      '    x y UK "a~b~"',
      '  a',
    ]);
    const text = renderMermaid(diagramOf({ tables: [nasty] }));
    expect(text).toContain('    uk_ pk_ PK "pk"\n');
    expect(text).toContain('    quoted _ UK "% %"\n');
    expect(text).toContain('  "x.direction_LR" |o..o{ "x.direction_LR" : "Fk"\n');
  });

  it('tells apart names that became the same', () => {
    const a: TableDef = { schema: 'main', name: 'a"b', columns: [] };
    const b: TableDef = { schema: 'main', name: 'a_b', columns: [] };
    expect(renderMermaid(diagramOf({ tables: [a, b] }))).toBe('erDiagram\n  "main.a_b"\n  "main.a_b #2"\n');
  });

  it('leaves out partitions: their partitioned table stands for them', () => {
    const part: TableDef = {
      ...orders,
      name: 'orders_2024',
      partitionOf: { schema: 'shop', table: 'orders', bound: 'DEFAULT' },
    };
    const diagram = diagramOf({ tables: [...tables, part] });
    expect(diagram.nodes.map((n) => n.id)).not.toContain('shop.orders_2024');
    expect(diagram.edges.map((e) => e.from)).not.toContain('shop.orders_2024');
    expect([...neighbourhood({ tables: [...tables, part] }, ['public.users']).tables]).not.toContain(
      'shop.orders_2024',
    );
  });

  it('names the tables left out', () => {
    const around = neighbourhood({ tables }, ['public.users'], 1);
    const text = renderMermaid(diagramOf({ tables }, { tables: around.tables, omitted: around.omitted }));
    expect(text).toContain('  %% left out: odd.name.weird "t" 100%, shop.orders\n');
  });
});

describe('the DOT writer', () => {
  const dot = renderDot(diagramOf({ tables }));

  it('writes a subgraph cluster per schema with generated ids and escaped HTML labels', () => {
    expect(dot.startsWith('digraph schema {\n')).toBe(true);
    expect(dot.endsWith('}\n')).toBe(true);
    expect(dot.match(/subgraph cluster_\d+ \{/g)).toHaveLength(3);
    expect(dot).toContain('    label="odd.name";\n');
    expect(dot).toContain('<b>weird &quot;t&quot; 100%</b>');
    expect(dot).toContain('tooltip="odd.name.weird \\"t\\" 100%"');
    // Every < of an HTML label is a tag: the names' own are escaped.
    const labels = [...dot.matchAll(/label=<(.*)>, tooltip/g)].map((m) => m[1] ?? '');
    expect(labels).toHaveLength(5);
    for (const l of labels) expect(l.replace(/<\/?(table|tr|td|b|i)\b[^<>]*>/g, '')).not.toMatch(/[<>]/);
  });

  it('draws a foreign key from the referencing column to the referenced one, with crow’s-foot ends', () => {
    // t3 = shop.invoices, t4 = shop.orders, t2 = public.users (the nodes in sorted order).
    expect(dot).toContain(
      '  t3:c0 -> t4:c0 [dir=both, arrowhead=teetee, arrowtail=teeodot, tooltip="invoices_order_id_fkey"];\n',
    );
    expect(dot).toContain(
      '  t4:c1 -> t2:c0 [dir=both, arrowhead=teetee, arrowtail=crowodot, style=dashed, tooltip="orders_user_id_fkey"];\n',
    );
  });

  // Graphviz itself, where it is installed (not on every machine the tests run on).
  const graphviz = spawnSync('dot', ['-V']).status === 0;
  // CI installs Graphviz (.ci/run): there a missing dot fails instead of skipping.
  if (!graphviz && process.env.SCHEMAGUARD_TEST_REQUIRE_SERVERS === '1') {
    throw new Error('SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 but Graphviz (dot) is missing: apt-get install graphviz.');
  }
  it.skipIf(!graphviz)('is read by Graphviz without a warning', () => {
    const result = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('<svg');
  });

  it('has balanced braces and quotes', () => {
    const outside = dot
      .replace(/"(\\.|[^"\\])*"/g, '""')
      .replace(/<<.*?>>/g, '""')
      .replace(/ -> /g, ' ');
    expect(outside.split('{').length).toBe(outside.split('}').length);
    expect(outside).not.toMatch(/[<>]/);
  });
});

describe('the Markdown report', () => {
  const base: CompareReport = { from: 'a.json', to: 'b.json', changes: [] };
  const dropped = {
    action: 'drop',
    objectType: 'table',
    path: 'shop.invoices',
    table: 'shop.invoices',
    severity: 'breaking',
    hazards: [],
  } as const;
  const column = {
    action: 'add',
    objectType: 'column',
    path: 'public.users.name',
    table: 'public.users',
    severity: 'warning',
    hazards: [],
  } as const;
  const from = { tables };
  const to = { tables: tables.filter((t) => t !== invoices) };

  it('draws the changed tables and their neighbours above the differences', () => {
    const markdown = renderMarkdown({ ...base, changes: [dropped, column], schemas: { from, to } });
    const diagramAt = markdown.indexOf('```mermaid\nerDiagram\n');
    expect(diagramAt).toBeGreaterThan(0);
    expect(diagramAt).toBeLessThan(markdown.indexOf('| | Severity | Object | Change |'));
    expect(markdown).toContain('  "shop.invoices (missing)" {\n');
    expect(markdown).toContain('  "public.users (changed)" {\n');
    expect(markdown).toContain('  "shop.orders" ||--o| "shop.invoices (missing)" : "order_id"\n');
    expect(markdown).not.toContain('"public.log');
    expect(markdown).toContain('Tables and foreign keys marked (extra), (missing), (changed) or (renamed) differ;');
  });

  it('draws a foreign key one side lacks, marked, and the table it pointed at', () => {
    const noFk: TableDef = { ...orders, constraints: orders.constraints?.filter((c) => c.type !== 'foreign key') };
    const toLog: TableDef = {
      ...noFk,
      constraints: [
        ...(noFk.constraints ?? []),
        {
          type: 'foreign key',
          name: 'orders_note_fkey',
          columns: ['note'],
          references: { schema: 'public', table: 'log', columns: ['msg'] },
        },
      ],
    };
    const change = { ...column, objectType: 'constraint', path: 'shop.orders.x', table: 'shop.orders' } as const;
    const markdown = renderMarkdown({
      ...base,
      changes: [change],
      schemas: { from, to: { tables: tables.map((t) => (t === orders ? toLog : t)) } },
    });
    expect(markdown).toContain('  "public.users" ||..o{ "shop.orders (changed)" : "user_id (missing)"\n');
    expect(markdown).toContain('  "public.log" |o..o{ "shop.orders (changed)" : "note (extra)"\n');
    // Unchanged foreign keys are not marked.
    expect(markdown).toContain('  "shop.orders (changed)" ||--o| "shop.invoices" : "order_id"\n');
  });

  it('draws no diagram when no table changed, nor without the schemas', () => {
    const view = { ...column, objectType: 'view', path: 'public.v', table: 'public.v' } as const;
    expect(renderMarkdown({ ...base, changes: [view], schemas: { from, to } })).not.toContain('```mermaid');
    expect(renderMarkdown({ ...base, changes: [dropped] })).not.toContain('```mermaid');
  });

  it('draws at most 30 tables and names the rest', () => {
    const many: TableDef[] = Array.from({ length: 35 }, (_, i) => ({
      schema: 'public',
      name: `t${String(i).padStart(2, '0')}`,
      columns: [{ name: 'id', type: 'integer', notNull: true }],
    }));
    const changes = many.map((t) => ({ ...column, path: `public.${t.name}.x`, table: `public.${t.name}` }));
    const markdown = renderMarkdown({ ...base, changes, schemas: { from: { tables: many }, to: { tables: many } } });
    expect(markdown.match(/\(changed\)"/g)).toHaveLength(30);
    expect(markdown).toContain(
      'Not drawn (5 more): `public.t30`, `public.t31`, `public.t32`, `public.t33`, `public.t34`.',
    );
  });
});
