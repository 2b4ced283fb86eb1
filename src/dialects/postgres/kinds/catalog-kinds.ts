import type { Change } from '../../../diff/change.js';
import { LIST_KINDS, listsOf } from '../../../schema/kind-lists.js';
import type {
  ExtensibilityList,
  ExtensibilityLists,
  ExtensibilityObjectType,
} from '../../../schema/model-extensibility.js';
import type { DependencyNode } from '../../../plan/graph.js';
import type { ObjectKey } from '../../../schema/model.js';
import type { CatalogScope } from '../catalog-sql.js';
import { quoteIdent, quoteLiteral } from '../quote.js';
import { aggregates } from './aggregates.js';
import { accessMethods, casts, conversions, transforms } from './casts.js';
import { type AnyCatalogKind, type CatalogKind, type ReadContext, itemsOf } from './kind.js';
import { operatorClasses, operatorFamilies, operators } from './operators.js';
import {
  textSearchConfigurations,
  textSearchDictionaries,
  textSearchParsers,
  textSearchTemplates,
} from './text-search.js';

/*
 * The registry of the catalog object kinds (aggregates, operators, casts, text search, …): the hooks introspection, the
 * full-schema DDL and the migration planner call, so that those files only loop over it.
 */

const KINDS: { readonly [L in ExtensibilityList]: CatalogKind<NonNullable<ExtensibilityLists[L]>[number]> } = {
  accessMethods,
  operators,
  operatorFamilies,
  operatorClasses,
  aggregates,
  casts,
  conversions,
  transforms,
  textSearchParsers,
  textSearchTemplates,
  textSearchDictionaries,
  textSearchConfigurations,
};

/** The catalog object lists, in snapshot order. */
const CATALOG_LISTS = listsOf('catalog') as ExtensibilityList[];

const ALL = CATALOG_LISTS.map((list) => KINDS[list] as AnyCatalogKind);

const objectTypeOf = (list: ExtensibilityList) => LIST_KINDS[list].objectType as ExtensibilityObjectType;

const byObjectType = new Map(CATALOG_LISTS.map((list) => [objectTypeOf(list), KINDS[list] as AnyCatalogKind]));

/** The object types of these kinds, as changes name them. */
const CATALOG_KIND_TYPES = CATALOG_LISTS.map(objectTypeOf);

/** The catalog queries of every kind, by name, over every user namespace or the `scope`'s. */
export function catalogKindQueries(version: number, scope?: CatalogScope): Record<string, string> {
  return Object.assign({}, ...ALL.map((kind) => kind.queries(version, scope))) as Record<string, string>;
}

/** Every kind's list, read from the rows of its queries. */
export function readCatalogKinds(context: ReadContext): ExtensibilityLists {
  return Object.fromEntries(ALL.map((kind) => [kind.list, kind.read(context)])) as ExtensibilityLists;
}

/** Nodes of the creation order for the objects of these kinds in a schema. */
export function catalogKindNodes(schema: ExtensibilityLists): DependencyNode[] {
  return ALL.flatMap((kind) =>
    itemsOf(schema, kind.list).map((o) => ({
      key: kind.key(o),
      rank: kind.rank,
      sortName: kind.key(o),
      dependsOn: kind.dependsOn(o),
      statements: kind.create(o),
    })),
  );
}

/** COMMENT ON statements for the objects of these kinds that have a comment. */
export function catalogKindComments(schema: ExtensibilityLists): string[] {
  return ALL.flatMap((kind) =>
    itemsOf(schema, kind.list).flatMap((o) => {
      const comment = (o as { comment?: string }).comment;
      return comment === undefined ? [] : [`COMMENT ON ${kind.commentTarget(o)} IS ${quoteLiteral(comment)};`];
    }),
  );
}

/** ALTER … OWNER TO statements for the objects of these kinds read with owners. */
export function catalogKindOwners(schema: ExtensibilityLists): string[] {
  return ALL.flatMap((kind) =>
    itemsOf(schema, kind.list).flatMap((o) => {
      const owner = (o as { owner?: string }).owner;
      return owner === undefined ? [] : [`ALTER ${kind.commentTarget(o)} OWNER TO ${quoteIdent(owner)};`];
    }),
  );
}

/** What the migration planner lends the rules of these kinds. */
export interface CatalogKindPlanner {
  /** Creates the object (in dependency order with everything else created). */
  create(list: ExtensibilityList, object: object): void;
  /** Drops it once nothing that depends on it is left. */
  drop(sql: string, key: ObjectKey, dependsOn: readonly ObjectKey[]): void;
  /** Statements before the drops (`first`) or after the creations (`last`). */
  emit(when: 'first' | 'last', sql: readonly string[]): void;
  /** Comment and owner changes, given the `COMMENT ON` target and the owner's `ALTER` kind. */
  docs(target: string, ownerKind: string | undefined): void;
  /** The object is dropped and created again: what uses it must be rebuilt too. */
  rebuilt(key: ObjectKey): void;
}

const DOC_ATTRIBUTES = new Set(['comment', 'owner']);

/** Plans one change of an object of these kinds. */
export function planCatalogKindChange(change: Change, planner: CatalogKindPlanner): void {
  const kind = byObjectType.get(change.objectType as ExtensibilityObjectType);
  if (!kind) return;
  const before = change.before as object;
  const after = change.after as object;
  if (change.action === 'add') return planner.create(kind.list, after);
  const drop = (o: object) => planner.drop(kind.drop(o), kind.key(o), kind.dependsOn(o));
  if (change.action === 'drop') return drop(before);
  const onlyDocs = (change.attributes ?? []).every((a) => DOC_ATTRIBUTES.has(a.attribute));
  const inPlace = onlyDocs ? {} : kind.alter?.(before, after);
  if (inPlace) {
    planner.docs(kind.commentTarget(after), kind.ownerKind);
    if (inPlace.first?.length) planner.emit('first', inPlace.first);
    if (inPlace.last?.length) planner.emit('last', inPlace.last);
    return;
  }
  drop(before);
  planner.create(kind.list, after);
  if (kind.rebuildsUsers) planner.rebuilt(kind.key(before));
}

/** The handler of every object type of these kinds, for the planner's table of handlers. */
export function catalogKindHandlers<H>(handler: H): Record<ExtensibilityObjectType, H> {
  return Object.fromEntries(CATALOG_KIND_TYPES.map((type) => [type, handler])) as Record<ExtensibilityObjectType, H>;
}
