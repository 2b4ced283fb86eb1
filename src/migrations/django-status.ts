/**
 * Which migrations of a Django project a database has applied, by Django's own rules
 * (`MigrationLoader.build_graph` and `MigrationExecutor`, Django 3.2 to 5.x):
 *
 * - A row of `django_migrations` means applied: Django deletes the row of a migration it
 *   unapplies, and `migrate --fake` / `--fake-initial` write the same rows as a real run.
 * - A squashed migration S (`replaces` R1…Rn) is applied when every Ri has a row; S's own
 *   row does not count alone (Django writes it once all Ri are applied and leaves it behind
 *   when S is unapplied). When all or none of the Ri have rows, Django uses S in their place;
 *   when only some do, S cannot be used and the Ri are run one by one.
 * - Rows of migrations that are not on disk (files deleted or renamed, apps removed) are
 *   recorded but not on disk, except the rows of migrations a squashed migration replaces.
 */
import type { AppliedMigration } from './history.js';
import type { MigrationStatus } from './status.js';

/**
 * What the status needs of a migration on disk: the shape of the Django runner's
 * `DjangoMigrationNode` (defined here, as this layer does not import the sources).
 */
export interface DjangoMigrationNode {
  readonly app: string;
  readonly name: string;
  /** The migrations it runs after, `[app, name]`, resolved to real ones. */
  readonly dependencies: readonly (readonly [string, string])[];
  /** The migrations a squashed migration stands for; [] for others. */
  readonly replaces: readonly (readonly [string, string])[];
  /** Its file, relative to the project's folder (absolute for Django's own apps). */
  readonly path: string;
}

/** `app.name`: how a Django migration is keyed, as in the history's `version`. */
export function djangoMigrationKey(migration: { readonly app: string; readonly name: string }): string {
  return `${migration.app}.${migration.name}`;
}

/** A node of the graph Django plans with: its key and the keys it depends on. */
interface PlanNode {
  readonly node: DjangoMigrationNode;
  readonly dependencies: Set<string>;
}

/** What the squashed migrations of the project come to, given the applied keys. */
interface Replacements {
  /** Squashed migrations Django uses in place of the ones they replace. */
  readonly used: ReadonlySet<string>;
  /** Replaced migrations listed on their own, by the (partly applied) squashed migration they belong to. */
  readonly squashedInto: ReadonlyMap<string, string>;
  /** The keys Django counts as applied: the rows, plus the squashed migrations whose every replaced one has a row. */
  readonly applied: ReadonlySet<string>;
}

/**
 * Django's graph after its replacements: a used squashed migration takes the place of
 * those it replaces (their dependants depend on it, it depends on their dependencies); a
 * partly applied one is dropped, and its dependants depend on the last replaced migrations.
 */
function planGraph(
  nodes: readonly DjangoMigrationNode[],
  recorded: ReadonlySet<string>,
): {
  graph: Map<string, PlanNode>;
  replacements: Replacements;
} {
  const graph = new Map<string, PlanNode>(
    nodes.map((node) => [
      djangoMigrationKey(node),
      { node, dependencies: new Set(node.dependencies.map(([app, name]) => djangoMigrationKey({ app, name }))) },
    ]),
  );
  const applied = new Set(recorded);
  const used = new Set<string>();
  const squashedInto = new Map<string, string>();
  const dependants = (key: string) => [...graph.values()].filter((n) => n.dependencies.has(key));
  for (const squash of nodes.filter((n) => n.replaces.length > 0)) {
    const key = djangoMigrationKey(squash);
    const replaced = new Set(squash.replaces.map(([app, name]) => djangoMigrationKey({ app, name })));
    const recordedCount = [...replaced].filter((r) => applied.has(r)).length;
    if (recordedCount === replaced.size) applied.add(key);
    else applied.delete(key);
    const replacement = graph.get(key);
    if (!replacement) continue;
    if (recordedCount === replaced.size || recordedCount === 0) {
      used.add(key);
      for (const r of replaced) {
        const old = graph.get(r);
        if (!old) continue;
        graph.delete(r);
        for (const child of dependants(r)) {
          child.dependencies.delete(r);
          if (!replaced.has(djangoMigrationKey(child.node))) child.dependencies.add(key);
        }
        for (const parent of old.dependencies) if (!replaced.has(parent)) replacement.dependencies.add(parent);
      }
      replacement.dependencies.delete(key);
    } else {
      graph.delete(key);
      const present = [...replaced].filter((r) => graph.has(r));
      const parentsOfReplaced = new Set(present.flatMap((r) => [...(graph.get(r)?.dependencies ?? [])]));
      const latest = present.filter((r) => !parentsOfReplaced.has(r));
      for (const child of dependants(key)) {
        child.dependencies.delete(key);
        for (const r of latest) child.dependencies.add(r);
      }
      for (const r of present) squashedInto.set(r, key);
    }
  }
  return { graph, replacements: { used, squashedInto, applied } };
}

/**
 * The graph's keys in an order `migrate` could run them: each after its dependencies,
 * otherwise in the order of `nodes` (which is one for the graph before replacements).
 */
function forwardsOrder(nodes: readonly DjangoMigrationNode[], graph: ReadonlyMap<string, PlanNode>): string[] {
  const remaining = nodes.map(djangoMigrationKey).filter((key) => graph.has(key));
  const done = new Set<string>();
  const order: string[] = [];
  while (remaining.length > 0) {
    const ready = remaining.findIndex((key) =>
      [...(graph.get(key)?.dependencies ?? [])].every((d) => done.has(d) || !graph.has(d)),
    );
    // A cycle (which Django refuses too): keep the given order for what is left.
    const key = remaining.splice(ready < 0 ? 0 : ready, 1)[0] as string;
    done.add(key);
    order.push(key);
  }
  return order;
}

/** The latest of the ISO 8601 times given. */
function latest(times: readonly (string | undefined)[]): string | undefined {
  return times
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
}

/**
 * The state of every migration of a Django project against the rows of its
 * `django_migrations` table: each migration Django would plan with (a used squashed
 * migration in place of those it replaces), `applied` or `pending`, in the order `migrate`
 * runs them; then the rows of migrations not on disk, `unknown`. `nodes` is every migration
 * on disk, squashed and replaced alike, in a forwards order (`djangoMigrationGraph`).
 */
export function djangoMigrationStatus(
  nodes: readonly DjangoMigrationNode[],
  rows: readonly AppliedMigration[],
): MigrationStatus[] {
  const recorded = new Map(rows.map((row) => [row.version, row]));
  const { graph, replacements } = planGraph(nodes, new Set(recorded.keys()));
  const statuses: MigrationStatus[] = forwardsOrder(nodes, graph).map((key) => {
    const { node } = graph.get(key) as PlanNode;
    const replaced = replacements.used.has(key)
      ? node.replaces.map(([app, name]) => djangoMigrationKey({ app, name }))
      : [];
    const applied = replacements.applied.has(key);
    const appliedAt =
      replaced.length > 0
        ? (recorded.get(key)?.appliedAt ?? latest(replaced.map((r) => recorded.get(r)?.appliedAt)))
        : recorded.get(key)?.appliedAt;
    const squash = replacements.squashedInto.get(key);
    return {
      version: key,
      name: node.name,
      app: node.app,
      path: node.path,
      state: applied ? 'applied' : 'pending',
      ...(applied && appliedAt !== undefined ? { appliedAt } : {}),
      ...(replaced.length > 0 ? { replaces: replaced } : {}),
      ...(squash ? { squashedInto: squash } : {}),
    };
  });
  // Rows of migrations on disk, and of those a squashed migration on disk replaces.
  const accountedFor = new Set(
    nodes.flatMap((n) => [
      djangoMigrationKey(n),
      ...n.replaces.map(([app, name]) => djangoMigrationKey({ app, name })),
    ]),
  );
  const unknown: MigrationStatus[] = rows
    .filter((row) => !accountedFor.has(row.version))
    .map((row) => ({
      version: row.version,
      name: row.name ?? row.version.slice(row.version.indexOf('.') + 1),
      app: row.version.slice(0, row.version.indexOf('.')),
      state: 'unknown',
      ...(row.appliedAt === undefined ? {} : { appliedAt: row.appliedAt }),
    }));
  return [...statuses, ...unknown];
}
