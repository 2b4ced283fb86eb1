/**
 * Renaming a schema (namespace) throughout the model: how one tenant's schema of a
 * schema-per-tenant database (`tenant_0042`) is compared with a baseline whose objects live
 * in `public` (see `ResolvedConfig.scope`).
 */
import type { Schema } from './model.js';

/** Keys whose strings are names or free text, never SQL that could name a schema: left as they are. */
const NAME_KEYS = new Set([
  'name',
  'comment',
  'values',
  'table',
  'column',
  'columns',
  'include',
  'owner',
  'grantee',
  'roles',
  'user',
  'optionNames',
  'token',
]);

/** A name SQL may write without quotes (and the model's object keys write so). */
const PLAIN_NAME = /^[a-z_][a-z0-9_$]*$/;

/** What may not come right before a schema name for it to start a qualified reference. */
const NOT_AFTER = String.raw`(?<![\p{L}\p{N}_$."])`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Rewrites the references to one schema in SQL text and the model's strings. */
interface Renamer {
  /** Whether an object of the schema named so is renamed (with {@link RenameOptions.only}, those named alone). */
  owns(name: unknown): boolean;
  /** A string that may hold SQL: qualified references rewritten. */
  text(value: string): string;
  /** A function's `SET` clause (`search_path=tenant_0042, public`): the schema's entries renamed too. */
  setting(value: string): string;
}

/** The name after a qualifier's dot: quoted, or bare. */
const NEXT_NAME = String.raw`(?=\.("(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*))`;

function renamer(from: string, to: string, only: ReadonlySet<string> | undefined): Renamer {
  // A quoted name is taken as written; a bare one folds to lower case (`Tenant_0042.t` names `tenant_0042`).
  const forms: [string, string][] = [[escapeRegExp(quoted(from)), 'gu']];
  if (PLAIN_NAME.test(from)) forms.push([escapeRegExp(from), 'giu']);
  const qualifiers = forms.map(
    ([form, flags]) => new RegExp(`${NOT_AFTER}${form}${only ? NEXT_NAME : '(?=\\.)'}`, flags),
  );
  const pathEntries = forms.map(([form, flags]) => new RegExp(`(?<=^|,\\s*)${form}(?=\\s*(?:,|$))`, flags));
  // Quoted when it must be, or when a name that needs no quotes had them; bare otherwise.
  const keepQuotes = PLAIN_NAME.test(from);
  const renamed = (match: string) => ((keepQuotes && match.startsWith('"')) || !PLAIN_NAME.test(to) ? quoted(to) : to);
  const owns = (name: unknown) => only === undefined || (typeof name === 'string' && only.has(name));
  const unquoted = (name: string) =>
    name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();
  const replacement = (match: string, next?: unknown) =>
    typeof next === 'string' && !owns(unquoted(next)) ? match : renamed(match);
  const mentions = (value: string) => value.toLowerCase().includes(from.toLowerCase());
  const replaceAll = (value: string, patterns: readonly RegExp[]) =>
    patterns.reduce((text, pattern) => text.replace(pattern, replacement), value);
  return {
    owns,
    text: (value) => (mentions(value) ? replaceAll(value, qualifiers) : value),
    setting: (value) => {
      const match = /^search_path=(.*)$/is.exec(value);
      return match?.[1] && mentions(value) ? `search_path=${replaceAll(match[1], pathEntries)}` : value;
    },
  };
}

function renameValue(value: unknown, key: string, from: string, to: string, rename: Renamer): unknown {
  if (typeof value === 'string') {
    if (key === 'config') return rename.setting(value);
    return NAME_KEYS.has(key) ? value : rename.text(value);
  }
  if (Array.isArray(value)) {
    // A publication's `FOR TABLES IN SCHEMA` list names schemas.
    if (key === 'schemas') return value.map((s: unknown) => (s === from ? to : s));
    return value.map((item: unknown) => renameValue(item, key, from, to, rename));
  }
  if (value !== null && typeof value === 'object') {
    // An object in the schema, or a reference to one (a foreign key's table, a sequence's owner).
    const object = value as Record<string, unknown>;
    const own = rename.owns(object.name ?? object.table);
    return Object.fromEntries(
      Object.entries(object).map(([k, v]) => [
        k,
        k === 'schema' && typeof v === 'string' ? (v === from && own ? to : v) : renameValue(v, k, from, to, rename),
      ]),
    );
  }
  return value;
}

/** How {@link renameNamespace} renames. */
export interface RenameOptions {
  /**
   * Rename only the objects of the schema with these names, and the references to them: a schema
   * renamed back (`public` to `tenant_0042`) when other objects of `public` are used too
   * (an extension's types and functions). By default every object and reference is renamed.
   */
  readonly only?: ReadonlySet<string>;
}

/** The names of the objects a schema holds in the namespace `name` (tables, views, types, functions, …). */
export function namesIn(schema: Schema, name: string): Set<string> {
  const names = new Set<string>();
  for (const list of Object.values(schema)) {
    if (!Array.isArray(list)) continue;
    for (const object of list as unknown[]) {
      const { schema: where, name: own } = (object ?? {}) as { schema?: unknown; name?: unknown };
      if (where === name && typeof own === 'string') names.add(own);
    }
  }
  return names;
}

/**
 * The schema with the namespace `from` renamed `to` everywhere: the namespace itself, every
 * object's `schema` (foreign-key targets, sequence owners, partition parents, … included),
 * the object keys of `dependsOn`, and every reference qualified by it in the SQL the model
 * holds — types (`tenant_0042.mood[]`), defaults (`nextval('tenant_0042.t_id_seq'::regclass)`,
 * inside the string literal too), check, index, trigger, policy, rule and view definitions,
 * function signatures, results and bodies, and the entries of a function's `SET search_path`.
 *
 * A reference is the name, bare (in any case, as unquoted names fold) or double-quoted,
 * followed by a dot and not preceded by a letter, digit, `_`, `$`, `.` or `"`: `tenant_00421.t`
 * and a column `tenant_0042_x` are not touched. The new name is written bare, but quoted when it
 * is not a plain lower-case name or when the old one was quoted although it needed no quotes. Function bodies are text
 * to the model: their qualified references are rewritten the same way, and an unqualified
 * name, or a table alias spelled like the schema (`FROM t AS tenant_0042 … tenant_0042.id`),
 * is taken as it reads. Names, comments and enum labels are never rewritten. `to` should hold
 * no objects of its own (a read of one schema holds only `from`). With `options.only`, only the
 * objects so named, and the references to them, are renamed.
 */
export function renameNamespace(schema: Schema, from: string, to: string, options: RenameOptions = {}): Schema {
  if (from === to) return schema;
  const rename = renamer(from, to, options.only);
  const { schemas, ...lists } = schema;
  return {
    ...(renameValue(lists, '', from, to, rename) as Omit<Schema, 'schemas'>),
    schemas: schemas.map((s) => (s.name === from ? { ...s, name: to } : s)),
  };
}
