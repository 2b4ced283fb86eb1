/**
 * The SVG pictures of a report: DOT from the diagram writer, laid out by Graphviz compiled to
 * WebAssembly (`@viz-js/viz`, loaded only when a report is written). Each table node carries the
 * class `t<number>` (its place in the report) and, in a comparison, `added`, `dropped` or
 * `altered`, so the page can highlight and colour it.
 */
import { type Diagram, type Picture, picturesOf, renderDot } from '../../diagram/index.js';
import type { Schema } from '../../schema/model.js';

/** The most tables one picture draws; a bigger set gets a picture per schema and per table. */
export const PICTURE_TABLES = 40;
/** The most neighbourhood pictures (one per table) a report lays out: each costs a Graphviz run. */
export const NEIGHBOURHOOD_PICTURES = 150;

export type TableMark = 'added' | 'dropped' | 'altered';

export interface RenderedPicture {
  readonly title: string;
  readonly subject?: string;
  /** `all`, `schema` or `table`. */
  readonly kind: 'all' | 'schema' | 'table';
  /** Inline SVG, without XML prolog, doctype or namespace URLs. */
  readonly svg: string;
  readonly omitted: readonly string[];
}

/** Graphviz's SVG made fit to sit in an HTML page that fetches nothing. */
function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/g, '')
    .replace(/<!DOCTYPE[^>]*>\s*/gi, '')
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .trim();
}

/** The pictures of a schema as SVG: with `marks`, those tables are drawn with (and classed by) their mark. */
export async function renderPictures(
  schema: Pick<Schema, 'tables'>,
  numbers: ReadonlyMap<string, number>,
  marks: ReadonlyMap<string, TableMark> = new Map(),
): Promise<RenderedPicture[]> {
  const pictures = picturesOf(schema, PICTURE_TABLES);
  // A big schema: every schema's picture, and neighbourhoods of the first tables (changed ones first).
  const chosen: Picture[] = [];
  const tablePictures: Picture[] = [];
  for (const picture of pictures) {
    if (picture.title.startsWith('table ')) tablePictures.push(picture);
    else chosen.push(picture);
  }
  const changedFirst = [
    ...tablePictures.filter((p) => marks.has(p.subject ?? '')),
    ...tablePictures.filter((p) => !marks.has(p.subject ?? '')),
  ];
  chosen.push(...changedFirst.slice(0, NEIGHBOURHOOD_PICTURES));
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return chosen.map((picture) => {
    const diagram: Diagram = {
      ...picture.diagram,
      nodes: picture.diagram.nodes.map((n) => (marks.has(n.id) ? { ...n, mark: marks.get(n.id) } : n)),
    };
    const dot = renderDot(diagram, {
      nodeAttributes: (node) => ({
        class: [`t${numbers.get(node.id) ?? ''}`, marks.get(node.id) ?? ''].filter(Boolean).join(' '),
      }),
    });
    const kind = picture.title.startsWith('table ') ? 'table' : picture.title.startsWith('schema ') ? 'schema' : 'all';
    return {
      title: picture.title,
      ...(picture.subject ? { subject: picture.subject } : {}),
      kind,
      svg: inlineSvg(viz.renderString(dot, { format: 'svg' })),
      omitted: picture.diagram.omitted,
    };
  });
}
