import type { ExtensibilityList, ExtensibilityLists } from '../../../schema/model-extensibility.js';
import type { ObjectKey } from '../../../schema/model.js';
import type { CatalogScope } from '../catalog-sql.js';

/** One catalog row, as the driver returns it. */
export type Row = Record<string, unknown>;

export const str = (v: unknown): string => v as string;
export const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
export const nonEmpty = <T>(list: readonly T[]): readonly T[] | undefined => (list.length > 0 ? list : undefined);

/** What reading a kind's rows may use besides them. */
export interface ReadContext {
  /** Whether owners are read. */
  readonly includeOwners: boolean;
  /** Dependencies between user objects, by key (functions, operators, types, tables, views). */
  readonly dependsOn: (key: ObjectKey) => readonly ObjectKey[] | undefined;
  /** The rows of every catalog query, by name. */
  readonly rows: Readonly<Record<string, readonly Row[]>>;
}

/** The object with the dependencies the catalog records for it (under `key`), when there are any. */
export function withDependencies<T extends object>(o: T, key: ObjectKey, context: ReadContext): T {
  const dependsOn = context.dependsOn(key);
  return dependsOn ? { ...o, dependsOn } : o;
}

/** Statements that change an object in place, around the drops and creations of a migration. */
export interface InPlaceChange {
  /** Run before anything is dropped (e.g. detaching what is about to go). */
  readonly first?: readonly string[];
  /** Run after new objects are created. */
  readonly last?: readonly string[];
}

/**
 * Everything schemaguard knows about one kind of PostgreSQL object: how to read it from
 * the catalog (one query over the whole database), order it, create, drop and alter it.
 */
export interface CatalogKind<T extends object> {
  readonly list: ExtensibilityList;
  /** Catalog queries by name for a server version, over every user namespace or the `scope`'s; `read` gets their rows. */
  queries(version: number, scope: CatalogScope | undefined): Readonly<Record<string, string>>;
  read(context: ReadContext): T[];
  /** The key others name it by in `dependsOn`. */
  key(o: T): ObjectKey;
  /** What must exist before it is created (and be dropped after it). */
  dependsOn(o: T): readonly ObjectKey[];
  /** Creation order among types (0–2), functions (3), tables (4) and views (5). */
  readonly rank: number;
  create(o: T): string[];
  drop(o: T): string;
  /** The object as `COMMENT ON` names it: `AGGREGATE public.total(integer)`. */
  commentTarget(o: T): string;
  /** The words before the name in {@link commentTarget} (`AGGREGATE`), for kinds that have an owner. */
  readonly ownerKind?: string;
  /** The statements of a change PostgreSQL can make in place; undefined: drop and create it again. */
  alter?(before: T, after: T): InPlaceChange | undefined;
  /** Dropping and creating it again means its users must be rebuilt too (views, defaults…). */
  readonly rebuildsUsers?: boolean;
}

/** A kind with its object type erased, for the registry. */
export type AnyCatalogKind = CatalogKind<object>;

/** The items of a list in a schema, or none. */
export function itemsOf(schema: ExtensibilityLists, list: ExtensibilityList): readonly object[] {
  return (schema[list] as readonly object[] | undefined) ?? [];
}
