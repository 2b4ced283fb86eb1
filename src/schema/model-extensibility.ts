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

/** The name of one of these lists. */
export type ExtensibilityList = keyof ExtensibilityLists;

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
