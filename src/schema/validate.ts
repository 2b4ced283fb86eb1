import * as z from 'zod';
import type { Schema, TableData } from './model.js';
import { kindListValidators } from './validate-kinds.js';
import { extensibilityValidators } from './validate-extensibility.js';
import { UNREAD_KINDS } from './unread.js';

/*
 * Validators for the snapshot file. Objects are strict: an unknown key is an error,
 * so a hand-edited or foreign file is caught at the exact path of the mistake.
 * The `satisfies z.ZodType<…>` lines keep these in step with model.ts.
 */

const comment = z.string().optional();
const flag = z.boolean().optional();
const names = z.array(z.string());

const grant = z.strictObject({ grantee: z.string(), privilege: z.string(), grantable: flag });
const securable = { owner: z.string().optional(), grants: z.array(grant).optional() };

const sequenceOptions = {
  type: z.string(),
  start: z.string(),
  increment: z.string(),
  min: z.string(),
  max: z.string(),
  cache: z.string(),
  cycle: flag,
};

const qualified = { schema: z.string(), name: z.string() };
const tableRef = z.strictObject({ schema: z.string(), table: z.string() });

const column = z.strictObject({
  name: z.string(),
  type: z.string(),
  notNull: flag,
  default: z.string().optional(),
  identity: z
    .strictObject({ generation: z.enum(['ALWAYS', 'BY DEFAULT']), sequence: z.strictObject(sequenceOptions) })
    .optional(),
  generated: z.string().optional(),
  virtual: flag,
  notNullNoInherit: flag,
  collation: z.string().optional(),
  inherited: flag,
  comment,
  grants: z.array(grant).optional(),
  compression: z.string().optional(),
  storage: z.string().optional(),
  charset: z.string().optional(),
  onUpdate: z.string().optional(),
  autoIncrement: flag,
  invisible: flag,
  srid: z.number().int().optional(),
  check: z.string().optional(),
});

const indexKey = z.strictObject({
  column: z.string().optional(),
  expression: z.string().optional(),
  opclass: z.string().optional(),
  collation: z.string().optional(),
  descending: flag,
  nulls: z.enum(['FIRST', 'LAST']).optional(),
  length: z.number().int().positive().optional(),
});

const constraintBase = { name: z.string(), deferrable: flag, initiallyDeferred: flag, comment };
const referentialAction = z.enum(['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT']);

const constraint = z.discriminatedUnion('type', [
  z.strictObject({
    ...constraintBase,
    type: z.literal('primary key'),
    columns: names,
    parts: z.array(indexKey).optional(),
    include: names.optional(),
    withoutOverlaps: flag,
  }),
  z.strictObject({
    ...constraintBase,
    type: z.literal('unique'),
    columns: names,
    include: names.optional(),
    nullsNotDistinct: flag,
    withoutOverlaps: flag,
  }),
  z.strictObject({
    ...constraintBase,
    type: z.literal('check'),
    expression: z.string(),
    notValid: flag,
    noInherit: flag,
    notEnforced: flag,
  }),
  z.strictObject({ ...constraintBase, type: z.literal('exclusion'), definition: z.string() }),
  z.strictObject({
    ...constraintBase,
    type: z.literal('foreign key'),
    columns: names,
    references: z.strictObject({ schema: z.string(), table: z.string(), columns: names }),
    match: z.enum(['FULL', 'PARTIAL']).optional(),
    onUpdate: referentialAction.optional(),
    onDelete: referentialAction.optional(),
    onDeleteColumns: names.optional(),
    notValid: flag,
    period: flag,
    notEnforced: flag,
  }),
]);

const index = z.strictObject({
  name: z.string(),
  unique: flag,
  method: z.string(),
  keys: z.array(indexKey),
  include: names.optional(),
  where: z.string().optional(),
  nullsNotDistinct: flag,
  options: names.optional(),
  invalid: flag,
  invisible: flag,
  parser: z.string().optional(),
  comment,
});

const enabledState = z.enum(['DISABLED', 'REPLICA', 'ALWAYS']).optional();

const trigger = z.strictObject({
  name: z.string(),
  timing: z.enum(['BEFORE', 'AFTER', 'INSTEAD OF']),
  events: names,
  columns: names.optional(),
  level: z.enum(['ROW', 'STATEMENT']),
  when: z.string().optional(),
  function: z.string().optional(),
  body: z.string().optional(),
  order: z.number().int().positive().optional(),
  owner: z.string().optional(),
  arguments: names.optional(),
  referencingOld: z.string().optional(),
  referencingNew: z.string().optional(),
  constraint: flag,
  deferrable: flag,
  initiallyDeferred: flag,
  enabled: enabledState,
  comment,
});

const policy = z.strictObject({
  name: z.string(),
  command: z.string(),
  restrictive: flag,
  roles: names,
  using: z.string().optional(),
  withCheck: z.string().optional(),
  comment,
});

const dependsOn = names.optional();

const table = z.strictObject({
  ...qualified,
  columns: z.array(column),
  constraints: z.array(constraint).optional(),
  indexes: z.array(index).optional(),
  triggers: z.array(trigger).optional(),
  policies: z.array(policy).optional(),
  rowLevelSecurity: flag,
  forceRowLevelSecurity: flag,
  unlogged: flag,
  partitionBy: z.string().optional(),
  partitionOf: z.strictObject({ schema: z.string(), table: z.string(), bound: z.string() }).optional(),
  inherits: z.array(tableRef).optional(),
  options: names.optional(),
  engine: z.string().optional(),
  charset: z.string().optional(),
  collation: z.string().optional(),
  rowFormat: z.string().optional(),
  subpartitionBy: z.string().optional(),
  partitions: z
    .array(
      z.strictObject({
        name: z.string(),
        bound: z.string().optional(),
        subpartitions: names.optional(),
        comment,
        options: names.optional(),
        subpartitionOptions: z.record(z.string(), names).optional(),
      }),
    )
    .optional(),
  strict: flag,
  withoutRowid: flag,
  accessMethod: z.string().optional(),
  replicaIdentity: z.union([z.enum(['FULL', 'NOTHING']), z.strictObject({ index: z.string() })]).optional(),
  dependsOn,
  comment,
  ...securable,
});

const schemaValidator = z.strictObject({
  schemas: z.array(
    z.strictObject({
      name: z.string(),
      charset: z.string().optional(),
      collation: z.string().optional(),
      comment,
      ...securable,
    }),
  ),
  extensions: z.array(z.strictObject({ name: z.string(), schema: z.string(), version: z.string(), comment })),
  collations: z.array(
    z.strictObject({
      ...qualified,
      provider: z.string(),
      locale: z.string().optional(),
      lcCollate: z.string().optional(),
      lcCtype: z.string().optional(),
      nondeterministic: flag,
      comment,
    }),
  ),
  enums: z.array(z.strictObject({ ...qualified, values: names, comment, ...securable })),
  domains: z.array(
    z.strictObject({
      ...qualified,
      baseType: z.string(),
      notNull: flag,
      default: z.string().optional(),
      collation: z.string().optional(),
      checks: z.array(z.strictObject({ name: z.string(), expression: z.string(), notValid: flag, comment })).optional(),
      dependsOn,
      comment,
      ...securable,
    }),
  ),
  compositeTypes: z.array(
    z.strictObject({
      ...qualified,
      attributes: z.array(
        z.strictObject({ name: z.string(), type: z.string(), collation: z.string().optional(), comment }),
      ),
      dependsOn,
      comment,
      ...securable,
    }),
  ),
  sequences: z.array(
    z.strictObject({
      ...qualified,
      ...sequenceOptions,
      ownedBy: z.strictObject({ schema: z.string(), table: z.string(), column: z.string() }).optional(),
      unlogged: flag,
      comment,
      ...securable,
    }),
  ),
  tables: z.array(table),
  views: z.array(
    z.strictObject({
      ...qualified,
      materialized: flag,
      definition: z.string(),
      columns: z.array(z.strictObject({ name: z.string(), type: z.string(), comment })),
      options: names.optional(),
      checkOption: z.enum(['LOCAL', 'CASCADED']).optional(),
      algorithm: z.enum(['MERGE', 'TEMPTABLE']).optional(),
      sqlSecurity: z.literal('INVOKER').optional(),
      indexes: z.array(index).optional(),
      triggers: z.array(trigger).optional(),
      dependsOn,
      comment,
      ...securable,
    }),
  ),
  functions: z.array(
    z.strictObject({
      ...qualified,
      kind: z.enum(['function', 'procedure']),
      identityArguments: z.string(),
      arguments: z.string(),
      returns: z.string().optional(),
      language: z.string(),
      body: z.string(),
      sqlStandardBody: flag,
      volatility: z.enum(['IMMUTABLE', 'STABLE']).optional(),
      strict: flag,
      securityDefiner: flag,
      leakproof: flag,
      parallel: z.enum(['SAFE', 'RESTRICTED']).optional(),
      cost: z.number().optional(),
      rows: z.number().optional(),
      config: names.optional(),
      deterministic: flag,
      dataAccess: z.enum(['NO SQL', 'READS SQL DATA', 'MODIFIES SQL DATA']).optional(),
      dependsOn,
      comment,
      ...securable,
    }),
  ),
  eventTriggers: z.array(
    z.strictObject({
      name: z.string(),
      event: z.string(),
      tags: names.optional(),
      function: z.string(),
      enabled: enabledState,
      comment,
    }),
  ),
  ...kindListValidators,
  ...extensibilityValidators,
}) satisfies z.ZodType<Schema>;

const tableData = z.strictObject({
  columns: names,
  rows: z.array(z.array(z.unknown())),
}) satisfies z.ZodType<TableData>;

/** Validator of the snapshot file's body, checked after its `formatVersion`. */
export const snapshotValidator = z.strictObject({
  formatVersion: z.number().int().min(1),
  dialect: z.string(),
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 hex digits'),
  meta: z.strictObject({
    tool: z.string(),
    serverVersion: z.string().optional(),
    source: z.string().optional(),
    baseline: flag,
    gitCommit: z.string().optional(),
    notIncluded: z.record(z.string(), z.number().int().positive()).optional(),
    unread: z.array(z.enum(UNREAD_KINDS)).optional(),
  }),
  schema: schemaValidator,
  data: z.record(z.string(), tableData).optional(),
});

/**
 * Everything of a snapshot but its schema: what {@link parseSnapshot} checks of a file whose
 * schema its hash vouches for.
 */
export const snapshotEnvelopeValidator = snapshotValidator.extend({ schema: z.unknown() });

/** `schema.tables[3].columns[0].type`-style path of a validation issue. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}
