import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAssertions,
  createSnapshot,
  parseSnapshot,
  serializeSnapshot,
  SchemaguardError,
  type Schema,
  type SchemaAssertion,
} from '../../src/index.js';
import { openTestPglite } from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

/** The seeds' Asset–Resource model after the move from publishing_organization_id to resource_id, plus extras. */
const DDL = `
  CREATE TABLE resource (id bigint PRIMARY KEY, code text NOT NULL UNIQUE);
  CREATE TABLE organization (id bigint PRIMARY KEY);
  CREATE TABLE asset (
    id bigint PRIMARY KEY,
    resource_id bigint NOT NULL REFERENCES resource (id),
    owner_id bigint CONSTRAINT asset_owner_fkey REFERENCES organization (id),
    title text NOT NULL,
    created_at timestamptz
  );
  CREATE INDEX asset_resource_created ON asset (resource_id, created_at);
  CREATE INDEX asset_lower_title ON asset (lower(title));
  CREATE UNIQUE INDEX asset_title_recent ON asset (title) WHERE created_at IS NOT NULL;
  CREATE VIEW asset_titles AS SELECT id, title FROM asset;
  CREATE TABLE bare (note text);

  CREATE SCHEMA audit;
  CREATE TABLE audit.entry (tenant integer, code text, PRIMARY KEY (tenant, code));
  CREATE TABLE audit.log (
    id bigint,
    tenant integer,
    code text,
    CONSTRAINT log_entry_fkey FOREIGN KEY (tenant, code) REFERENCES audit.entry (tenant, code)
  );
`;

let db: Connection;
let schema: Schema;

beforeAll(async () => {
  db = await openTestPglite();
  await db.exec(DDL);
  schema = (await db.introspect()).schema;
});

afterAll(async () => {
  await db?.close();
});

/** The result of one assertion against the test schema. */
function check(assertion: SchemaAssertion) {
  const [result] = checkAssertions(schema, [assertion]);
  return result;
}

describe('table assertions', () => {
  it('passes when the table exists, qualified or not', () => {
    expect(check({ table: 'asset' })).toEqual({
      name: 'table asset exists',
      passed: true,
      message: 'table asset exists',
    });
    expect(check({ table: 'public.asset' })).toMatchObject({ passed: true, message: 'table public.asset exists' });
    expect(check({ table: 'audit.log' })).toMatchObject({ passed: true, message: 'table audit.log exists' });
  });

  it('fails when there is no such table, and says when the name is a view', () => {
    expect(check({ table: 'assets' })).toEqual({
      name: 'table assets exists',
      passed: false,
      message: 'there is no table assets',
    });
    // Unqualified means public, not "any schema".
    expect(check({ table: 'log' })).toMatchObject({ passed: false, message: 'there is no table log' });
    expect(check({ table: 'asset_titles' })).toMatchObject({
      passed: false,
      message: 'asset_titles is a view, not a table',
    });
  });

  it('uses the given name', () => {
    expect(check({ name: 'assets are stored', table: 'asset' })).toEqual({
      name: 'assets are stored',
      passed: true,
      message: 'table asset exists',
    });
  });
});

describe('column assertions', () => {
  it('passes when the column exists, giving its type', () => {
    expect(check({ table: 'asset', column: 'resource_id' })).toEqual({
      name: 'asset.resource_id exists',
      passed: true,
      message: 'asset.resource_id exists (bigint, not null)',
    });
    expect(check({ table: 'audit.log', column: 'code' })).toMatchObject({
      passed: true,
      message: 'audit.log.code exists (text)',
    });
  });

  it('fails when the column or the table is missing', () => {
    expect(check({ table: 'asset', column: 'publishing_organization_id' })).toEqual({
      name: 'asset.publishing_organization_id exists',
      passed: false,
      message: 'asset has no column publishing_organization_id',
    });
    expect(check({ table: 'assets', column: 'resource_id' })).toMatchObject({
      passed: false,
      message: 'there is no table assets',
    });
  });
});

describe('absent-column assertions', () => {
  it('passes when the table has no such column', () => {
    expect(check({ table: 'asset', absentColumn: 'publishing_organization_id' })).toEqual({
      name: 'asset.publishing_organization_id does not exist',
      passed: true,
      message: 'asset has no column publishing_organization_id',
    });
  });

  it('fails when the column is still there', () => {
    expect(check({ table: 'asset', absentColumn: 'owner_id' })).toEqual({
      name: 'asset.owner_id does not exist',
      passed: false,
      message: 'asset.owner_id still exists',
    });
  });

  it('fails when the table itself is missing, so a misspelt table cannot pass', () => {
    expect(check({ table: 'assets', absentColumn: 'publishing_organization_id' })).toMatchObject({
      passed: false,
      message: 'there is no table assets',
    });
  });
});

describe('foreign-key assertions', () => {
  it('passes for an existing foreign key, naming the constraint', () => {
    expect(check({ foreignKey: 'asset.resource_id -> resource.id' })).toEqual({
      name: 'foreign key asset.resource_id -> resource.id',
      passed: true,
      message: 'asset.resource_id references resource.id (asset_resource_id_fkey)',
    });
  });

  it('accepts the arrow, qualified tables and loose spacing', () => {
    expect(check({ foreignKey: 'public.asset.resource_id→public.resource.id' })).toMatchObject({
      name: 'foreign key public.asset.resource_id -> public.resource.id',
      passed: true,
    });
  });

  it('passes for a multi-column foreign key, in either column order', () => {
    expect(check({ foreignKey: 'audit.log.(tenant, code) -> audit.entry.(tenant, code)' })).toEqual({
      name: 'foreign key audit.log.(tenant, code) -> audit.entry.(tenant, code)',
      passed: true,
      message: 'audit.log.(tenant, code) references audit.entry.(tenant, code) (log_entry_fkey)',
    });
    expect(check({ foreignKey: 'audit.log.(code, tenant) -> audit.entry.(code, tenant)' })).toMatchObject({
      passed: true,
    });
    // Columns paired the wrong way round are a different foreign key.
    expect(check({ foreignKey: 'audit.log.(tenant, code) -> audit.entry.(code, tenant)' })).toMatchObject({
      passed: false,
      message: 'audit.log.(tenant, code) references audit.entry.(tenant, code) instead (log_entry_fkey)',
    });
  });

  it('fails when the columns have a foreign key to somewhere else', () => {
    expect(check({ foreignKey: 'asset.owner_id -> resource.id' })).toEqual({
      name: 'foreign key asset.owner_id -> resource.id',
      passed: false,
      message: 'asset.owner_id references organization.id instead (asset_owner_fkey)',
    });
  });

  it('fails when the columns have no foreign key', () => {
    expect(check({ foreignKey: 'asset.title -> resource.code' })).toMatchObject({
      passed: false,
      message: 'asset.title has no foreign key',
    });
  });

  it('fails naming the missing table or column', () => {
    expect(check({ foreignKey: 'assets.resource_id -> resource.id' })).toMatchObject({
      passed: false,
      message: 'there is no table assets',
    });
    expect(check({ foreignKey: 'asset.resource_id -> resources.id' })).toMatchObject({
      passed: false,
      message: 'there is no table resources',
    });
    expect(check({ foreignKey: 'asset.publishing_organization_id -> organization.id' })).toMatchObject({
      passed: false,
      message: 'asset has no column publishing_organization_id',
    });
    expect(check({ foreignKey: 'asset.resource_id -> resource.uuid' })).toMatchObject({
      passed: false,
      message: 'resource has no column uuid',
    });
  });
});

describe('index assertions', () => {
  it('passes for an index on exactly these columns in this order', () => {
    expect(check({ table: 'asset', index: ['resource_id', 'created_at'] })).toEqual({
      name: 'index on asset (resource_id, created_at)',
      passed: true,
      message: 'asset_resource_created is on asset (resource_id, created_at)',
    });
  });

  it('counts primary keys, unique constraints and partial unique indexes', () => {
    expect(check({ table: 'asset', index: ['id'] })).toMatchObject({
      passed: true,
      message: 'asset_pkey (primary key) is on asset (id)',
    });
    expect(check({ table: 'resource', index: ['code'] })).toMatchObject({
      passed: true,
      message: 'resource_code_key (unique) is on resource (code)',
    });
    expect(check({ table: 'asset', index: ['title'] })).toMatchObject({
      passed: true,
      message: 'asset_title_recent (unique, partial) is on asset (title)',
    });
    expect(check({ table: 'audit.entry', index: ['tenant', 'code'] })).toMatchObject({
      passed: true,
      message: 'entry_pkey (primary key) is on audit.entry (tenant, code)',
    });
  });

  it('fails for another order, a prefix, or an expression index, listing the indexes there are', () => {
    const listing =
      'its indexes: asset_pkey (id), asset_lower_title (lower(title)), asset_resource_created (resource_id, created_at), asset_title_recent (title)';
    expect(check({ table: 'asset', index: ['created_at', 'resource_id'] })).toEqual({
      name: 'index on asset (created_at, resource_id)',
      passed: false,
      message: `asset has no index on (created_at, resource_id); ${listing}`,
    });
    expect(check({ table: 'asset', index: ['resource_id'] })).toMatchObject({
      passed: false,
      message: `asset has no index on (resource_id); ${listing}`,
    });
    expect(check({ table: 'bare', index: ['note'] })).toMatchObject({
      passed: false,
      message: 'bare has no index on (note); it has no indexes',
    });
    expect(check({ table: 'nowhere', index: ['id'] })).toMatchObject({
      passed: false,
      message: 'there is no table nowhere',
    });
  });

  it('does not count an index left invalid by a failed CREATE INDEX CONCURRENTLY', () => {
    const withInvalid: Schema = {
      ...schema,
      tables: schema.tables.map((table) =>
        table.name === 'asset'
          ? { ...table, indexes: table.indexes?.map((index) => ({ ...index, invalid: true })) }
          : table,
      ),
    };
    expect(checkAssertions(withInvalid, [{ table: 'asset', index: ['resource_id', 'created_at'] }])).toEqual([
      {
        name: 'index on asset (resource_id, created_at)',
        passed: false,
        message:
          'asset_resource_created on asset (resource_id, created_at) is invalid (a failed CREATE INDEX CONCURRENTLY)',
      },
    ]);
  });
});

describe('checkAssertions', () => {
  const seeds: SchemaAssertion[] = [
    { table: 'asset', column: 'resource_id' },
    { table: 'asset', absentColumn: 'publishing_organization_id' },
    { foreignKey: 'asset.resource_id -> resource.id' },
  ];

  it('returns one result per assertion, in order', () => {
    const results = checkAssertions(schema, [...seeds, { table: 'asset', column: 'nope' }]);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ['asset.resource_id exists', true],
      ['asset.publishing_organization_id does not exist', true],
      ['foreign key asset.resource_id -> resource.id', true],
      ['asset.nope exists', false],
    ]);
  });

  it('gives the same results on a snapshot file as on the live database', async () => {
    const snapshot = await parseSnapshot(
      serializeSnapshot(createSnapshot('postgres', schema, { source: 'pglite:memory' })),
      'snapshot.json',
    );
    expect(checkAssertions(snapshot.schema, seeds)).toEqual(checkAssertions(schema, seeds));
  });

  it('throws for a malformed assertion, naming where it is', () => {
    const call = () => checkAssertions(schema, [{ table: 'asset' }, { table: 'asset', column: 'a', index: ['b'] }]);
    expect(call).toThrow(SchemaguardError);
    expect(call).toThrow(
      'The assertion at assertions[1] is invalid: give one of "column", "absentColumn" and "index" per assertion, not "column" and "index".',
    );
    expect(() => checkAssertions(schema, [{ foreignKey: 'asset.resource_id' }])).toThrow(
      'The assertion at assertions[0].foreignKey is invalid: "asset.resource_id" is not a foreign key: write it as "table.column -> table.column" or "table.(a, b) -> table.(x, y)".',
    );
  });
});

describe('on an engine without namespaces (MySQL)', () => {
  /** The `public` part of the schema filed as MySQL files a database: under its one namespace, `db`. */
  const asMysql = (): Schema => {
    const own = JSON.parse(
      JSON.stringify({ ...schema, tables: schema.tables.filter((t) => t.schema === 'public'), views: [] }).replaceAll(
        '"public"',
        '"db"',
      ),
    ) as Schema;
    return { ...own, schemas: [{ name: 'db' }] as Schema['schemas'] };
  };
  const ASSERTIONS: SchemaAssertion[] = [
    { table: 'asset', column: 'resource_id' },
    { foreignKey: 'asset.resource_id -> resource.id' },
    { foreignKey: 'asset.owner_id -> resource.id' },
  ];

  it('reads an unqualified table as one of the database, and names the tables it finds unqualified', () => {
    expect(checkAssertions(asMysql(), ASSERTIONS, false).map((r) => [r.passed, r.message])).toEqual([
      [true, 'asset.resource_id exists (bigint, not null)'],
      [true, 'asset.resource_id references resource.id (asset_resource_id_fkey)'],
      [false, 'asset.owner_id references organization.id instead (asset_owner_fkey)'],
    ]);
  });

  it('with namespaces, the same names are looked for in public', () => {
    expect(checkAssertions(asMysql(), ASSERTIONS).map((r) => r.message)).toEqual([
      'there is no table asset',
      'there is no table asset',
      'there is no table asset',
    ]);
  });
});
