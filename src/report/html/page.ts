/**
 * `schemaguard report`: one self-contained HTML page of a schema — a browser of every namespace,
 * table, view, type, function and trigger, its ER diagrams as inline SVG with pan and zoom, and,
 * against another schema, the differences with their severity and hazards and the SQL plan.
 * Engine-neutral: it reads the schema model only. The page fetches nothing: its style and script
 * are inline (no inline event handlers, no eval), and it has no URL of any kind.
 */
import { createHash } from 'node:crypto';
import type { Change } from '../../diff/change.js';
import type {
  ColumnDef,
  ConstraintDef,
  FunctionDef,
  IndexDef,
  Schema,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import { type TableSizes, sizeWords } from '../../plan/table-size.js';
import { tableId } from '../../diagram/index.js';
import { type RenderedPicture, type TableMark, renderPictures } from './diagrams.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './assets.js';

export interface ReportComparison {
  /** What the schema is compared against (the baseline), as a label. */
  readonly against: string;
  readonly againstSchema: Pick<Schema, 'tables'>;
  readonly changes: readonly Change[];
  /** The SQL plan from `against` to the schema, hazards as comments. */
  readonly sql: string;
}

export interface ReportInput {
  /** What the report shows, as a label (a file, a redacted URL). */
  readonly source: string;
  readonly engine: string;
  readonly schema: Schema;
  readonly tableSizes?: TableSizes;
  readonly comparison?: ReportComparison;
  /** Written in the page's footer. */
  readonly generator: string;
}

/** The page may load nothing at all; its one script runs by its hash, its style inline. */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}'`;

/** Text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const h = escapeHtml;

/** An element id for an object: `table-public.asset` (white space made `_`). */
export function anchor(kind: string, name: string): string {
  return `${kind}-${name.replace(/\s/g, '_')}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function comment(c: string | undefined): string {
  return c ? `<p class="comment">${h(c)}</p>` : '';
}

function columnsTable(table: TableDef): string {
  const keys = new Map<string, string[]>();
  for (const c of table.constraints ?? []) {
    const word = c.type === 'primary key' ? 'PK' : c.type === 'foreign key' ? 'FK' : c.type === 'unique' ? 'UK' : '';
    if (!word || !('columns' in c)) continue;
    for (const name of c.columns) keys.set(name, [...(keys.get(name) ?? []), word]);
  }
  const row = (c: ColumnDef) =>
    `<tr><td>${h(c.name)}</td><td>${h(c.type)}</td><td>${c.notNull ? 'not null' : ''}</td><td>${h(c.identity ? `identity ${c.identity.generation.toLowerCase()}` : c.generated ? `generated: ${c.generated}` : (c.default ?? ''))}</td><td>${[...new Set(keys.get(c.name) ?? [])].join(' ')}</td><td>${h(c.comment ?? '')}</td></tr>`;
  return `<table><thead><tr><th>column</th><th>type</th><th>null</th><th>default</th><th>keys</th><th>comment</th></tr></thead><tbody>${table.columns.map(row).join('')}</tbody></table>`;
}

function constraintText(c: ConstraintDef): string {
  switch (c.type) {
    case 'primary key':
    case 'unique':
      return `${c.type} (${c.columns.join(', ')})`;
    case 'foreign key':
      return `foreign key (${c.columns.join(', ')}) references ${c.references.schema}.${c.references.table} (${c.references.columns.join(', ')})${c.onDelete ? ` on delete ${c.onDelete.toLowerCase()}` : ''}`;
    case 'check':
      return `check (${c.expression})`;
    case 'exclusion':
      return `exclude ${c.definition}`;
    default:
      return (c as { type: string }).type;
  }
}

function constraintLink(c: ConstraintDef): string {
  if (c.type !== 'foreign key') return '';
  const target = `${c.references.schema}.${c.references.table}`;
  return ` <a href="#${h(anchor('table', target))}">→ ${h(target)}</a>`;
}

function indexText(index: IndexDef): string {
  const keys = index.keys.map((k) => `${k.column ?? `(${k.expression ?? ''})`}${k.descending ? ' desc' : ''}`);
  return `${index.unique ? 'unique ' : ''}${index.method} (${keys.join(', ')})${index.where ? ` where ${index.where}` : ''}`;
}

function triggerText(t: TriggerDef): string {
  return `${t.timing.toLowerCase()} ${t.events.join(' or ').toLowerCase()} for each ${t.level.toLowerCase()}${t.function ? ` → ${t.function}` : ''}`;
}

function list<T>(title: string, items: readonly T[] | undefined, item: (x: T) => string): string {
  if (!items || items.length === 0) return '';
  return `<h4>${title}</h4><ul class="defs">${items.map((x) => `<li>${item(x)}</li>`).join('')}</ul>`;
}

function tableSection(
  table: TableDef,
  number: number,
  sizes: TableSizes | undefined,
  mark: TableMark | undefined,
  picture: RenderedPicture | undefined,
): string {
  const id = tableId(table);
  const size = sizeWords(sizes?.[id]);
  const facts = [
    table.partitionOf ? `partition of ${table.partitionOf.schema}.${table.partitionOf.table}` : '',
    table.partitionBy ? `partitioned by ${table.partitionBy}` : '',
    size ?? '',
    plural(table.columns.length, 'column'),
  ].filter(Boolean);
  // Past the neighbourhoods laid out by Graphviz, the page draws one when it is opened (PAGE_SCRIPT).
  const diagram = picture
    ? `<details class="pic"><summary>Diagram: ${h(id)} and its neighbours</summary>${picture.svg}</details>`
    : `<details class="pic nb"><summary>Diagram: ${h(id)} and its neighbours</summary></details>`;
  return `<section class="obj table${mark ? ` ${mark}` : ''}" id="${h(anchor('table', id))}" data-k="${number}" data-n="${h(id.toLowerCase())}"><h3>${h(id)}${mark ? ` <span class="badge ${mark}">${mark}</span>` : ''}</h3><p class="facts">${h(facts.join(' · '))}</p>${comment(table.comment)}${columnsTable(table)}${list(
    'Constraints',
    table.constraints,
    (c) => `<code>${h(c.name)}</code> ${h(constraintText(c))}${constraintLink(c)}`,
  )}${list('Indexes', table.indexes, (i) => `<code>${h(i.name)}</code> ${h(indexText(i))}${i.comment ? ` — ${h(i.comment)}` : ''}`)}${list(
    'Triggers',
    table.triggers,
    (t) =>
      `<code>${h(t.name)}</code> ${h(triggerText(t))}${t.body ? `<details><summary>Body</summary><pre>${h(t.body)}</pre></details>` : ''}`,
  )}${diagram}</section>`;
}

function viewSection(view: ViewDef): string {
  const id = `${view.schema}.${view.name}`;
  const columns = view.columns.map(
    (c) => `<tr><td>${h(c.name)}</td><td>${h(c.type)}</td><td>${h(c.comment ?? '')}</td></tr>`,
  );
  return `<section class="obj view" id="${h(anchor('view', id))}" data-n="${h(id.toLowerCase())}"><h3>${h(id)} <span class="kind">${view.materialized ? 'materialized view' : 'view'}</span></h3>${comment(view.comment)}<table><thead><tr><th>column</th><th>type</th><th>comment</th></tr></thead><tbody>${columns.join('')}</tbody></table><details><summary>Definition</summary><pre>${h(view.definition)}</pre></details></section>`;
}

function functionSection(f: FunctionDef): string {
  const id = `${f.schema}.${f.name}(${f.identityArguments})`;
  return `<section class="obj function" id="${h(anchor(f.kind, id))}" data-n="${h(id.toLowerCase())}"><h3>${h(`${f.schema}.${f.name}`)}<span class="kind">(${h(f.arguments)})${f.returns ? ` → ${h(f.returns)}` : ''}</span></h3><p class="facts">${h(`${f.kind}, ${f.language}`)}</p>${comment(f.comment)}<details><summary>Body</summary><pre>${h(f.body)}</pre></details></section>`;
}

function typeSections(schema: Schema): string[] {
  const out: string[] = [];
  for (const e of schema.enums) {
    const id = `${e.schema}.${e.name}`;
    out.push(
      `<section class="obj type" id="${h(anchor('type', id))}" data-n="${h(id.toLowerCase())}"><h3>${h(id)} <span class="kind">enum</span></h3>${comment(e.comment)}<p>${e.values.map((v) => `<code>${h(v)}</code>`).join(' ')}</p></section>`,
    );
  }
  for (const d of schema.domains) {
    const id = `${d.schema}.${d.name}`;
    const checks = (d.checks ?? []).map((c) => ` check (${c.expression})`).join('');
    out.push(
      `<section class="obj type" id="${h(anchor('type', id))}" data-n="${h(id.toLowerCase())}"><h3>${h(id)} <span class="kind">domain</span></h3>${comment(d.comment)}<p><code>${h(`${d.baseType}${d.notNull ? ' not null' : ''}${checks}`)}</code></p></section>`,
    );
  }
  for (const c of schema.compositeTypes) {
    const id = `${c.schema}.${c.name}`;
    out.push(
      `<section class="obj type" id="${h(anchor('type', id))}" data-n="${h(id.toLowerCase())}"><h3>${h(id)} <span class="kind">composite type</span></h3>${comment(c.comment)}<p>${c.attributes.map((a) => `<code>${h(`${a.name} ${a.type}`)}</code>`).join(', ')}</p></section>`,
    );
  }
  return out;
}

const MARK_OF: Record<Change['action'], TableMark> = {
  add: 'added',
  drop: 'dropped',
  alter: 'altered',
  rename: 'altered',
};

/** The changed tables, by id: added, dropped, or altered (anything in or about them changed). */
export function changedTables(changes: readonly Change[], known: ReadonlySet<string>): Map<string, TableMark> {
  const marks = new Map<string, TableMark>();
  for (const change of changes) {
    const id = change.objectType === 'table' ? change.path : change.table;
    if (!id || !known.has(id)) continue;
    const mark = change.objectType === 'table' ? MARK_OF[change.action] : 'altered';
    if (!marks.has(id) || mark !== 'altered') marks.set(id, mark);
  }
  return marks;
}

function value(v: unknown): string {
  if (v === undefined || v === null) return '(none)';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function changesSection(comparison: ReportComparison): string {
  const rows = comparison.changes.map((c) => {
    const details = (c.attributes ?? []).map((a) => `${a.attribute}: ${value(a.before)} → ${value(a.after)}`);
    const hints = c.hints ?? [];
    const table = c.table ?? (c.objectType === 'table' ? c.path : undefined);
    const link = table ? ` <a href="#${h(anchor('table', table))}">${h(table)}</a>` : '';
    return `<tr class="${c.severity}"><td><span class="sev ${c.severity}">${c.severity}</span></td><td>${h(c.action)} ${h(c.objectType)}</td><td><code>${h(c.path)}</code>${c.table && c.table !== c.path ? link : ''}</td><td>${[...details, ...hints].map((d) => h(d)).join('<br>')}</td><td>${h(c.hazards.join(', '))}</td></tr>`;
  });
  const counts = { breaking: 0, warning: 0, info: 0 };
  for (const c of comparison.changes) counts[c.severity]++;
  const summary =
    comparison.changes.length === 0
      ? 'No differences.'
      : `${plural(comparison.changes.length, 'difference')}: ${counts.breaking} breaking, ${counts.warning} warning, ${counts.info} info.`;
  return `<section id="changes"><h2>Changes against ${h(comparison.against)}</h2><p>${h(summary)}</p><div class="side"><div><table class="changes"><thead><tr><th>severity</th><th>change</th><th>object</th><th>details</th><th>hazards</th></tr></thead><tbody>${rows.join('')}</tbody></table></div><div><h3>SQL plan</h3><pre class="sql">${h(comparison.sql)}</pre></div></div></section>`;
}

/** The report as one HTML page. */
export async function renderHtmlReport(input: ReportInput): Promise<string> {
  const { schema, comparison } = input;
  const byId = <T extends { schema: string; name: string }>(a: T, b: T) =>
    `${a.schema}.${a.name}` < `${b.schema}.${b.name}` ? -1 : 1;
  const tables = [...schema.tables].sort(byId);
  const numbers = new Map(tables.map((t, i) => [tableId(t), i]));
  // Dropped tables are drawn too, as the baseline has them.
  const present = new Set(numbers.keys());
  const dropped = (comparison?.againstSchema.tables ?? []).filter((t) => !present.has(tableId(t)));
  dropped.forEach((t, i) => numbers.set(tableId(t), tables.length + i));
  const marks = comparison ? changedTables(comparison.changes, new Set(numbers.keys())) : new Map<string, TableMark>();
  const pictures = await renderPictures({ tables: [...tables, ...dropped] }, numbers, marks);
  const perTable = new Map(pictures.filter((p) => p.kind === 'table').map((p) => [p.subject ?? '', p]));
  const overview = pictures.filter((p) => p.kind !== 'table');
  const views = [...schema.views].sort(byId);
  const functions = [...schema.functions].sort(byId);
  const types = typeSections(schema);
  const nav = [
    ...tables.map((t) => {
      const id = tableId(t);
      const mark = marks.get(id);
      return `<li data-n="${h(id.toLowerCase())}"${mark ? ` class="${mark}"` : ''}><a href="#${h(anchor('table', id))}">${h(id)}</a></li>`;
    }),
    ...views.map(
      (v) =>
        `<li data-n="${h(`${v.schema}.${v.name}`.toLowerCase())}" class="v"><a href="#${h(anchor('view', `${v.schema}.${v.name}`))}">${h(`${v.schema}.${v.name}`)}</a></li>`,
    ),
  ];
  const namespaces = schema.schemas.map(
    (s) =>
      `<li id="${h(anchor('schema', s.name))}"><code>${h(s.name)}</code>${s.comment ? ` — ${h(s.comment)}` : ''}</li>`,
  );
  const counts = [
    plural(schema.schemas.length, 'schema'),
    plural(tables.length, 'table'),
    plural(views.length, 'view'),
    plural(schema.enums.length + schema.domains.length + schema.compositeTypes.length, 'type'),
    plural(functions.length, 'function'),
    plural(
      tables.reduce((n, t) => n + (t.triggers?.length ?? 0), 0),
      'trigger',
    ),
  ];
  const pictureHtml = overview.map(
    (p) =>
      `<figure class="pic"${p.subject ? ` data-schema="${h(p.subject)}"` : ''}><figcaption>${h(p.title)}${p.omitted.length ? ` <span class="kind">(${p.omitted.length} more tables not drawn: see each table's own diagram)</span>` : ''}</figcaption>${p.svg}</figure>`,
  );
  const legend = comparison
    ? '<p class="legend"><span class="badge added">added</span> <span class="badge dropped">dropped</span> <span class="badge altered">altered</span></p>'
    : '';
  const title = `Schema report: ${input.source}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>${h(title)}</title><style>${PAGE_STYLE}</style></head>
<body><nav id="nav"><input id="q" type="search" placeholder="Search tables, views…" autocomplete="off" aria-label="Search"><p class="count"><span id="shown">${nav.length}</span> of ${nav.length}</p><ul id="all">${nav.join('')}</ul><ul id="hits" hidden></ul></nav>
<main><header><h1>${h(title)}</h1><p class="facts">${h(`${input.engine} · ${counts.join(' · ')}`)}</p>${comparison ? `<p class="facts">${h(`Against ${comparison.against}: ${marks.size} tables changed`)}</p>` : ''}</header>
${comparison ? changesSection(comparison) : ''}
<section id="diagrams"><h2>Diagrams</h2>${legend}<p class="hint">Wheel to zoom, drag to pan, double-click to reset.</p>${pictureHtml.join('')}</section>
<section id="schemas"><h2>Schemas</h2><ul class="defs">${namespaces.join('')}</ul></section>
<section id="tables"><h2>Tables</h2>${tables.map((t) => tableSection(t, numbers.get(tableId(t)) ?? 0, input.tableSizes, marks.get(tableId(t)), perTable.get(tableId(t)))).join('\n')}</section>
${views.length ? `<section id="views"><h2>Views</h2>${views.map(viewSection).join('\n')}</section>` : ''}
${types.length ? `<section id="types"><h2>Types</h2>${types.join('\n')}</section>` : ''}
${functions.length ? `<section id="functions"><h2>Functions</h2>${functions.map(functionSection).join('\n')}</section>` : ''}
<footer>${h(input.generator)}</footer></main>
<script>${PAGE_SCRIPT}</script></body></html>
`;
}
