import type { ObjectKey } from '../schema/model.js';

/** One node of a dependency graph: an object, what it depends on, and the statements about it. */
export interface DependencyNode {
  readonly key: ObjectKey;
  /** Orders nodes that do not depend on each other: lower first. */
  readonly rank: number;
  /** Orders nodes of equal rank. */
  readonly sortName: string;
  readonly dependsOn: readonly ObjectKey[];
  readonly statements: readonly string[];
}

/**
 * Orders nodes so that each comes after what it depends on; ties (and cycles, which
 * the catalog cannot hold for these kinds) fall back to rank, then name.
 */
export function topologicalOrder<N extends DependencyNode>(nodes: readonly N[]): N[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const compare = (a: N, b: N) => a.rank - b.rank || (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0);
  const sorted = [...nodes].sort(compare);
  const emitted = new Set<ObjectKey>();
  const visiting = new Set<ObjectKey>();
  const out: N[] = [];
  const visit = (node: N) => {
    if (emitted.has(node.key) || visiting.has(node.key)) return;
    visiting.add(node.key);
    const deps = node.dependsOn
      .map((k) => byKey.get(k))
      .filter((d): d is N => d !== undefined)
      .sort(compare);
    for (const dep of deps) visit(dep);
    visiting.delete(node.key);
    emitted.add(node.key);
    out.push(node);
  };
  for (const node of sorted) visit(node);
  return out;
}

/** Something to drop: the object's key and the keys of what it depends on. */
export interface Droppable {
  readonly key: ObjectKey;
  readonly dependsOn: readonly ObjectKey[];
}

/**
 * The order to drop objects in: each before what it depends on (the reverse of creation),
 * objects unrelated to each other in the reverse of the order they were given.
 */
export function dropOrder<D extends Droppable>(items: readonly D[]): D[] {
  const name = (i: number) => String(i).padStart(6, '0');
  const nodes = items.map((d, i) => ({
    key: d.key,
    rank: 0,
    sortName: name(i),
    dependsOn: d.dependsOn,
    statements: [],
  }));
  const byName = new Map(items.map((d, i) => [name(i), d]));
  return topologicalOrder(nodes)
    .reverse()
    .map((node) => byName.get(node.sortName) as D);
}
