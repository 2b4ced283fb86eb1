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
  /** A string that may hold SQL: qualified references rewritten. */
  text(value: string): string;
  /** A function's `SET` clause (`search_path=tenant_0042, public`): the schema's entries renamed too. */
  setting(value: string): string;
}

function renamer(from: string, to: string): Renamer {
  // A quoted name is taken as written; a bare one folds to lower case (`Tenant_0042.t` names `tenant_0042`).
  const forms: [string, string][] = [[escapeRegExp(quoted(from)), 'gu']];
  if (PLAIN_NAME.test(from)) forms.push([escapeRegExp(from), 'giu']);
  const qualifiers = forms.map(([form, flags]) => new RegExp(`${NOT_AFTER}${form}(?=\\.)`, flags));
  const pathEntries = forms.map(([form, flags]) => new RegExp(`(?<=^|,\\s*)${form}(?=\\s*(?:,|$))`, flags));
  // Quoted when it must be, or when a name that needs no quotes had them; bare otherwise.
  const keepQuotes = PLAIN_NAME.test(from);
  const replacement = (match: string) =>
    (keepQuotes && match.startsWith('"')) || !PLAIN_NAME.test(to) ? quoted(to) : to;
  const mentions = (value: string) => value.toLowerCase().includes(from.toLowerCase());
  const replaceAll = (value: string, patterns: readonly RegExp[]) =>
    patterns.reduce((text, pattern) => text.replace(pattern, replacement), value);
  return {
    text: (value) => (mentions(value) ? replaceAll(value, qualifiers) : value),
    setting: (value) => {
      const match = /^search_path=(.*)$/is.exec(value);
      return match?.[1] && mentions(value) ? `search_path=${replaceAll(match[1], pathEntries)}` : value;
    },
  };
}

function renameValue(value: unknown, key: string, from: string, to: string, rename: Renamer): unknown {
  if (typeof value === 'string') {
    if (key === 'schema') return value === from ? to : value;
    if (key === 'config') return rename.setting(value);
    return NAME_KEYS.has(key) ? value : rename.text(value);
  }
  if (Array.isArray(value)) {
    // A publication's `FOR TABLES IN SCHEMA` list names schemas.
    if (key === 'schemas') return value.map((s: unknown) => (s === from ? to : s));
    return value.map((item: unknown) => renameValue(item, key, from, to, rename));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameValue(v, k, from, to, rename)] as const));
  }
  return value;
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
 * no objects of its own (a read of one schema holds only `from`).
 */
export function renameNamespace(schema: Schema, from: string, to: string): Schema {
  if (from === to) return schema;
  const rename = renamer(from, to);
  const { schemas, ...lists } = schema;
  return {
    ...(renameValue(lists, '', from, to, rename) as Omit<Schema, 'schemas'>),
    schemas: schemas.map((s) => (s.name === from ? { ...s, name: to } : s)),
  };
}
