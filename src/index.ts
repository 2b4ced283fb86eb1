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
/** Comparing: typed changes with their severity and hazards. */
export { compareSchemas, diff, type CompareOptions, type Comparison } from './diff/index.js';
export type { Change, ChangeAction, AttributeChange, Hazard, ObjectType, Severity } from './diff/change.js';
/** Planning and applying: ordered statements, rendered as SQL or JSON, run on a connection. */
export { plan } from './plan/plan-changes.js';
export { migration } from './plan/migration.js';
export type { Plan, PlanOptions, Statement } from './plan/plan.js';
export type { TableSize, TableSizes } from './plan/table-size.js';
export { renderPlanJson, renderPlanSql as renderSql } from './plan/render.js';
export { applyPlan } from './plan/apply.js';
/** Reports of a comparison, as the CLI writes them. */
export { type CompareReport, renderGithub, renderJson, renderMarkdown, renderText } from './report/compare.js';
/** ER diagrams of a schema's tables: the model, the neighbourhood of some tables, Mermaid and DOT. */
export {
  type Diagram,
  type DiagramEdge,
  type DiagramNode,
  type Picture,
  diagramOf,
  neighbourhood,
  picturesOf,
  renderDot,
  renderMermaid,
} from './diagram/index.js';
/** Migrations: folders, the runner, and the safety protocol's workflows. */
export { readMigrationFolder, type MigrationFile, type MigrationFolder } from './migrations/formats.js';
export { applyMigrations, type RunnerOptions, type RunnerResult } from './migrations/runner.js';
export { applyPending, type ApplyRequest } from './workflows/apply.js';
export { rollBack, type RollbackRequest } from './workflows/rollback.js';
/** `verify` and `check`: the database against the models, and the pre-deploy checklist. */
export { verifySchema, type VerifyRequest, type VerifyResult, type VerifyFixOutcome } from './workflows/verify.js';
export {
  runChecklist,
  type CheckRequest,
  type Checklist,
  type ChecklistItem,
  type ChecklistGroup,
  type ChecklistStatus,
} from './workflows/check.js';
/** Fleets: every target of a fleet, shards, the runner with its canary and limits, grouped results and reports. */
export { fleetNamed, fleetTargets, parseShard, shardOf, type FleetTarget, type Shard } from './fleet/targets.js';
export {
  runFleet,
  type FleetRunEnd,
  type FleetRunOptions,
  type TargetOutcome,
  type TargetResult,
  type TargetWork,
} from './fleet/run.js';
export {
  FleetSummary,
  mergeReports,
  parseReport,
  renderSummaryJson,
  renderSummaryText,
  reportLine,
  type FleetCommand,
} from './fleet/report.js';
export type { WorkflowContext, Reporter, Prompter } from './workflows/context.js';
export type { ProtocolOutcome } from './workflows/protocol.js';
export { parseRef, type ParsedRef } from './sources/ref.js';
export { defineConfig, loadConfig, environmentUrl, type ResolvedConfig, type SchemaScope } from './config/load.js';
export { renameNamespace } from './schema/rename-namespace.js';
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
