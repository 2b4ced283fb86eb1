import { describe, expect, it } from 'vitest';
import type { Connection, Dialect, DialectCapabilities } from '../src/dialects/dialect.js';
import { dialectByName } from '../src/dialects/index.js';
import { SchemaguardError } from '../src/errors.js';
import type { MigrationFile } from '../src/migrations/formats.js';
import { runsInTransaction } from '../src/migrations/runner.js';
import { applyPlan } from '../src/plan/apply.js';
import { migration } from '../src/plan/migration.js';
import type { Plan } from '../src/plan/plan.js';
import { emptySchema } from '../src/schema/model.js';
import { buildOnShadow } from '../src/shadow/shadow.js';
import { requireCapabilities } from '../src/sources/load.js';

const postgres = dialectByName('postgres');

/** PostgreSQL as an engine that cannot do one thing: generic code must ask, not assume. */
const without = (capability: keyof DialectCapabilities): Dialect => ({
  ...postgres,
  title: 'Lesser SQL',
  capabilities: { ...postgres.capabilities, [capability]: false },
});

/** A connection that runs nothing and writes down what it was asked to do. */
function recordingConnection(dialect: Dialect): { connection: Connection; log: string[] } {
  const log: string[] = [];
  const connection = {
    dialect,
    exec: async (sql: string) => void log.push(sql),
    transaction: async <T>(work: (c: Connection) => Promise<T>) => {
      log.push('BEGIN');
      const result = await work(connection);
      log.push('COMMIT');
      return result;
    },
  } as unknown as Connection;
  return { connection, log };
}

const plan: Plan = {
  statements: ['CREATE TABLE a ()', 'CREATE TABLE b ()'].map((sql) => ({ sql, hazards: [], transactional: true })),
  withheld: [],
};

const file: MigrationFile = {
  version: '1',
  name: 'init',
  path: '1_init.sql',
  sql: 'SELECT 1',
  checksum: 'x',
  transactional: true,
};

describe('generic code reads the dialect capabilities', () => {
  it('runs a plan in one transaction only where DDL rolls back', async () => {
    const transactional = recordingConnection(postgres);
    await applyPlan(transactional.connection, plan);
    expect(transactional.log).toEqual(['BEGIN', 'CREATE TABLE a ()', 'CREATE TABLE b ()', 'COMMIT']);
    const plain = recordingConnection(without('transactionalDdl'));
    await applyPlan(plain.connection, plan);
    expect(plain.log).toEqual(['CREATE TABLE a ()', 'CREATE TABLE b ()']);
  });

  it('runs a migration statement by statement where DDL does not roll back', () => {
    expect(runsInTransaction(recordingConnection(postgres).connection, file)).toBe(true);
    expect(runsInTransaction(recordingConnection(without('transactionalDdl')).connection, file)).toBe(false);
  });

  it('refuses --concurrently for an engine without concurrent index builds', () => {
    const schema = emptySchema();
    expect(() => migration(postgres, schema, schema, { concurrently: true })).not.toThrow();
    expect(() => migration(without('concurrentIndexes'), schema, schema, { concurrently: true })).toThrow(
      new SchemaguardError('--concurrently builds indexes without blocking writes, which Lesser SQL cannot do.'),
    );
  });

  it('refuses grants and schema filters an engine does not have', () => {
    expect(() =>
      requireCapabilities(postgres, { includePrivileges: true, filter: { schemas: ['app'] } }),
    ).not.toThrow();
    expect(() => requireCapabilities(without('privileges'), { includePrivileges: true })).toThrow(
      new SchemaguardError('--include-privileges reads grants, which Lesser SQL schemas do not have.'),
    );
    expect(() => requireCapabilities(without('schemas'), { filter: { excludeSchemas: ['audit'] } })).toThrow(
      new SchemaguardError(
        '--schema and --exclude-schema pick namespaces, which Lesser SQL does not have: pick tables with --table.',
      ),
    );
  });

  it('asks for a shadow server when the engine cannot run embedded', async () => {
    await expect(buildOnShadow([], { dialect: without('embedded'), cacheDir: '.' })).rejects.toThrow(
      new SchemaguardError(
        'Lesser SQL has no embedded engine to replay SQL on: set "shadow" in the config to a server URL for throwaway databases.',
      ),
    );
  });
});
