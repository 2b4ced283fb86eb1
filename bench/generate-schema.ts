/**
 * Deterministic generator of realistic PostgreSQL 15 schemas for benchmarks.
 *
 * The generator first builds an in-memory model (tables, indexes, views, ...), optionally applies a
 * set of scattered changes to it (`variant: 'changed'`), and then renders the model as DDL. Both
 * variants share the same base model for a given seed, so the `changed` output differs from the
 * `base` output only by the applied changes.
 *
 * CLI: `npx tsx bench/generate-schema.ts --tables 1000 [--shape wide] [--variant changed] [--seed 1] > out.sql`
 *
 * The model, the `mixed` shape, the changes and the renderer are in bench/shapes/model.ts; every other shape has
 * its builder in bench/shapes/<shape>.ts: each builds the same kind of model (reusing the mixed shape's helpers)
 * and lists the changes its `changed` variant applies.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GRANTS_SHAPE } from './shapes/grants.js';
import { INDEXED_SHAPE } from './shapes/indexed.js';
import { CHANGES, type ShapeBuilder, applyChanges, buildModel, renderModel } from './shapes/model.js';
import { PARTITIONED_SHAPE } from './shapes/partitioned.js';
import { SMALL_SHAPE } from './shapes/small.js';
import { VIEWS_SHAPE } from './shapes/views.js';
import { WIDE_SHAPE } from './shapes/wide.js';

/** The seeded PRNG, also used by bench/generate-prisma-schema.ts. */
export { Rng } from './shapes/model.js';

/** Which flavour of the schema to generate. */
export type SchemaVariant = 'base' | 'changed';

/**
 * What kind of schema to generate; each stresses a different part of introspection (see bench/README.md).
 * `mixed` is the realistic mix the benchmarks have always used.
 */
export type SchemaShape = 'mixed' | 'wide' | 'indexed' | 'views' | 'small' | 'partitioned' | 'grants';

/** Every shape, in the order the benchmarks run them. */
export const SCHEMA_SHAPES: readonly SchemaShape[] = [
  'mixed',
  'wide',
  'indexed',
  'views',
  'small',
  'partitioned',
  'grants',
];

/** Whether `name` is one of {@link SCHEMA_SHAPES}. */
export const isSchemaShape = (name: string): name is SchemaShape => (SCHEMA_SHAPES as readonly string[]).includes(name);

/** Options of {@link generateSchemaSql}. */
export interface GenerateOptions {
  /** PRNG seed; the same seed always yields the same SQL. Defaults to 1. */
  seed?: number;
  /** `changed` applies scattered changes to about 1% of the tables. Defaults to `base`. */
  variant?: SchemaVariant;
  /** The kind of schema. Defaults to `mixed`. */
  shape?: SchemaShape;
}

/** The builder and the `changed` variant's changes of each shape. */
const SHAPES: Record<SchemaShape, ShapeBuilder> = {
  mixed: { build: buildModel, changes: CHANGES },
  wide: WIDE_SHAPE,
  indexed: INDEXED_SHAPE,
  views: VIEWS_SHAPE,
  small: SMALL_SHAPE,
  partitioned: PARTITIONED_SHAPE,
  grants: GRANTS_SHAPE,
};

/** Generates deterministic PostgreSQL 15 DDL for a schema with `tables` tables. */
export function generateSchemaSql(tables: number, options: GenerateOptions = {}): string {
  if (!Number.isInteger(tables) || tables < 1) throw new Error(`tables must be a positive integer, got ${tables}`);
  const seed = options.seed ?? 1;
  const shape = SHAPES[options.shape ?? 'mixed'];
  const model = shape.build(tables, seed);
  if (options.variant === 'changed') applyChanges(model, seed, shape.changes, shape.targets?.(model));
  return renderModel(model);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      tables: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      variant: { type: 'string', default: 'base' },
      shape: { type: 'string', default: 'mixed' },
    },
  });
  const { variant, shape } = values;
  if (variant !== 'base' && variant !== 'changed') throw new Error(`--variant must be base or changed, got ${variant}`);
  if (!isSchemaShape(shape)) throw new Error(`--shape must be one of ${SCHEMA_SHAPES.join(', ')}, got ${shape}`);
  process.stdout.write(generateSchemaSql(Number(values.tables), { seed: Number(values.seed), variant, shape }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
