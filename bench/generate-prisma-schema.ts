/**
 * Deterministic generator of Prisma schemas (PostgreSQL) for the model-build benchmark.
 *
 * `generatePrismaSchema(models, { seed, files })` returns the schema as files: one `schema.prisma`, or with
 * `files > 1` a multi-file schema (the generator and datasource in `schema.prisma`, the models dealt out over
 * `models_<n>.prisma`) as Prisma reads from a `schema` folder. Each model has an autoincrement or uuid id,
 * 4-10 scalar fields of the common Prisma types (with `@db.*` native types, defaults and `@map` names), 0-2
 * relations to earlier models (with back-relations and referential actions), `@@index`/`@@unique` on some
 * fields, and a `@@map` to a snake_case table; 4 enums are shared by the models.
 *
 * CLI: `npx tsx bench/generate-prisma-schema.ts --models 100 [--files 1] [--seed 1] --out ./prisma`
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from './generate-schema.js';

/** Options of {@link generatePrismaSchema}. */
export interface PrismaSchemaOptions {
  /** PRNG seed; the same seed always yields the same schema. Defaults to 1. */
  readonly seed?: number;
  /** How many files the schema is spread over; 1 (the default) is one `schema.prisma`. */
  readonly files?: number;
}

interface Field {
  readonly name: string;
  /** The field's declaration after its name: type and attributes. */
  readonly declaration: string;
}

interface PrismaModel {
  readonly name: string;
  readonly table: string;
  readonly idType: 'Int' | 'String';
  readonly fields: Field[];
  readonly blockAttributes: string[];
}

const ENUMS: Record<string, readonly string[]> = {
  Status: ['active', 'invited', 'suspended', 'closed'],
  Priority: ['low', 'normal', 'high', 'urgent'],
  Channel: ['email', 'sms', 'push', 'web'],
  Region: ['emea', 'amer', 'apac'],
};

const NOUNS = [
  'Account',
  'Order',
  'Invoice',
  'Product',
  'Shipment',
  'Ticket',
  'Project',
  'Payment',
  'Review',
  'Coupon',
  'Warehouse',
  'Supplier',
  'Contract',
  'Message',
  'Session',
  'Report',
];

/** Scalar field templates: a base name and its declaration. */
const SCALARS: readonly ((rng: Rng) => { base: string; declaration: string })[] = [
  () => ({ base: 'title', declaration: 'String @db.VarChar(200)' }),
  () => ({ base: 'description', declaration: 'String?' }),
  () => ({ base: 'email', declaration: 'String @db.VarChar(320)' }),
  () => ({ base: 'code', declaration: 'String @db.VarChar(32)' }),
  () => ({ base: 'quantity', declaration: 'Int @default(0)' }),
  () => ({ base: 'amount', declaration: 'Decimal @db.Decimal(12, 2)' }),
  () => ({ base: 'ratio', declaration: 'Float?' }),
  () => ({ base: 'visits', declaration: 'BigInt @default(0)' }),
  () => ({ base: 'enabled', declaration: 'Boolean @default(true)' }),
  () => ({ base: 'payload', declaration: 'Json?' }),
  () => ({ base: 'attributes', declaration: 'Json @default("{}") @db.JsonB' }),
  () => ({ base: 'tags', declaration: 'String[]' }),
  () => ({ base: 'blob', declaration: 'Bytes?' }),
  () => ({ base: 'dueOn', declaration: 'DateTime? @db.Date' }),
  () => ({ base: 'externalId', declaration: 'String? @db.Uuid' }),
  (rng) => {
    const name = rng.pick(Object.keys(ENUMS));
    return { base: name.toLowerCase(), declaration: `${name} @default(${ENUMS[name]?.[0] ?? ''})` };
  },
];

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function buildModel(index: number, earlier: readonly PrismaModel[], rng: Rng): PrismaModel {
  const name = `${rng.pick(NOUNS)}${index + 1}`;
  const idType = rng.chance(0.25) ? 'String' : 'Int';
  const model: PrismaModel = {
    name,
    table: snakeCase(name),
    idType,
    fields: [
      {
        name: 'id',
        declaration: idType === 'Int' ? 'Int @id @default(autoincrement())' : 'String @id @default(uuid()) @db.Uuid',
      },
    ],
    blockAttributes: [],
  };
  const used = new Set(['id']);
  for (const template of rng.sample(SCALARS, rng.int(4, 10))) {
    const { base, declaration } = template(rng);
    if (used.has(base)) continue;
    used.add(base);
    const mapped = snakeCase(base) === base ? '' : ` @map("${snakeCase(base)}")`;
    model.fields.push({ name: base, declaration: `${declaration}${mapped}` });
  }
  model.fields.push({
    name: 'createdAt',
    declaration: 'DateTime @default(now()) @map("created_at") @db.Timestamptz(6)',
  });
  model.fields.push({ name: 'updatedAt', declaration: 'DateTime @updatedAt @map("updated_at") @db.Timestamptz(6)' });
  for (const target of rng.sample(earlier, Math.min(earlier.length, rng.int(0, 2)))) {
    const relation = `${target.name}To${name}`;
    const field = `${target.name.charAt(0).toLowerCase()}${target.name.slice(1)}`;
    const optional = rng.chance(0.3);
    const action = optional ? 'SetNull' : rng.pick(['Cascade', 'Restrict']);
    const foreignKey = `${field}Id`;
    const nativeType = target.idType === 'String' ? ' @db.Uuid' : '';
    model.fields.push({
      name: foreignKey,
      declaration: `${target.idType}${optional ? '?' : ''}${nativeType} @map("${snakeCase(foreignKey)}")`,
    });
    model.fields.push({
      name: field,
      declaration: `${target.name}${optional ? '?' : ''} @relation("${relation}", fields: [${foreignKey}], references: [id], onDelete: ${action})`,
    });
    target.fields.push({
      name: `${name.charAt(0).toLowerCase()}${name.slice(1)}s`,
      declaration: `${name}[] @relation("${relation}")`,
    });
    model.blockAttributes.push(`@@index([${foreignKey}])`);
  }
  if (used.has('code')) model.blockAttributes.push('@@unique([code])');
  if (used.has('email') && used.has('title')) model.blockAttributes.push('@@index([email, title])');
  model.blockAttributes.push(`@@map("${model.table}")`);
  return model;
}

function renderModel(model: PrismaModel): string {
  const width = Math.max(...model.fields.map((f) => f.name.length));
  const lines = model.fields.map((f) => `  ${f.name.padEnd(width)} ${f.declaration}`);
  return [`model ${model.name} {`, ...lines, '', ...model.blockAttributes.map((a) => `  ${a}`), '}'].join('\n');
}

const HEADER = [
  'generator client {',
  '  provider = "prisma-client"',
  '  output   = "./generated"',
  '}',
  '',
  'datasource db {',
  '  provider = "postgresql"',
  '}',
].join('\n');

/** The schema's files, by name (`schema.prisma`, then `models_<n>.prisma` when spread over several files). */
export function generatePrismaSchema(models: number, options: PrismaSchemaOptions = {}): Record<string, string> {
  if (!Number.isInteger(models) || models < 1) throw new Error(`models must be a positive integer, got ${models}`);
  const fileCount = options.files ?? 1;
  if (!Number.isInteger(fileCount) || fileCount < 1)
    throw new Error(`files must be a positive integer, got ${fileCount}`);
  const rng = new Rng(options.seed ?? 1);
  const built: PrismaModel[] = [];
  for (let i = 0; i < models; i++) built.push(buildModel(i, built, rng));
  const enums = Object.entries(ENUMS).map(([name, values]) =>
    [`enum ${name} {`, ...values.map((v) => `  ${v}`), '', `  @@map("${snakeCase(name)}")`, '}'].join('\n'),
  );
  const blocks = [...enums, ...built.map(renderModel)];
  if (fileCount === 1) return { 'schema.prisma': `${[HEADER, ...blocks].join('\n\n')}\n` };
  const files: Record<string, string> = { 'schema.prisma': `${HEADER}\n` };
  for (let f = 0; f < fileCount; f++) {
    const part = blocks.filter((_, i) => i % fileCount === f);
    files[`models_${String(f + 1).padStart(2, '0')}.prisma`] = `${part.join('\n\n')}\n`;
  }
  return files;
}

/** Writes the schema's files into `folder` (created); returns the path to give a `prisma:` ref. */
export async function writePrismaSchema(
  folder: string,
  models: number,
  options: PrismaSchemaOptions = {},
): Promise<string> {
  await mkdir(folder, { recursive: true });
  const files = generatePrismaSchema(models, options);
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(folder, name), text)));
  return Object.keys(files).length === 1 ? join(folder, 'schema.prisma') : folder;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      models: { type: 'string', default: '100' },
      files: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: './prisma' },
    },
  });
  const path = await writePrismaSchema(values.out, Number(values.models), {
    seed: Number(values.seed),
    files: Number(values.files),
  });
  process.stdout.write(`${path}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
