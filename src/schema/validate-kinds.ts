import * as z from 'zod';
import type { KindLists } from './model-kinds.js';

/*
 * Validators of the lists model-kinds.ts adds to a snapshot's schema. Every list is
 * optional: snapshots written before these kinds existed do not have them.
 */

const comment = z.string().optional();
const owner = z.string().optional();
const names = z.array(z.string());
const options = names.optional();

const rule = z.strictObject({
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  enabled: z.enum(['DISABLED', 'REPLICA', 'ALWAYS']).optional(),
  definition: z.string(),
  comment,
});

const foreignDataWrapper = z.strictObject({
  name: z.string(),
  handler: z.string().optional(),
  validator: z.string().optional(),
  options,
  comment,
  owner,
});

const foreignServer = z.strictObject({
  name: z.string(),
  wrapper: z.string(),
  type: z.string().optional(),
  version: z.string().optional(),
  options,
  comment,
  owner,
});

const userMapping = z.strictObject({ user: z.string(), server: z.string(), optionNames: names.optional() });

const foreignTable = z.strictObject({
  schema: z.string(),
  name: z.string(),
  server: z.string(),
  columns: z.array(
    z.strictObject({
      name: z.string(),
      type: z.string(),
      notNull: z.boolean().optional(),
      default: z.string().optional(),
      collation: z.string().optional(),
      options,
      comment,
    }),
  ),
  options,
  comment,
  owner,
});

const statistics = z.strictObject({
  schema: z.string(),
  name: z.string(),
  table: z.strictObject({ schema: z.string(), table: z.string() }),
  kinds: z.array(z.enum(['ndistinct', 'dependencies', 'mcv'])),
  on: z.string(),
  target: z.number().int().optional(),
  comment,
  owner,
});

const publication = z.strictObject({
  name: z.string(),
  allTables: z.boolean().optional(),
  tables: z
    .array(
      z.strictObject({
        schema: z.string(),
        table: z.string(),
        columns: names.optional(),
        where: z.string().optional(),
      }),
    )
    .optional(),
  schemas: names.optional(),
  publish: names,
  viaPartitionRoot: z.boolean().optional(),
  publishGeneratedColumns: z.boolean().optional(),
  comment,
  owner,
});

/** Members of the schema validator for {@link KindLists}. */
const event = z.strictObject({
  schema: z.string(),
  name: z.string(),
  schedule: z.string(),
  status: z.enum(['DISABLED', 'SLAVESIDE_DISABLED']).optional(),
  preserve: z.boolean().optional(),
  body: z.string(),
  comment,
  owner,
});

export const kindListValidators = {
  rules: z.array(rule).optional(),
  foreignDataWrappers: z.array(foreignDataWrapper).optional(),
  foreignServers: z.array(foreignServer).optional(),
  userMappings: z.array(userMapping).optional(),
  foreignTables: z.array(foreignTable).optional(),
  statistics: z.array(statistics).optional(),
  publications: z.array(publication).optional(),
  events: z.array(event).optional(),
} satisfies { [K in keyof Required<KindLists>]: z.ZodType<KindLists[K]> };
