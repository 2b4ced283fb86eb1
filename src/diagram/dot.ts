/**
 * A diagram as Graphviz DOT: a `subgraph cluster_…` per schema, a node per table with an
 * HTML-like table label (its name, then a row per key column), and an edge per foreign key from
 * the referencing column to the referenced one, with crow's-foot ends. Node and cluster ids are
 * generated (`t0`, `cluster_0`), so no table name needs escaping there; names appear only in
 * labels, HTML-escaped.
 */
import type { Diagram, DiagramEdge, DiagramNode } from './model.js';

/** Text in an HTML-like label. */
function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\r\n]+/g, ' ');
}

/** A double-quoted DOT string. */
function quoted(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, ' ')}"`;
}

function label(node: DiagramNode): string {
  const title = node.mark ? `${html(node.name)} <i>(${html(node.mark)})</i>` : html(node.name);
  const rows = node.columns.map(
    (column, i) =>
      `<tr><td port="c${i}" align="left">${html(column.name)}</td><td align="left">${html(column.type)}</td><td align="left">${column.keys.join(' ')}</td></tr>`,
  );
  return `<<table border="0" cellborder="1" cellspacing="0" cellpadding="4"><tr><td colspan="3" bgcolor="#e8e8e8"><b>${title}</b></td></tr>${rows.join('')}</table>>`;
}

/** `t3:c1`: the node, at the row of the first of `columns` it shows. */
function end(id: string, node: DiagramNode, columns: readonly string[]): string {
  const row = node.columns.findIndex((c) => c.name === columns[0]);
  return row < 0 ? id : `${id}:c${row}`;
}

function arrows(edge: DiagramEdge): string {
  const head = edge.parent === 'one' ? 'teetee' : 'teeodot';
  const tail = edge.child === 'zero-or-many' ? 'crowodot' : 'teeodot';
  const mark = edge.mark ? `, label=${quoted(edge.mark)}` : '';
  return `dir=both, arrowhead=${head}, arrowtail=${tail}${edge.identifying ? '' : ', style=dashed'}${mark}`;
}

/** Extra SVG attributes for a node (Graphviz writes `id` and `class` into its SVG). */
export interface DotOptions {
  readonly nodeAttributes?: (node: DiagramNode) => { readonly id?: string; readonly class?: string };
}

function extraAttributes(node: DiagramNode, options: DotOptions): string {
  const extra = options.nodeAttributes?.(node) ?? {};
  return Object.entries(extra)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `, ${key}=${quoted(String(value))}`)
    .join('');
}

/** The diagram as a DOT `digraph`, ending with a newline. */
export function renderDot(diagram: Diagram, options: DotOptions = {}): string {
  const ids = new Map(diagram.nodes.map((n, i) => [n.id, `t${i}`]));
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  const lines = [
    'digraph schema {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=12];',
    '  node [shape=plain, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
  ];
  diagram.clusters.forEach((cluster, c) => {
    lines.push(`  subgraph cluster_${c} {`, `    label=${quoted(cluster.schema)};`, '    style=rounded;');
    for (const id of cluster.nodes) {
      const node = byId.get(id);
      if (node)
        lines.push(
          `    ${ids.get(id)} [label=${label(node)}, tooltip=${quoted(node.id)}${extraAttributes(node, options)}];`,
        );
    }
    lines.push('  }');
  });
  for (const edge of diagram.edges) {
    const [from, to] = [byId.get(edge.from), byId.get(edge.to)];
    const [fromId, toId] = [ids.get(edge.from), ids.get(edge.to)];
    if (!from || !to || !fromId || !toId) continue;
    lines.push(
      `  ${end(fromId, from, edge.columns)} -> ${end(toId, to, edge.referencedColumns)} [${arrows(edge)}, tooltip=${quoted(edge.name)}];`,
    );
  }
  if (diagram.omitted.length > 0) {
    lines.push(`  omitted [shape=note, label=${quoted(`left out: ${diagram.omitted.join(', ')}`)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
