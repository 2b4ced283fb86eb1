/**
 * schemaguard's library API: everything the CLI does is available here, for tools
 * that want schemaguard without its command line.
 */
export type * from './schema/model.js';
export type * from './schema/model-kinds.js';
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
export { DIALECTS, connect, dialectByName, dialectForUrl } from './dialects/index.js';
export type {
  Dialect,
  Connection,
  ConnectOptions,
  IntrospectOptions,
  Introspection,
  TransactionOptions,
  SqlLexer,
  SqlStatement,
} from './dialects/dialect.js';
/** Schema assertions ("critical relationships") checked against any loaded schema. */
export { checkAssertions, type AssertionResult } from './checks/assertions.js';
export type { SchemaAssertion } from './checks/assertion-spec.js';
/** The team's own checks: read-only SQL that must return a row, shell commands that must exit with 0. */
export {
  DEFAULT_CHECK_TIMEOUT_SECONDS,
  isSqlCheck,
  runChecks,
  runCommandCheck,
  runSqlCheck,
  type CheckResult,
  type CommandCheck,
  type RunChecksOptions,
  type RunCommandOptions,
  type SqlCheck,
  type SystemCheck,
} from './checks/run.js';
export { SchemaguardError } from './errors.js';
export { redactUrl } from './redact.js';
export { TOOL_VERSION } from './version.js';
