/**
 * The extensions a piece of SQL asks for: which to make available to an embedded
 * shadow database before replaying it, and which versions it pins (compared across
 * server versions, where default versions are not).
 */

/** One `CREATE EXTENSION` or `ALTER EXTENSION … UPDATE` statement. */
export interface ExtensionRequest {
  /** The extension's name as the catalog spells it: `pgcrypto`, `uuid-ossp`. */
  readonly name: string;
  readonly kind: 'create' | 'update';
  /** The version written (`VERSION '1.3'`, `UPDATE TO '1.3'`); undefined for the default version. */
  readonly version?: string;
  /** `CASCADE`: the extensions it requires are created too. */
  readonly cascade: boolean;
}

/** Whitespace and comments before a statement. */
const LEADING = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
/** An identifier, double-quoted or plain. */
const NAME = String.raw`("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
/** A version: a string literal or an identifier. */
const VERSION = String.raw`('(?:[^']|'')*'|"(?:[^"]|"")+"|[A-Za-z0-9_.$]+)`;
const CREATE = new RegExp(String.raw`^CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}([\s\S]*)$`, 'i');
const UPDATE = new RegExp(String.raw`^ALTER\s+EXTENSION\s+${NAME}\s+UPDATE(?:\s+TO\s+${VERSION})?\s*;?\s*$`, 'i');
const VERSION_OPTION = new RegExp(String.raw`\bVERSION\s+${VERSION}`, 'i');

/** A name or version as the catalog holds it: quotes removed, plain identifiers lower-cased. */
export function unquote(text: string): string {
  if (text.startsWith('"')) return text.slice(1, -1).replaceAll('""', '"');
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  return text.toLowerCase();
}

/** The extension one SQL statement creates or updates; undefined for any other statement. */
export function extensionRequest(statement: string): ExtensionRequest | undefined {
  const sql = statement.replace(LEADING, '');
  const create = CREATE.exec(sql);
  if (create?.[1] !== undefined) {
    const options = create[2] ?? '';
    const version = VERSION_OPTION.exec(options)?.[1];
    return {
      name: unquote(create[1]),
      kind: 'create',
      ...(version ? { version: unquote(version) } : {}),
      cascade: /\bCASCADE\s*;?\s*$/i.test(options),
    };
  }
  const update = UPDATE.exec(sql);
  if (update?.[1] !== undefined) {
    return {
      name: unquote(update[1]),
      kind: 'update',
      ...(update[2] ? { version: unquote(update[2]) } : {}),
      cascade: false,
    };
  }
  return undefined;
}

/**
 * The extensions whose version the statements pin, in the order given: the last
 * statement about an extension decides (`ALTER EXTENSION … UPDATE` without `TO` goes
 * back to the default version).
 */
export function pinnedExtensions(requests: readonly ExtensionRequest[]): string[] {
  const pinned = new Map<string, boolean>();
  for (const request of requests) pinned.set(request.name, request.version !== undefined);
  return [...pinned].filter(([, isPinned]) => isPinned).map(([name]) => name);
}
