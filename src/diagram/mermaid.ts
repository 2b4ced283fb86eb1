/**
 * A diagram as a Mermaid `erDiagram`, which GitHub renders in Markdown. Entity names are quoted
 * (`"public.users"`: a quoted name may hold dots and spaces, but no `"`, `%`, `\` or line break,
 * which are replaced). Attribute types and names may hold only letters, digits and `_`:
 * `character varying(40)` is written `character_varying_40`, and a column whose name had to
 * change says its real name in the attribute's comment. Mermaid's erDiagram has no clusters:
 * the schema is in each entity's name.
 */
import type { Diagram, DiagramEdge, DiagramNode } from './model.js';

/** Mermaid's lexer takes any line with `direction LR` (TB, BT, RL) in it for a direction statement. */
function defused(text: string): string {
  return text.replace(/(direction)\s+(?=tb|bt|rl|lr)/gi, '$1_');
}

/** An entity's quoted name: what Mermaid cannot take in quotes becomes `_`. */
function entityName(node: DiagramNode): string {
  const text = node.mark ? `${node.id} (${node.mark})` : node.id;
  return `"${defused(text.replace(/["%\\\r\n\v\b\t]/g, '_'))}"`;
}

/** A word of letters, digits and `_` that starts with a letter or `_`, and is not `PK`, `FK` or `UK`. */
function word(text: string): string {
  const plain = text
    .replace(/\[\]/g, '_array')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (plain === '') return '_';
  // PK, FK and UK are keys to Mermaid's lexer (in any case), never names.
  if (/^(pk|fk|uk)$/i.test(plain)) return `${plain}_`;
  return /^[A-Za-z_]/.test(plain) ? plain : `_${plain}`;
}

/** A comment in double quotes, which may not hold one. */
function comment(text: string): string {
  // A `~` would start a generic type (`List~int~`) in Mermaid's lexer, even inside quotes; `%%` starts a comment.
  return `"${defused(
    text
      .replace(/"/g, "'")
      .replace(/~/g, '-')
      .replace(/%%/g, '% %')
      .replace(/[\r\n]+/g, ' '),
  )}"`;
}

/** `parent ||--o{ child`: the parent's side first, then the child's. */
function relationship(edge: DiagramEdge): string {
  const parent = edge.parent === 'one' ? '||' : '|o';
  const child = edge.child === 'zero-or-many' ? 'o{' : 'o|';
  return `${parent}${edge.identifying ? '--' : '..'}${child}`;
}

function entity(node: DiagramNode, name: string): string[] {
  if (node.columns.length === 0) return [`  ${name}`];
  const lines = node.columns.map((column) => {
    const attribute = word(column.name);
    const note = attribute === column.name ? [] : [comment(column.name)];
    return `    ${[word(column.type), attribute, column.keys.join(', '), ...note].join(' ')}`;
  });
  return [`  ${name} {`, ...lines, '  }'];
}

/** The diagram as the text of a Mermaid `erDiagram` (without a Markdown fence), ending with a newline. */
export function renderMermaid(diagram: Diagram): string {
  // Names that became the same once made to fit (`a"b` and `a_b`) are told apart by a number.
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of diagram.nodes) {
    let name = entityName(node);
    for (let n = 2; taken.has(name); n++) name = `${entityName(node).slice(0, -1)} #${n}"`;
    taken.add(name);
    names.set(node.id, name);
  }
  const lines = ['erDiagram'];
  for (const node of diagram.nodes) lines.push(...entity(node, names.get(node.id) ?? entityName(node)));
  for (const edge of diagram.edges) {
    const [parent, child] = [names.get(edge.to), names.get(edge.from)];
    if (!parent || !child) continue;
    const label = edge.columns.join(', ') + (edge.mark ? ` (${edge.mark})` : '');
    lines.push(`  ${parent} ${relationship(edge)} ${child} : ${comment(label)}`);
  }
  if (diagram.omitted.length > 0)
    lines.push(`  %% left out: ${defused(diagram.omitted.join(', ').replace(/[\r\n]+/g, ' '))}`);
  return `${lines.join('\n')}\n`;
}
