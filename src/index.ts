/**
 * schemaguard's library API: everything the CLI does is available here, for tools
 * that want schemaguard without its command line.
 */
export type * from './schema/model.js';
export { emptySchema } from './schema/model.js';
export { hashSchema, normalizeSchema, toCanonicalJson } from './schema/canonical.js';
export {
  FORMAT_VERSION,
  createSnapshot,
  parseSnapshot,
  readSnapshot,
  serializeSnapshot,
  writeSnapshot,
  type Snapshot,
  type SnapshotMeta,
} from './schema/snapshot.js';
export { filterSchema, type SchemaFilter } from './schema/filter.js';
export { objectKey, objectKeys } from './schema/keys.js';
export { loadSchema, type LoadOptions, type LoadedSchema } from './sources/load.js';
export { parseRef, type ParsedRef } from './sources/ref.js';
export { defineConfig, loadConfig, environmentUrl, type ResolvedConfig } from './config/load.js';
export type { SchemaguardConfig, EnvironmentConfig } from './config/schema.js';
export { DIALECTS, dialectByName, dialectForUrl } from './dialects/index.js';
export type { Dialect, DatabaseSession, ConnectOptions, IntrospectOptions, Introspection } from './dialects/dialect.js';
export { SchemaguardError } from './errors.js';
export { redactUrl } from './redact.js';
export { TOOL_VERSION } from './version.js';
