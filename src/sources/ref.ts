import { SchemaguardError } from '../errors.js';
import { dialectForUrl, refForms } from '../dialects/index.js';
import { redactUrl } from '../redact.js';

/** A ref, parsed: what kind of schema source it names. */
export type ParsedRef =
  | { readonly kind: 'database'; readonly url: string }
  | { readonly kind: 'environment'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  /** A snapshot file as it is at a git revision; `path` undefined means the configured baseline. */
  | { readonly kind: 'git'; readonly revision: string; readonly path?: string }
  /** Desired-state SQL: a file, or a folder of `.sql` files applied in name order. */
  | { readonly kind: 'sql'; readonly path: string }
  /**
   * A migration folder replayed (up to `version`); `path` undefined means the configured
   * folder; with `revision`, the folder as it is at that git revision.
   */
  | { readonly kind: 'migrations'; readonly path?: string; readonly version?: string; readonly revision?: string }
  /**
   * A Django project's models and migrations, as its own `migrate` builds them on a shadow
   * database; `manage` is its `manage.py` (or the folder holding it), the config's when undefined.
   */
  | { readonly kind: 'django'; readonly manage?: string }
  /** An ORM's models, turned into DDL. */
  | { readonly kind: 'models'; readonly orm: 'drizzle' | 'prisma'; readonly path: string }
  /**
   * Several of the three kinds above, `A + B`, replayed in order on one shadow database: e.g.
   * `drizzle:./src/db/schema.ts + sql:./src/db/triggers.sql`, for what the ORM cannot describe.
   */
  | { readonly kind: 'combined'; readonly parts: readonly ShadowRef[] };

/** A ref built on a shadow database: what a combined ref is made of. */
export type ShadowRef = Extract<ParsedRef, { kind: 'sql' | 'migrations' | 'models' }>;

/** The separator of a combined ref's parts. */
const COMBINED = ' + ';

/** The parts of a combined ref, as written (a ref of one part is its own only part). */
export function refParts(ref: string): string[] {
  return ref.split(COMBINED).map((part) => part.trim());
}

/** `git:REV[:FOLDER]` in a `migrations:` ref: the revision and the folder (the configured one when left out). */
function gitFolder(ref: string, text: string): { revision: string; path?: string } {
  const rest = text.slice('git:'.length);
  const colon = rest.indexOf(':');
  const revision = colon === -1 ? rest : rest.slice(0, colon);
  const path = colon === -1 ? undefined : rest.slice(colon + 1);
  if (!revision || path === '') {
    throw new SchemaguardError(
      `The ref "${ref}" is incomplete: write migrations:git:REV:FOLDER, e.g. migrations:git:main:migrations.`,
    );
  }
  return { revision, ...(path === undefined ? {} : { path }) };
}

/**
 * Parses a ref: a database URL (`postgres://…`, `pglite:…`, `mysql://…`), `env:NAME`,
 * `git:REV[:PATH]` (a snapshot file at a git revision), `sql:PATH`,
 * `migrations:[PATH][@VERSION]`, `migrations:git:REV[:PATH][@VERSION]` (a folder at a git revision), `drizzle:MODULE`,
 * `prisma:SCHEMA`, `django:[MANAGE.PY]`, a snapshot file path, or
 * several shadow refs joined with ` + `.
 */
export function parseRef(ref: string): ParsedRef {
  const parts = refParts(ref);
  if (parts.length > 1) {
    const parsed = parts.map(parseSingleRef);
    const other = parsed.find((p) => p.kind !== 'sql' && p.kind !== 'migrations' && p.kind !== 'models');
    if (other) {
      throw new SchemaguardError(
        `The combined ref "${redactUrl(ref.trim())}" joins a ${other.kind} ref: only sql:, migrations:, drizzle: and prisma: refs can be joined with " + ".`,
      );
    }
    return { kind: 'combined', parts: parsed as ShadowRef[] };
  }
  return parseSingleRef(ref);
}

function parseSingleRef(ref: string): ParsedRef {
  const trimmed = ref.trim();
  if (trimmed === '')
    throw new SchemaguardError('An empty ref was given: name a database URL, env:NAME or a snapshot file.');
  if (trimmed.startsWith('env:')) {
    const name = trimmed.slice(4);
    if (!name) throw new SchemaguardError('The ref "env:" names no environment: write env:NAME.');
    return { kind: 'environment', name };
  }
  if (trimmed.startsWith('git:')) {
    const rest = trimmed.slice(4);
    const colon = rest.indexOf(':');
    const revision = colon === -1 ? rest : rest.slice(0, colon);
    const path = colon === -1 ? undefined : rest.slice(colon + 1);
    if (!revision || path === '') {
      throw new SchemaguardError(
        `The ref "${trimmed}" is incomplete: write git:REV:PATH, e.g. git:HEAD~1:database_schema/baseline_schema.json.`,
      );
    }
    return { kind: 'git', revision, path };
  }
  if (trimmed.startsWith('sql:')) {
    const path = trimmed.slice(4);
    if (!path)
      throw new SchemaguardError('The ref "sql:" names no file: write sql:PATH (a .sql file or a folder of them).');
    return { kind: 'sql', path };
  }
  if (trimmed.startsWith('migrations:')) {
    const rest = trimmed.slice('migrations:'.length);
    const at = rest.lastIndexOf('@');
    const path = (at === -1 ? rest : rest.slice(0, at)) || undefined;
    const version = at === -1 ? undefined : rest.slice(at + 1);
    if (version === '') throw new SchemaguardError(`The ref "${trimmed}" names no version after "@".`);
    if (path?.startsWith('git:')) return { kind: 'migrations', ...gitFolder(trimmed, path), version };
    return { kind: 'migrations', path, version };
  }
  if (trimmed.startsWith('django:')) {
    const manage = trimmed.slice('django:'.length);
    return manage ? { kind: 'django', manage } : { kind: 'django' };
  }
  for (const orm of ['drizzle', 'prisma'] as const) {
    if (!trimmed.startsWith(`${orm}:`)) continue;
    const path = trimmed.slice(orm.length + 1);
    const example = orm === 'drizzle' ? 'drizzle:./src/db/schema.ts' : 'prisma:./prisma/schema.prisma';
    if (!path) throw new SchemaguardError(`The ref "${orm}:" names no models: write ${example}.`);
    return { kind: 'models', orm, path };
  }
  if (dialectForUrl(trimmed)) return { kind: 'database', url: trimmed };
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(trimmed)?.[1];
  if (scheme) {
    const databases = refForms();
    const known = `${databases}, env:NAME, git:REV:PATH, sql:PATH, migrations:PATH, drizzle:MODULE, prisma:SCHEMA, django:MANAGE.PY or a snapshot file path`;
    throw new SchemaguardError(`Unknown ref kind "${scheme}:" in ${redactUrl(trimmed)}: use ${known}.`);
  }
  return { kind: 'file', path: trimmed };
}
