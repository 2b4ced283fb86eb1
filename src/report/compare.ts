/**
 * Renders the differences between two schemas for people and machines: plain or
 * coloured text for a terminal, stable JSON, Markdown for a pull-request comment, and
 * GitHub Actions workflow commands. Every format lists the changes in the same order:
 * grouped by table or view (or by kind for objects outside tables), groups by name.
 */

import pc from 'picocolors';
import type { AttributeChange, Change, ChangeAction, ObjectType, Severity } from '../diff/change.js';
import { countBySeverity } from '../diff/change.js';
import { type TableSizes, sizeWords } from '../plan/table-size.js';
import { byCatalogObjectType } from '../schema/kind-lists.js';
import { readableAttribute } from './attribute-text.js';
import { type AnnotationLevel, githubAnnotation } from './github-annotation.js';
import { type NotDescribedReport, notDescribedHeading, notDescribedLines } from './not-described.js';
import type { Schema } from '../schema/model.js';
import { diagramOf, neighbourhood, renderMermaid, sortEdges, tableId } from '../diagram/index.js';

/** Two schemas compared, and their differences read from `from` to `to`. */
export interface CompareReport {
  /** What the differences are measured from (the baseline), as a label such as a file path or a redacted URL. */
  readonly from: string;
  /** What is compared with it (the current schema). */
  readonly to: string;
  readonly changes: readonly Change[];
  /**
   * The estimated sizes of the tables of the database the changes would run on, by table path:
   * the hazards of a change to a table say its size (`about 12 M rows, 1.4 GB`).
   */
  readonly tableSizes?: TableSizes;
  /** What was left uncompared because the two sides come from different server versions, one line each. */
  readonly acrossVersions?: readonly string[];
  /** What could not be compared (see not-compared.ts), said next to the result. */
  readonly notCompared?: readonly string[];
  /**
   * The changes read the way a fix goes (from the database to the models), each with the
   * hazards of what the fix does about it: `+` the fix creates, `-` it drops, `~` it alters.
   */
  readonly fix?: boolean;
  /** With models on one side: what the other side has that the models cannot express. */
  readonly notDescribed?: NotDescribedReport;
  /** With `--online`: why each statement of the fix that cannot run online cannot, one line each. */
  readonly offline?: readonly string[];
  /**
   * The two schemas compared: with them, the Markdown report draws the changed tables and their
   * direct foreign-key neighbours as a Mermaid `erDiagram` above the list of differences.
   */
  readonly schemas?: { readonly from: Pick<Schema, 'tables'>; readonly to: Pick<Schema, 'tables'> };
}

type Colors = ReturnType<typeof pc.createColors>;

/** Values longer than this (view definitions, function bodies) are reported as changed, not shown. */
const MAX_VALUE_LENGTH = 60;

const NONE = '(none)';

const SYMBOL: Record<ChangeAction, string> = { add: '+', drop: '-', alter: '~', rename: '>' };

/** The action as seen from `to`: an added object is extra, a dropped one is missing. */
const ACTION_WORD: Record<ChangeAction, string> = {
  add: 'extra',
  drop: 'missing',
  alter: 'changed',
  rename: 'renamed',
};

/** Groups of objects that do not belong to a table or view. */
const KIND_GROUP: Record<ObjectType, string> = {
  schema: 'schemas',
  extension: 'extensions',
  collation: 'collations',
  enum: 'types',
  domain: 'types',
  'composite type': 'types',
  sequence: 'sequences',
  table: 'tables',
  column: 'columns',
  constraint: 'constraints',
  index: 'indexes',
  trigger: 'triggers',
  policy: 'policies',
  view: 'views',
  'materialized view': 'views',
  function: 'functions',
  procedure: 'procedures',
  'event trigger': 'event triggers',
  rule: 'rules',
  'foreign data wrapper': 'foreign data',
  'foreign server': 'foreign data',
  'user mapping': 'foreign data',
  'foreign table': 'foreign tables',
  statistics: 'statistics',
  publication: 'publications',
  event: 'events',
  ...byCatalogObjectType((kind) => kind.plural),
};

const EMOJI: Record<Severity, string> = { breaking: '🔴', warning: '🟡', info: '⚪' };

const WORKFLOW_COMMAND: Record<Severity, AnnotationLevel> = { breaking: 'error', warning: 'warning', info: 'notice' };

// ---- shared ----

/** `not compared: 2 operators, 1 rule`, when something was not compared. */
function notComparedLine(report: CompareReport): string[] {
  return report.notCompared?.length ? [`not compared: ${report.notCompared.join('; ')}`] : [];
}

function groupOf(change: Change): string {
  return change.table ?? KIND_GROUP[change.objectType];
}

/** Changes grouped by table/view or kind, groups sorted by name, changes in their original order within a group. */
function grouped(changes: readonly Change[]): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const group = groupOf(change);
    groups.set(group, [...(groups.get(group) ?? []), change]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function ordered(changes: readonly Change[]): Change[] {
  return [...grouped(changes).values()].flat();
}

function summaryParts(changes: readonly Change[]): Record<Severity, string> {
  const { breaking, warning, info } = countBySeverity(changes);
  return {
    breaking: `${breaking} breaking`,
    warning: `${warning} warning${warning === 1 ? '' : 's'}`,
    info: `${info} info`,
  };
}

/** `3 breaking, 2 warnings, 1 info`. */
function summary(changes: readonly Change[]): string {
  const parts = summaryParts(changes);
  return `${parts.breaking}, ${parts.warning}, ${parts.info}`;
}

/** A value on one line: strings as they are, booleans as yes/no, lists and objects as compact JSON. */
function valueText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

function isShort(text: string | undefined): boolean {
  return text === undefined || (text.length <= MAX_VALUE_LENGTH && !/[\r\n]/.test(text));
}

/** `type: integer → bigint`, or `definition: (changed)` for long values; `quote` wraps each value shown. */
function attributeText(
  objectType: ObjectType,
  a: AttributeChange,
  quote: (value: string) => string = (v) => v,
): string {
  const readable = readableAttribute(objectType, a);
  if (readable !== undefined) return readable;
  const before = valueText(a.before);
  const after = valueText(a.after);
  if (!isShort(before) || !isShort(after)) return `${a.attribute}: (changed)`;
  const show = (text: string | undefined) => (text === undefined ? NONE : quote(text));
  return `${a.attribute}: ${show(before)} → ${show(after)}`;
}

function attributeTexts(change: Change, quote?: (value: string) => string): string[] {
  return (change.attributes ?? []).map((a) => attributeText(change.objectType, a, quote));
}

/** The name a renamed object had in `from`: `schema.name` for schema objects, else its name. */
function previousName(change: Change): string {
  const before = (change.before ?? {}) as { readonly schema?: unknown; readonly name?: unknown };
  if (typeof before.name !== 'string') return change.path;
  return typeof before.schema === 'string' ? `${before.schema}.${before.name}` : before.name;
}

const FIX_VERB: Record<ChangeAction, string> = { add: 'create', drop: 'drop', alter: 'alter', rename: 'rename' };

/** How a report's changes are annotated: read the way a fix goes, and the sizes of the tables. */
type NoteOptions = Pick<CompareReport, 'fix' | 'tableSizes'>;

function notes(change: Change, { fix = false, tableSizes }: NoteOptions = {}): string[] {
  const size = change.hazards.length > 0 ? sizeWords(tableSizes?.[change.table ?? change.path]) : undefined;
  const hazards = `${change.hazards.join(', ')}${size ? ` (${change.table ?? change.path}: ${size})` : ''}`;
  const lines = fix
    ? [`fix: ${FIX_VERB[change.action]} ${change.objectType}, ${hazards || 'no hazard'}`]
    : hazards
      ? [`hazards: ${hazards}`]
      : [];
  return [...lines, ...(change.hints ?? []).map((hint) => `hint: ${hint}`)];
}

// ---- text ----

/** The object's path within its table: `resource_id` in `public.asset`; else (the table itself, or no table) the whole path. */
function pathInGroup(change: Change): string {
  const prefix = `${change.table}.`;
  return change.table !== undefined && change.path.startsWith(prefix) ? change.path.slice(prefix.length) : change.path;
}

function textLine(change: Change): string {
  const label = pathInGroup(change);
  const subject = change.action === 'rename' ? `${previousName(change)} → ${label}` : label;
  const details = change.action === 'alter' ? `  ${attributeTexts(change).join('; ')}` : '';
  return `${SYMBOL[change.action]} ${change.objectType} ${subject}${details} [${change.severity}]`;
}

function severityColor(c: Colors, severity: Severity): (text: string) => string {
  return { breaking: c.red, warning: c.yellow, info: c.dim }[severity];
}

function textGroup(c: Colors, group: string, changes: readonly Change[], options: NoteOptions): string {
  const lines = [c.bold(group)];
  for (const change of changes) {
    lines.push(`  ${severityColor(c, change.severity)(textLine(change))}`);
    lines.push(...notes(change, options).map((note) => `      ${c.dim(note)}`));
  }
  return lines.join('\n');
}

function textSummary(c: Colors, changes: readonly Change[]): string {
  if (changes.length === 0) return 'No differences.';
  const parts = summaryParts(changes);
  const counts = countBySeverity(changes);
  const paint = (severity: Severity) =>
    counts[severity] > 0 ? severityColor(c, severity)(parts[severity]) : parts[severity];
  return `${paint('breaking')}, ${paint('warning')}, ${paint('info')}`;
}

/**
 * For a terminal: a title, the changes grouped by table or kind (`+` extra in `to`,
 * `-` missing from `to`, `~` changed, `>` renamed) with severity, hazards and hints,
 * and a summary line. Colours only when `options.color` is true, whatever the environment.
 */
export function renderText(report: CompareReport, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const groups = [...grouped(report.changes)].map(([group, changes]) => textGroup(c, group, changes, report));
  const title = c.bold(
    `${report.fix ? 'Bringing' : 'Comparing'} ${report.from} ${report.fix ? 'to' : 'with'} ${report.to}`,
  );
  const nd = report.notDescribed;
  const undescribed = nd?.objects.length
    ? [[notDescribedHeading(nd), ...notDescribedLines(nd).map((line) => `  ${c.dim(line)}`)].join('\n')]
    : [];
  const acrossVersions = (report.acrossVersions ?? []).map((line) => c.dim(`info: ${line}`));
  const offline = report.offline?.length
    ? [[c.yellow('Not online (--online):'), ...report.offline.map((line) => `  ${line}`)].join('\n')]
    : [];
  const summary = [textSummary(c, report.changes), ...notComparedLine(report).map((line) => c.yellow(line))];
  return `${[title, ...groups, ...undescribed, ...(acrossVersions.length ? [acrossVersions.join('\n')] : []), ...offline, summary.join('\n')].join('\n\n')}\n`;
}

// ---- JSON ----

/** One difference in the stable JSON shape of `--format json`. */
export function jsonDifference(change: Change): object {
  const attributes = change.action === 'alter' ? (change.attributes ?? []) : [];
  return {
    action: change.action,
    objectType: change.objectType,
    path: change.path,
    table: change.table ?? null,
    severity: change.severity,
    hazards: change.hazards,
    hints: change.hints ?? [],
    attributes: attributes.map((a) => ({ attribute: a.attribute, before: a.before ?? null, after: a.after ?? null })),
    before: change.before ?? null,
    after: change.after ?? null,
  };
}

/**
 * Stable JSON, two-space indented with a trailing newline:
 * `{ from, to, summary: { breaking, warning, info, total }, differences: [...] }`, each
 * difference `{ action, objectType, path, table, severity, hazards, hints, attributes, before, after }`
 * with `null` for what is absent.
 */
export function renderJson(report: CompareReport): string {
  const counts = countBySeverity(report.changes);
  const document = {
    from: report.from,
    to: report.to,
    summary: { ...counts, total: report.changes.length },
    differences: ordered(report.changes).map((c) =>
      // A fix report says, per difference, what the fix does: `create table`, `drop column`, …
      report.fix ? { fix: `${FIX_VERB[c.action]} ${c.objectType}`, ...jsonDifference(c) } : jsonDifference(c),
    ),
    notCompared: report.notCompared ?? [],
    ...(report.acrossVersions?.length ? { acrossVersions: report.acrossVersions } : {}),
    ...(report.notDescribed ? { notDescribed: report.notDescribed } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// ---- Markdown ----

/** An inline code span that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell on one line: `|` escaped, line breaks as `<br>`. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, '<br>');
}

function markdownWhat(change: Change): string {
  switch (change.action) {
    case 'alter':
      return attributeTexts(change, code).join('\n');
    case 'rename':
      return `renamed from ${code(previousName(change))}`;
    default:
      return ACTION_WORD[change.action];
  }
}

function markdownChange(change: Change, options: NoteOptions): string {
  return [markdownWhat(change), ...notes(change, options)].join('\n');
}

function markdownRow(change: Change, options: NoteOptions): string {
  const cells = [
    EMOJI[change.severity],
    change.severity,
    `${change.objectType} ${code(change.path)}`,
    markdownChange(change, options),
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** The most tables the Markdown report's diagram draws; the others are named below it. */
export const DIAGRAM_TABLES = 30;

/**
 * The changed tables (extra, missing, changed) and their direct foreign-key neighbours, at most
 * {@link DIAGRAM_TABLES}, as a fenced Mermaid `erDiagram` with a legend line; empty when no
 * table changed. A missing table is drawn as `from` has it, the others as `to` has them.
 */
function markdownDiagram(report: CompareReport): string {
  const schemas = report.schemas;
  if (!schemas) return '';
  const present = new Set(schemas.to.tables.map(tableId));
  const tables = [...schemas.to.tables, ...schemas.from.tables.filter((t) => !present.has(tableId(t)))];
  const known = new Set(tables.map(tableId));
  const marks = new Map<string, string>();
  for (const change of report.changes) {
    const id = change.objectType === 'table' ? change.path : change.table;
    if (!id || !known.has(id)) continue;
    const word = change.objectType === 'table' && change.action !== 'alter' ? ACTION_WORD[change.action] : 'changed';
    // A table that is extra or missing stays so, whatever else is said about its columns.
    if (!marks.has(id) || word !== 'changed') marks.set(id, word);
  }
  if (marks.size === 0) return '';
  // Neighbours on either side: a foreign key the baseline has and the current schema lost still counts.
  const picked = neighbourhood({ tables: [...tables, ...schemas.from.tables] }, marks.keys(), DIAGRAM_TABLES);
  const drawn = diagramOf({ tables }, { tables: picked.tables, marks, omitted: picked.omitted });
  const before = diagramOf(schemas.from, { tables: picked.tables }).edges;
  const [both, was] = [new Set(schemas.from.tables.map(tableId)), new Set(before.map((e) => `${e.from}\0${e.name}`))];
  const now = new Set(drawn.edges.map((e) => `${e.from}\0${e.name}`));
  // Foreign keys of tables on both sides that one side lacks are drawn, and marked as the list says.
  const edges = [
    ...drawn.edges.map((e) =>
      present.has(e.from) && both.has(e.from) && !was.has(`${e.from}\0${e.name}`) ? { ...e, mark: 'extra' } : e,
    ),
    ...before
      .filter((e) => present.has(e.from) && !now.has(`${e.from}\0${e.name}`) && known.has(e.to))
      .map((e) => ({ ...e, mark: 'missing' })),
  ];
  const diagram = { ...drawn, edges: sortEdges(edges) };
  const left = picked.omitted.length
    ? `\n\nNot drawn (${picked.omitted.length} more): ${picked.omitted.map((id) => code(id)).join(', ')}.`
    : '';
  return `\n\n\`\`\`mermaid\n${renderMermaid(diagram)}\`\`\`\n\nTables and foreign keys marked (extra), (missing), (changed) or (renamed) differ; the other tables are direct foreign-key neighbours of those.${left}`;
}

/**
 * For a pull-request comment or `$GITHUB_STEP_SUMMARY`: a heading, a summary line, a Mermaid
 * diagram of the changed tables (when the report carries the schemas) and a
 * table with one row per change (missing, extra, changed attributes, hazards and hints).
 */
export function renderMarkdown(report: CompareReport): string {
  const heading = '### Schema differences';
  const from = code(report.from);
  const to = code(report.to);
  const acrossVersions = (report.acrossVersions ?? []).map((line) => `\n- ${line}`).join('');
  const info = acrossVersions ? `\n\nNot compared across server versions:\n${acrossVersions}` : '';
  const note = notComparedLine(report).map((line) => `\n\n${line}`);
  if (report.changes.length === 0) return `${heading}\n\nNo differences between ${from} and ${to}.${note}${info}\n`;
  const table = [
    '| | Severity | Object | Change |',
    '| --- | --- | --- | --- |',
    ...ordered(report.changes).map((change) => markdownRow(change, report)),
  ];
  const nd = report.notDescribed;
  const undescribed = nd?.objects.length
    ? `\n\n${notDescribedHeading(nd)}\n\n${notDescribedLines(nd)
        .map((line) => `- ${line}`)
        .join('\n')}`
    : '';
  return `${heading}\n\n${report.fix ? 'Bringing' : 'Comparing'} ${from} ${report.fix ? 'to' : 'with'} ${to}: ${summary(report.changes)}.${markdownDiagram(report)}\n\n${table.join('\n')}${undescribed}${note}${info}\n`;
}

// ---- GitHub Actions ----

function githubSentence(change: Change, report: CompareReport): string {
  const object = `${change.objectType} ${change.path}`;
  switch (change.action) {
    case 'add':
      return `${object} is in ${report.to} but not in ${report.from}.`;
    case 'drop':
      return `${object} is in ${report.from} but not in ${report.to}.`;
    case 'alter':
      return `${object} differs: ${attributeTexts(change).join('; ')}.`;
    case 'rename':
      return `${object} is named ${previousName(change)} in ${report.from}.`;
  }
}

function githubLine(change: Change, report: CompareReport): string {
  const title = `schema: ${ACTION_WORD[change.action]} ${change.objectType} ${change.path}`;
  const message = [`${githubSentence(change, report)} (${change.severity})`, ...notes(change, report)].join('\n');
  return `${githubAnnotation(WORKFLOW_COMMAND[change.severity], title, message)}\n`;
}

/**
 * GitHub Actions workflow commands, one line per change: `::error` for breaking,
 * `::warning` for warning, `::notice` for info. Empty when there are no differences.
 */
export function renderGithub(report: CompareReport): string {
  const nd = report.notDescribed;
  const notice = nd?.objects.length
    ? [
        `${githubAnnotation('notice', `schema: not described by the ${nd.orm} models`, [notDescribedHeading(nd), ...notDescribedLines(nd)].join('\n'))}\n`,
      ]
    : [];
  const acrossVersions = (report.acrossVersions ?? []).map(
    (line) => `${githubAnnotation('notice', 'schema: not compared across versions', line)}\n`,
  );
  const note = notComparedLine(report).map((line) => `${githubAnnotation('notice', 'schema: not compared', line)}\n`);
  return [
    ...ordered(report.changes).map((change) => githubLine(change, report)),
    ...notice,
    ...note,
    ...acrossVersions,
  ].join('');
}
