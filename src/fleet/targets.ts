/**
 * The targets of a fleet: the databases (or the tenant schemas of one database) a `fleet`
 * command runs on, each with a stable name, from the config's `fleets` entry.
 */
import { environmentUrl, type ResolvedConfig } from '../config/load.js';
import type { FleetConfig } from '../config/schema.js';
import { connect, dialectForUrl } from '../dialects/index.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { redactUrl } from '../redact.js';
import { nameMatcher } from '../schema/filter.js';
import { parseRef } from '../sources/ref.js';

/** One target of a fleet. */
export interface FleetTarget {
  /** Its name in reports: stable from run to run, unique in the fleet. */
  readonly name: string;
  /** The database: a URL, or `env:NAME` for a configured environment. */
  readonly ref: string;
  /** For a tenant schema: the schema of that database holding the tenant's objects. */
  readonly schema?: string;
}

/** The fleet of a given name, or the config's only fleet when no name is given. */
export function fleetNamed(config: ResolvedConfig, name: string | undefined): { name: string; fleet: FleetConfig } {
  const names = Object.keys(config.fleets);
  if (names.length === 0) {
    throw new SchemaguardError(
      `The config${config.file ? ` ${config.file}` : ''} has no fleets: add one under "fleets" (see docs/commands/fleet.md).`,
    );
  }
  const chosen = name ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined) throw new SchemaguardError(`Name the fleet with --fleet: ${names.join(', ')}.`);
  const fleet = config.fleets[chosen];
  if (!fleet) throw new SchemaguardError(`There is no fleet "${chosen}" in the config; it has ${names.join(', ')}.`);
  return { name: chosen, fleet };
}

/**
 * Every target of a fleet, sorted by name: the written ones, those of matching environment
 * variables, the rows of the control query and the matching schemas. Two targets with one
 * name, or a fleet with none, are errors.
 */
export async function fleetTargets(config: ResolvedConfig, name: string, fleet: FleetConfig): Promise<FleetTarget[]> {
  const targets: FleetTarget[] = [];
  for (const entry of fleet.targets ?? []) targets.push(writtenTarget(config, name, entry));
  if (fleet.urlEnv) targets.push(...variableTargets(config, name, fleet.urlEnv));
  if (fleet.query) targets.push(...(await queriedTargets(config, name, fleet.query)));
  if (fleet.schemas) targets.push(...(await schemaTargets(config, name, fleet.schemas)));
  if (targets.length === 0) throw new SchemaguardError(`The fleet "${name}" has no targets.`);
  const seen = new Map<string, FleetTarget>();
  for (const target of targets) {
    if (seen.has(target.name)) {
      throw new SchemaguardError(
        `The fleet "${name}" has two targets named "${target.name}": give them names of their own.`,
      );
    }
    seen.set(target.name, target);
  }
  return targets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function writtenTarget(config: ResolvedConfig, fleet: string, entry: NonNullable<FleetConfig['targets']>[number]) {
  if (typeof entry === 'string') {
    const parsed = parseRef(entry);
    if (parsed.kind === 'environment') {
      environmentUrl(config, parsed.name);
      return { name: parsed.name, ref: entry };
    }
    if (parsed.kind !== 'database') {
      throw new SchemaguardError(
        `The fleet "${fleet}" lists "${redactUrl(entry)}": a target is a database URL or env:NAME.`,
      );
    }
    return { name: nameOfUrl(entry), ref: entry };
  }
  const url = entry.url ?? variable(config, fleet, entry.urlEnv as string);
  return { name: entry.name, ref: url, ...(entry.schema ? { schema: entry.schema } : {}) };
}

function variable(config: ResolvedConfig, fleet: string, name: string): string {
  const value = config.env[name];
  if (!value) throw new SchemaguardError(`The fleet "${fleet}" reads $${name}, which is not set.`);
  return value;
}

/** A target per environment variable whose name matches the glob, named by the variable. */
function variableTargets(config: ResolvedConfig, fleet: string, glob: string): FleetTarget[] {
  const matches = nameMatcher([glob]);
  const names = Object.keys(config.env).filter((n) => matches(n) && config.env[n]);
  if (names.length === 0) throw new SchemaguardError(`The fleet "${fleet}": no environment variable matches ${glob}.`);
  return names.map((n) => ({ name: n, ref: config.env[n] as string }));
}

/** The URL of a fleet's database ref: a URL as it is, `env:NAME` through the config's environment. */
function databaseUrl(config: ResolvedConfig, fleet: string, ref: string): string {
  const parsed = parseRef(ref);
  if (parsed.kind === 'environment') return environmentUrl(config, parsed.name);
  if (parsed.kind === 'database') return ref;
  throw new SchemaguardError(`The fleet "${fleet}" reads "${redactUrl(ref)}": give a database URL or env:NAME.`);
}

async function queriedTargets(
  config: ResolvedConfig,
  fleet: string,
  query: NonNullable<FleetConfig['query']>,
): Promise<FleetTarget[]> {
  const url = databaseUrl(config, fleet, query.database);
  const rows = await withConnection(config, url, (client) => client.query(query.sql)).catch((error: unknown) => {
    throw new SchemaguardError(`The fleet "${fleet}": its query failed: ${errorMessage(error)}`, { cause: error });
  });
  return rows.map((row, index) => {
    const column = (name: string) => {
      const key = Object.keys(row).find((k) => k.toLowerCase() === name);
      const value = key === undefined ? undefined : row[key];
      return value === null || value === undefined || value === '' ? undefined : String(value);
    };
    const [rowUrl, schema, name] = [column('url'), column('schema'), column('name')];
    if ((rowUrl === undefined) === (schema === undefined)) {
      throw new SchemaguardError(
        `The fleet "${fleet}": row ${index + 1} of its query needs a "url" or a "schema" column (and may have "name").`,
      );
    }
    if (schema !== undefined) {
      requireSchemas(url, fleet);
      return { name: name ?? schema, ref: query.database, schema };
    }
    return { name: name ?? nameOfUrl(rowUrl as string), ref: rowUrl as string };
  });
}

async function schemaTargets(
  config: ResolvedConfig,
  fleet: string,
  schemas: NonNullable<FleetConfig['schemas']>,
): Promise<FleetTarget[]> {
  const url = databaseUrl(config, fleet, schemas.database);
  requireSchemas(url, fleet);
  const matches = nameMatcher([schemas.pattern]);
  const rows = await withConnection(config, url, (client) =>
    client.query<{ name: string }>('SELECT schema_name AS name FROM information_schema.schemata'),
  );
  const names = rows.map((r) => r.name).filter(matches);
  if (names.length === 0) {
    throw new SchemaguardError(`The fleet "${fleet}": no schema of ${redactUrl(url)} matches ${schemas.pattern}.`);
  }
  return names.map((name) => ({ name, ref: schemas.database, schema: name }));
}

/** Tenant schemas are PostgreSQL's: elsewhere a schema is a database of its own (list their URLs). */
function requireSchemas(url: string, fleet: string): void {
  const dialect = dialectForUrl(url);
  if (dialect?.name !== 'postgres') {
    throw new SchemaguardError(
      `The fleet "${fleet}": tenant schemas need PostgreSQL; on ${dialect?.name ?? 'this engine'} list each database's URL instead.`,
    );
  }
}

async function withConnection<T>(
  config: ResolvedConfig,
  url: string,
  work: (client: Awaited<ReturnType<typeof connect>>) => Promise<T>,
): Promise<T> {
  const client = await connect(url, { connectTimeoutMs: config.connectTimeoutMs, cwd: config.cwd, env: config.env });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** A target's name from its URL, without scheme or credentials: `db.example.com:5432/app`, `./tenants/acme.db`. */
export function nameOfUrl(url: string): string {
  const shown = redactUrl(url);
  const match = /^[a-z][a-z0-9+.-]*:(?:\/\/)?(?:[^@/]*@)?(.*)$/i.exec(shown);
  return (match?.[1] ?? shown).replace(/\?.*$/, '') || shown;
}

/**
 * The shard of a target: a hash of its name, so that the slice a CI job takes does not move
 * when targets are added, removed or listed in another order. Shards count from 1.
 */
export function shardOf(name: string, shards: number): number {
  // FNV-1a, 32 bits: small, fast, and the same on every machine.
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % shards) + 1;
}

/** A `--shard I/N` value. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard I/N` (1 ≤ I ≤ N). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count) {
    throw new SchemaguardError(`--shard takes I/N with 1 ≤ I ≤ N (such as 2/4), not "${text}".`);
  }
  return { index, count };
}
