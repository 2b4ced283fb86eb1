import { describe, expect, it } from 'vitest';
import type { Change } from '../src/diff/change.js';
import { type CompareReport, renderGithub, renderJson, renderMarkdown, renderText } from '../src/report/compare.js';
import type { ColumnDef, NamespaceDef, TableDef, ViewDef } from '../src/schema/model.js';

const ANSI = /\u001b\[/;

const incident: TableDef = {
  schema: 'public',
  name: 'incident',
  columns: [{ name: 'id', type: 'bigint', notNull: true }],
};

const resourceId: ColumnDef = { name: 'resource_id', type: 'integer' };

const longDefinition = (filter: string): string =>
  ` SELECT a.id,\n    a.name,\n    count(i.id) AS incidents\n   FROM public.asset a\n     LEFT JOIN public.incident i ON i.asset_id = a.id\n  WHERE ${filter}\n  GROUP BY a.id, a.name;`;

const summaryBefore: ViewDef = {
  schema: 'public',
  name: 'asset_summary',
  definition: longDefinition('a.active'),
  columns: [{ name: 'id', type: 'integer' }],
};

const audit: NamespaceDef = { name: 'audit' };

const changes: Change[] = [
  {
    action: 'add',
    objectType: 'table',
    path: 'public.incident',
    table: 'public.incident',
    after: incident,
    severity: 'warning',
    hazards: [],
  },
  {
    action: 'drop',
    objectType: 'column',
    path: 'public.asset.resource_id',
    table: 'public.asset',
    before: resourceId,
    severity: 'breaking',
    hazards: ['data-loss', 'backward-incompatible'],
    hints: ['possible rename of public.asset.resource_id to resource: --rename public.asset.resource_id=resource'],
  },
  {
    action: 'alter',
    objectType: 'column',
    path: 'public.asset.id',
    table: 'public.asset',
    before: { name: 'id', type: 'integer', notNull: true },
    after: { name: 'id', type: 'bigint', notNull: true },
    attributes: [{ attribute: 'type', before: 'integer', after: 'bigint' }],
    severity: 'breaking',
    hazards: ['table-rewrite'],
  },
  {
    action: 'alter',
    objectType: 'column',
    path: 'public.asset.name',
    table: 'public.asset',
    before: { name: 'name', type: 'text', comment: 'Name | label' },
    after: { name: 'name', type: 'text' },
    attributes: [{ attribute: 'comment', before: 'Name | label', after: undefined }],
    severity: 'info',
    hazards: [],
  },
  {
    action: 'alter',
    objectType: 'view',
    path: 'public.asset_summary',
    table: 'public.asset_summary',
    before: summaryBefore,
    after: { ...summaryBefore, definition: longDefinition('a.active AND NOT a.archived') },
    attributes: [
      {
        attribute: 'definition',
        before: summaryBefore.definition,
        after: longDefinition('a.active AND NOT a.archived'),
      },
    ],
    severity: 'warning',
    hazards: [],
  },
  { action: 'add', objectType: 'schema', path: 'audit', after: audit, severity: 'warning', hazards: [] },
];

const report: CompareReport = { from: 'schema.json', to: 'postgres://app:***@db/app', changes };
const empty: CompareReport = { from: 'a.json', to: 'b.json', changes: [] };

describe('renderText', () => {
  const text = renderText(report, { color: false });
  const lines = text.split('\n');

  it('prints the whole report, grouped by table or kind, groups by name', () => {
    expect(text).toBe(
      [
        'Comparing schema.json with postgres://app:***@db/app',
        '',
        'public.asset',
        '  - column resource_id [breaking]',
        '      hazards: data-loss, backward-incompatible',
        '      hint: possible rename of public.asset.resource_id to resource: --rename public.asset.resource_id=resource',
        '  ~ column id  type: integer → bigint [breaking]',
        '      hazards: table-rewrite',
        '  ~ column name  comment: Name | label → (none) [info]',
        '',
        'public.asset_summary',
        '  ~ view public.asset_summary  definition: (changed) [warning]',
        '',
        'public.incident',
        '  + table public.incident [warning]',
        '',
        'schemas',
        '  + schema audit [warning]',
        '',
        '2 breaking, 3 warnings, 1 info',
        '',
      ].join('\n'),
    );
  });

  it('does not dump long values', () => {
    expect(text).not.toContain('GROUP BY');
    expect(lines.filter((l) => l.includes('definition'))).toHaveLength(1);
  });

  it('pluralises warnings only', () => {
    const one = renderText({ ...report, changes: changes.slice(0, 1) }, { color: false });
    expect(one.trimEnd().split('\n').at(-1)).toBe('0 breaking, 1 warning, 0 info');
  });

  it('says when there are no differences', () => {
    expect(renderText(empty, { color: false })).toBe('Comparing a.json with b.json\n\nNo differences.\n');
  });

  it('shows values compactly: nullability and enum values in words, renames with the old name', () => {
    const more: Change[] = [
      {
        action: 'alter',
        objectType: 'column',
        path: 'public.asset.code',
        table: 'public.asset',
        attributes: [{ attribute: 'notNull', before: undefined, after: true }],
        severity: 'breaking',
        hazards: ['may-fail', 'long-lock'],
      },
      {
        action: 'alter',
        objectType: 'enum',
        path: 'public.mood',
        attributes: [{ attribute: 'values', before: ['sad', 'ok'], after: ['sad', 'ok', 'happy'] }],
        severity: 'warning',
        hazards: ['not-transactional'],
      },
      {
        action: 'rename',
        objectType: 'column',
        path: 'public.asset.resource',
        table: 'public.asset',
        before: resourceId,
        after: { ...resourceId, name: 'resource' },
        severity: 'breaking',
        hazards: ['backward-incompatible'],
      },
    ];
    const out = renderText({ ...report, changes: more }, { color: false });
    // Nullability and enum values read in words.
    expect(out).toContain('  ~ column code  nullable → not null [breaking]');
    expect(out).toContain('types\n  ~ enum public.mood  values: added happy [warning]');
    expect(out).toContain('  > column resource_id → resource [breaking]');
    expect(renderGithub({ ...report, changes: more })).toContain(
      '::error title=schema%3A renamed column public.asset.resource::column public.asset.resource is named resource_id in schema.json. (breaking)',
    );
  });

  it('has no escape codes without colour, and colours severities with it', () => {
    expect(text).not.toMatch(ANSI);
    const coloured = renderText(report, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\u001b[31m- column resource_id [breaking]\u001b[39m');
    expect(coloured).toContain('\u001b[33m+ schema audit [warning]\u001b[39m');
    expect(coloured).toContain('\u001b[2m~ column name  comment: Name | label → (none) [info]\u001b[22m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(text);
  });
});

describe('renderJson', () => {
  const json = renderJson(report);
  const document = JSON.parse(json) as {
    summary: unknown;
    differences: Record<string, unknown>[];
  };

  it('is two-space indented with a trailing newline', () => {
    expect(json.startsWith('{\n  "from": "schema.json",\n  "to": ')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('keeps the documented key order', () => {
    expect(Object.keys(document)).toEqual(['from', 'to', 'summary', 'differences', 'notCompared']);
    expect(Object.keys(document.summary as object)).toEqual(['breaking', 'warning', 'info', 'total']);
    expect(document.summary).toEqual({ breaking: 2, warning: 3, info: 1, total: 6 });
    for (const difference of document.differences) {
      expect(Object.keys(difference)).toEqual([
        'action',
        'objectType',
        'path',
        'table',
        'severity',
        'hazards',
        'hints',
        'attributes',
        'before',
        'after',
      ]);
    }
  });

  it('lists differences in report order with null for what is absent', () => {
    expect(document.differences.map((d) => d.path)).toEqual([
      'public.asset.resource_id',
      'public.asset.id',
      'public.asset.name',
      'public.asset_summary',
      'public.incident',
      'audit',
    ]);
    expect(document.differences[0]).toEqual({
      action: 'drop',
      objectType: 'column',
      path: 'public.asset.resource_id',
      table: 'public.asset',
      severity: 'breaking',
      hazards: ['data-loss', 'backward-incompatible'],
      hints: ['possible rename of public.asset.resource_id to resource: --rename public.asset.resource_id=resource'],
      attributes: [],
      before: resourceId,
      after: null,
    });
    expect(document.differences[2]?.attributes).toEqual([
      { attribute: 'comment', before: 'Name | label', after: null },
    ]);
    expect(document.differences[5]).toMatchObject({ table: null, hints: [], before: null, after: audit });
  });

  it('reports an empty comparison', () => {
    expect(JSON.parse(renderJson(empty))).toEqual({
      from: 'a.json',
      to: 'b.json',
      summary: { breaking: 0, warning: 0, info: 0, total: 0 },
      differences: [],
      notCompared: [],
    });
  });

  it('names what could not be compared, in every format', () => {
    const partial = { ...empty, notCompared: ['2 rules', 'range types (0 in a.json, 1 in b.json)'] };
    const line = 'not compared: 2 rules; range types (0 in a.json, 1 in b.json)';
    expect((JSON.parse(renderJson(partial)) as { notCompared: string[] }).notCompared).toEqual(partial.notCompared);
    expect(renderText(partial, { color: false })).toContain(`No differences.\n${line}\n`);
    expect(renderMarkdown(partial)).toContain(line);
    expect(renderGithub(partial)).toContain(`::notice title=schema%3A not compared::${line}`);
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(report);

  it('has a heading, a summary and a table row per change', () => {
    const lines = markdown.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '### Schema differences',
      '',
      'Comparing `schema.json` with `postgres://app:***@db/app`: 2 breaking, 3 warnings, 1 info.',
      '',
      '| | Severity | Object | Change |',
      '| --- | --- | --- | --- |',
    ]);
    expect(lines.filter((l) => l.startsWith('| 🔴 | breaking |'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('| 🟡 | warning |'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('| ⚪ | info |'))).toHaveLength(1);
    expect(markdown.endsWith('|\n')).toBe(true);
  });

  it('puts hazards and hints in the Change cell on separate lines', () => {
    expect(markdown).toContain(
      '| 🔴 | breaking | column `public.asset.resource_id` | missing<br>hazards: data-loss, backward-incompatible<br>hint: possible rename of public.asset.resource_id to resource: --rename public.asset.resource_id=resource |',
    );
    expect(markdown).toContain('| 🟡 | warning | table `public.incident` | extra |');
    expect(markdown).toContain('| column `public.asset.id` | type: `integer` → `bigint`<br>hazards: table-rewrite |');
  });

  it('escapes | in cells', () => {
    expect(markdown).toContain('| ⚪ | info | column `public.asset.name` | comment: `Name \\| label` → (none) |');
  });

  it('says when there are no differences', () => {
    expect(renderMarkdown(empty)).toBe('### Schema differences\n\nNo differences between `a.json` and `b.json`.\n');
  });
});

describe('renderGithub', () => {
  const github = renderGithub(report);
  const lines = github.trimEnd().split('\n');

  it('writes one workflow command per change, by severity', () => {
    expect(lines).toHaveLength(changes.length);
    expect(github.endsWith('\n')).toBe(true);
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual([
      '::error',
      '::error',
      '::notice',
      '::warning',
      '::warning',
      '::warning',
    ]);
  });

  it('escapes : in the title and newlines in the message', () => {
    expect(lines[0]).toBe(
      '::error title=schema%3A missing column public.asset.resource_id::' +
        'column public.asset.resource_id is in schema.json but not in postgres://app:***@db/app. (breaking)' +
        '%0Ahazards: data-loss, backward-incompatible' +
        '%0Ahint: possible rename of public.asset.resource_id to resource: --rename public.asset.resource_id=resource',
    );
    expect(lines[4]).toBe(
      '::warning title=schema%3A extra table public.incident::' +
        'table public.incident is in postgres://app:***@db/app but not in schema.json. (warning)',
    );
  });

  it('escapes %, carriage returns and commas', () => {
    const fn: Change = {
      action: 'alter',
      objectType: 'function',
      path: 'public.f(integer, text)',
      attributes: [{ attribute: 'comment', before: '100% done', after: '50% done' }],
      severity: 'info',
      hazards: [],
      hints: ['see\r\ndocs, then retry'],
    };
    expect(renderGithub({ ...report, changes: [fn] })).toBe(
      '::notice title=schema%3A changed function public.f(integer%2C text)::' +
        'function public.f(integer, text) differs: comment: 100%25 done → 50%25 done. (info)%0Ahint: see%0D%0Adocs, then retry\n',
    );
  });

  it('is empty when there are no differences', () => {
    expect(renderGithub(empty)).toBe('');
  });
});
