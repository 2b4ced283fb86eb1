/**
 * The model of PostgreSQL's extensibility objects: aggregates, operators, operator
 * classes and families, casts, conversions, transforms, access methods and text
 * search objects. Plain data like the rest of the model (see model.ts for the
 * conventions). Each list is optional in a {@link ExtensibilityLists}: a snapshot
 * written before schemaguard modelled a kind has no key for it, and that kind is then
 * not compared (rather than every object of it reported as added).
 */

import type { Commentable, ObjectKey } from './model.js';

/** An owner, when introspected with owners. */
interface Owned {
  readonly owner?: string;
}

export interface AggregateDef extends Commentable, Owned {
  readonly schema: string;
  readonly name: string;
  /** As `pg_get_function_identity_arguments` prints them: `integer`, `double precision ORDER BY double precision`. */
  readonly identityArguments: string;
  /** Full argument list (names, `VARIADIC`, `ORDER BY`); empty for `agg(*)`. */
  readonly arguments: string;
  readonly returns: string;
  /** Omitted for a normal aggregate. */
  readonly kind?: 'ordered-set' | 'hypothetical-set';
  /** Function names as the server prints them (schema-qualified unless in pg_catalog). */
  readonly stateFunction: string;
  readonly stateType: string;
  readonly stateSpace?: number;
  readonly finalFunction?: string;
  readonly finalExtra?: boolean;
  /** Omitted when the default for the kind (`READ_ONLY` for normal, `READ_WRITE` for ordered-set). */
  readonly finalModify?: 'READ_ONLY' | 'SHAREABLE' | 'READ_WRITE';
  readonly combineFunction?: string;
  readonly serialFunction?: string;
  readonly deserialFunction?: string;
  readonly initialCondition?: string;
  readonly movingStateFunction?: string;
  readonly movingInverseFunction?: string;
  readonly movingStateType?: string;
  readonly movingStateSpace?: number;
  readonly movingFinalFunction?: string;
  readonly movingFinalExtra?: boolean;
  /** Omitted when `READ_ONLY`. */
  readonly movingFinalModify?: 'SHAREABLE' | 'READ_WRITE';
  readonly movingInitialCondition?: string;
  /** `schema.op`, e.g. `pg_catalog.<`. */
  readonly sortOperator?: string;
  /** Omitted when `UNSAFE`. */
  readonly parallel?: 'SAFE' | 'RESTRICTED';
  readonly dependsOn?: readonly ObjectKey[];
}

export interface OperatorDef extends Commentable, Owned {
  readonly schema: string;
  /** The operator's symbol, e.g. `~=`. */
  readonly name: string;
  /** Omitted for a prefix operator. */
  readonly left?: string;
  readonly right: string;
  readonly function: string;
  /** `schema.op`. */
  readonly commutator?: string;
  readonly negator?: string;
  readonly restrict?: string;
  readonly join?: string;
  readonly hashes?: boolean;
  readonly merges?: boolean;
  readonly dependsOn?: readonly ObjectKey[];
}

/** An operator of an operator class or family (`pg_amop`). */
export interface OperatorMember {
  readonly strategy: number;
  /** With its argument types, as `regoperator` prints it: `ext.<~(text,text)`. */
  readonly operator: string;
  /** `FOR ORDER BY` this sort family (qualified); omitted for `FOR SEARCH`. */
  readonly orderFamily?: string;
}

/** A support function of an operator class or family (`pg_amproc`). */
export interface FunctionMember {
  readonly number: number;
  readonly leftType: string;
  readonly rightType: string;
  /** With its argument types, as `regprocedure` prints it. */
  readonly function: string;
}

export interface OperatorFamilyDef extends Commentable, Owned {
  readonly schema: string;
  readonly name: string;
  /** Index access method: `btree`, `hash`, `gist`, … */
  readonly method: string;
  /** Members added to the family itself (`ALTER OPERATOR FAMILY … ADD`), not through a class. */
  readonly operators?: readonly OperatorMember[];
  readonly functions?: readonly FunctionMember[];
}

export interface OperatorClassDef extends Commentable, Owned {
  readonly schema: string;
  readonly name: string;
  readonly method: string;
  readonly type: string;
  readonly default?: boolean;
  /** Qualified name of its family. */
  readonly family: string;
  /** `STORAGE` type, when it differs from `type`. */
  readonly storage?: string;
  readonly operators?: readonly OperatorMember[];
  readonly functions?: readonly FunctionMember[];
}

export interface CastDef extends Commentable {
  readonly source: string;
  readonly target: string;
  readonly method: 'function' | 'inout' | 'binary';
  /** With its argument types; for `method: function`. */
  readonly function?: string;
  /** Omitted for explicit casts. */
  readonly context?: 'ASSIGNMENT' | 'IMPLICIT';
}

export interface ConversionDef extends Commentable, Owned {
  readonly schema: string;
  readonly name: string;
  readonly sourceEncoding: string;
  readonly targetEncoding: string;
  readonly function: string;
  readonly default?: boolean;
}

export interface TransformDef extends Commentable {
  readonly type: string;
  readonly language: string;
  /** With its argument types. */
  readonly fromSql?: string;
  readonly toSql?: string;
}

export interface AccessMethodDef extends Commentable {
  readonly name: string;
  readonly type: 'TABLE' | 'INDEX';
  readonly handler: string;
}

export interface TextSearchParserDef extends Commentable {
  readonly schema: string;
  readonly name: string;
  readonly start: string;
  readonly getToken: string;
  readonly end: string;
  readonly lexTypes: string;
  readonly headline?: string;
}

export interface TextSearchTemplateDef extends Commentable {
  readonly schema: string;
  readonly name: string;
  readonly init?: string;
  readonly lexize: string;
}

export interface TextSearchDictionaryDef extends Commentable, Owned {
  readonly schema: string;
  readonly name: string;
  /** Qualified template name. */
  readonly template: string;
  /** The options as the server stores them: `stopwords = 'english', accept = 'false'`. */
  readonly options?: string;
}

/** Which dictionaries, in order, a configuration consults for one token type. */
export interface TextSearchMapping {
  readonly token: string;
  /** Qualified dictionary names. */
  readonly dictionaries: readonly string[];
}

export interface TextSearchConfigurationDef extends Commentable, Owned {
  readonly schema: string;
  readonly name: string;
  /** Qualified parser name. */
  readonly parser: string;
  /** By token type, in the parser's token order. */
  readonly mappings: readonly TextSearchMapping[];
}

/** The extensibility lists of a {@link Schema}; each absent in snapshots written before it was modelled. */
export interface ExtensibilityLists {
  readonly accessMethods?: readonly AccessMethodDef[];
  readonly operators?: readonly OperatorDef[];
  readonly operatorFamilies?: readonly OperatorFamilyDef[];
  readonly operatorClasses?: readonly OperatorClassDef[];
  readonly aggregates?: readonly AggregateDef[];
  readonly casts?: readonly CastDef[];
  readonly conversions?: readonly ConversionDef[];
  readonly transforms?: readonly TransformDef[];
  readonly textSearchParsers?: readonly TextSearchParserDef[];
  readonly textSearchTemplates?: readonly TextSearchTemplateDef[];
  readonly textSearchDictionaries?: readonly TextSearchDictionaryDef[];
  readonly textSearchConfigurations?: readonly TextSearchConfigurationDef[];
}

export type ExtensibilityList = keyof ExtensibilityLists;

type Item<L extends ExtensibilityList> = NonNullable<ExtensibilityLists[L]>[number];

const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;

/**
 * Each list with the name that identifies one of its objects (the change path and sort
 * key) and the attributes that make that name, in snapshot order.
 */
export const EXTENSIBILITY: {
  readonly [L in ExtensibilityList]: {
    readonly path: (o: Item<L>) => string;
    readonly identity: readonly string[];
    /** Singular and plural nouns. */
    readonly nouns: readonly [string, string];
  };
} = {
  accessMethods: { path: (a) => a.name, identity: ['name'], nouns: ['access method', 'access methods'] },
  operators: {
    path: (o) => `${qualified(o)}(${o.left ?? 'NONE'},${o.right})`,
    identity: ['schema', 'name', 'left', 'right'],
    nouns: ['operator', 'operators'],
  },
  operatorFamilies: {
    path: (f) => `${qualified(f)} USING ${f.method}`,
    identity: ['schema', 'name', 'method'],
    nouns: ['operator family', 'operator families'],
  },
  operatorClasses: {
    path: (c) => `${qualified(c)} USING ${c.method}`,
    identity: ['schema', 'name', 'method'],
    nouns: ['operator class', 'operator classes'],
  },
  aggregates: {
    path: (a) => `${qualified(a)}(${a.identityArguments})`,
    identity: ['schema', 'name', 'identityArguments'],
    nouns: ['aggregate', 'aggregates'],
  },
  casts: { path: (c) => `${c.source} AS ${c.target}`, identity: ['source', 'target'], nouns: ['cast', 'casts'] },
  conversions: { path: qualified, identity: ['schema', 'name'], nouns: ['conversion', 'conversions'] },
  transforms: {
    path: (t) => `${t.type} LANGUAGE ${t.language}`,
    identity: ['type', 'language'],
    nouns: ['transform', 'transforms'],
  },
  textSearchParsers: {
    path: qualified,
    identity: ['schema', 'name'],
    nouns: ['text search parser', 'text search parsers'],
  },
  textSearchTemplates: {
    path: qualified,
    identity: ['schema', 'name'],
    nouns: ['text search template', 'text search templates'],
  },
  textSearchDictionaries: {
    path: qualified,
    identity: ['schema', 'name'],
    nouns: ['text search dictionary', 'text search dictionaries'],
  },
  textSearchConfigurations: {
    path: qualified,
    identity: ['schema', 'name'],
    nouns: ['text search configuration', 'text search configurations'],
  },
};

/** The extensibility lists in snapshot order (what others use before what uses them). */
export const EXTENSIBILITY_LISTS = Object.keys(EXTENSIBILITY) as ExtensibilityList[];

/** Empty lists of every catalog kind: what a schema read by this version has when it has none. */
export function emptyExtensibilityLists(): {
  -readonly [L in ExtensibilityList]-?: NonNullable<ExtensibilityLists[L]>[number][];
} {
  return {
    accessMethods: [],
    operators: [],
    operatorFamilies: [],
    operatorClasses: [],
    aggregates: [],
    casts: [],
    conversions: [],
    transforms: [],
    textSearchParsers: [],
    textSearchTemplates: [],
    textSearchDictionaries: [],
    textSearchConfigurations: [],
  };
}

/** Singular and plural nouns of each list, in list order. */
const EXTENSIBILITY_NOUNS = EXTENSIBILITY_LISTS.map((list) => EXTENSIBILITY[list].nouns);

/** The change's object type of each list: its singular noun. */
export type ExtensibilityObjectType =
  | 'access method'
  | 'operator'
  | 'operator family'
  | 'operator class'
  | 'aggregate'
  | 'cast'
  | 'conversion'
  | 'transform'
  | 'text search parser'
  | 'text search template'
  | 'text search dictionary'
  | 'text search configuration';

/** A table by object type of these kinds, each value made from the kind's singular and plural nouns. */
export function byExtensibilityType<V>(
  value: (nouns: readonly [string, string]) => V,
): Record<ExtensibilityObjectType, V> {
  return Object.fromEntries(EXTENSIBILITY_NOUNS.map((nouns) => [nouns[0], value(nouns)])) as Record<
    ExtensibilityObjectType,
    V
  >;
}

/** Calls `visit` for each list both schemas have: a list one of them lacks is not compared. */
export function eachExtensibilityList(
  from: ExtensibilityLists,
  to: ExtensibilityLists,
  visit: <L extends ExtensibilityList>(list: L, from: readonly Item<L>[], to: readonly Item<L>[]) => void,
): void {
  for (const list of EXTENSIBILITY_LISTS) {
    const a = from[list];
    const b = to[list];
    if (a !== undefined && b !== undefined)
      visit(list, a as readonly Item<typeof list>[], b as readonly Item<typeof list>[]);
  }
}

/** The lists sorted by their objects' names (only the lists present). */
export function normalizeExtensibility(schema: ExtensibilityLists): ExtensibilityLists {
  const out: Record<string, unknown> = {};
  for (const list of EXTENSIBILITY_LISTS) {
    const items = schema[list] as readonly object[] | undefined;
    if (items === undefined) continue;
    const path = EXTENSIBILITY[list].path as (o: object) => string;
    const inOrder = items.every((o, i) => i === 0 || path(items[i - 1] as object) <= path(o));
    out[list] = inOrder ? items : [...items].sort((a, b) => (path(a) < path(b) ? -1 : path(a) > path(b) ? 1 : 0));
  }
  return out as ExtensibilityLists;
}

/**
 * The lists a filter keeps: objects in a kept schema; objects outside schemas (casts,
 * transforms, access methods) only when `keepGlobal`.
 */
export function filterExtensibility(
  schema: ExtensibilityLists,
  keepSchema: (schema: string) => boolean,
  keepGlobal: boolean,
): ExtensibilityLists {
  const out: Record<string, unknown> = {};
  for (const list of EXTENSIBILITY_LISTS) {
    const items = schema[list] as readonly { readonly schema?: string }[] | undefined;
    if (items === undefined) continue;
    out[list] = items.filter((o) => (o.schema === undefined ? keepGlobal : keepSchema(o.schema)));
  }
  return out as ExtensibilityLists;
}
