/** Pictures of a schema: the diagram model, the neighbourhood of some tables, and its Mermaid and DOT writers. */
export {
  type ColumnKey,
  type Diagram,
  type DiagramCluster,
  type DiagramColumn,
  type DiagramEdge,
  type DiagramNode,
  type DiagramOptions,
  type Neighbourhood,
  type Picture,
  diagramOf,
  neighbourhood,
  picturesOf,
  sortEdges,
  tableId,
} from './model.js';
export { renderMermaid } from './mermaid.js';
export { type DotOptions, renderDot } from './dot.js';
