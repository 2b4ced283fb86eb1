import { describe, expect, it } from 'vitest';
import { extensionRequest, pinnedExtensions } from '../../src/dialects/postgres/extension-requests.js';
import { postgresDialect } from '../../src/dialects/postgres/index.js';
import { pgliteExtensionNames, pgliteExtensionsFor } from '../../src/dialects/postgres/pglite-extensions.js';
import { compareSchemas } from '../../src/diff/index.js';
import { type Schema, type TableDef, emptySchema } from '../../src/schema/model.js';

const table = (grants: TableDef['grants']): TableDef => ({
  schema: 'public',
  name: 'member',
  columns: [{ name: 'id', type: 'integer', notNull: true }],
  grants,
});

const schema = (parts: Partial<Schema>): Schema => ({ ...emptySchema(), ...parts });

const pgcrypto = (version: string) => ({ name: 'pgcrypto', schema: 'public', version });

describe('extension statements', () => {
  it('reads CREATE and ALTER EXTENSION, quoted names, versions and CASCADE', () => {
    expect(extensionRequest('-- keys\nCREATE EXTENSION IF NOT EXISTS pgcrypto;')).toEqual({
      name: 'pgcrypto',
      kind: 'create',
      cascade: false,
    });
    expect(extensionRequest(`create extension "uuid-ossp" with schema public version '1.1'`)).toEqual({
      name: 'uuid-ossp',
      kind: 'create',
      version: '1.1',
      cascade: false,
    });
    expect(extensionRequest('CREATE EXTENSION earthdistance CASCADE')).toMatchObject({ cascade: true });
    expect(extensionRequest(`ALTER EXTENSION citext UPDATE TO '1.6'`)).toEqual({
      name: 'citext',
      kind: 'update',
      version: '1.6',
      cascade: false,
    });
    expect(extensionRequest('ALTER EXTENSION citext UPDATE')).toEqual({
      name: 'citext',
      kind: 'update',
      cascade: false,
    });
    expect(extensionRequest(`SELECT 'CREATE EXTENSION x'`)).toBeUndefined();
    expect(extensionRequest('ALTER EXTENSION citext SET SCHEMA other')).toBeUndefined();
  });

  it('takes the last word on a version: a pin, or back to the default', () => {
    const requests = [
      `CREATE EXTENSION citext VERSION '1.5'`,
      'CREATE EXTENSION ltree',
      `ALTER EXTENSION ltree UPDATE TO '1.2'`,
      `CREATE EXTENSION hstore VERSION '1.7'`,
      'ALTER EXTENSION hstore UPDATE',
    ].map((sql) => extensionRequest(sql)!);
    expect(pinnedExtensions(requests).sort()).toEqual(['citext', 'ltree']);
  });
});

describe('the extensions an embedded shadow starts with', () => {
  it('lists every contrib module the installed PGlite ships, by SQL name', () => {
    const names = pgliteExtensionNames();
    for (const name of ['pgcrypto', 'uuid-ossp', 'tsm_system_rows', 'amcheck', 'bloom', 'dict_int', 'tcn', 'lo'])
      expect(names).toContain(name);
    expect(names).not.toContain('uuid_ossp');
  });

  it('adds what an extension requires, and names one PGlite lacks with the way out', () => {
    expect(pgliteExtensionsFor([{ name: 'earthdistance', where: 'm.sql' }])).toEqual(['cube', 'earthdistance']);
    expect(() => pgliteExtensionsFor([{ name: 'postgis', where: 'migrations/0003_geo.sql' }])).toThrow(
      /no extension "postgis", which migrations\/0003_geo\.sql creates: set "shadow" in the config to the URL of a PostgreSQL server/,
    );
  });
});

describe('comparing across PostgreSQL major versions', () => {
  it('lists an unpinned extension default version once, as not compared, and compares it on one version', () => {
    const from = schema({ extensions: [pgcrypto('1.4')] });
    const to = schema({ extensions: [pgcrypto('1.3')] });
    const across = compareSchemas(postgresDialect, from, to, {
      sides: { from: { serverVersion: '18.6' }, to: { serverVersion: '15.20 (Debian 15.20-0+deb12u1)' } },
    });
    expect(across.changes).toEqual([]);
    expect(across.acrossVersions).toEqual([
      'extension pgcrypto: 1.4 on PostgreSQL 18.6, 1.3 on PostgreSQL 15.20: not compared across versions',
    ]);
    const same = compareSchemas(postgresDialect, from, to, {
      sides: { from: { serverVersion: '15.4' }, to: { serverVersion: '15.20' } },
    });
    expect(same.changes.map((c) => `${c.action} ${c.path}`)).toEqual(['alter pgcrypto']);
    expect(compareSchemas(postgresDialect, from, to).changes).toHaveLength(1);
  });

  it('compares an extension version the SQL pins, on either side', () => {
    const from = schema({ extensions: [pgcrypto('1.3')] });
    const to = schema({ extensions: [pgcrypto('1.4')] });
    const changes = compareSchemas(postgresDialect, from, to, {
      sides: { from: { serverVersion: '18.6', pinnedExtensions: ['pgcrypto'] }, to: { serverVersion: '15.20' } },
    }).changes;
    expect(changes.map((c) => c.attributes)).toEqual([[{ attribute: 'version', before: '1.3', after: '1.4' }]]);
  });

  it('reads the seven older table privileges granted on PostgreSQL 17+ as ALL, and leaves MAINTAIN out', () => {
    const older = ['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE'];
    const newer = schema({
      tables: [table(older.map((privilege) => ({ grantee: 'app', privilege })))],
    });
    const old = schema({ tables: [table([{ grantee: 'app', privilege: 'ALL' }])] });
    const sides = { from: { serverVersion: '15.20' }, to: { serverVersion: '18.6' } };
    expect(compareSchemas(postgresDialect, old, newer, { sides }).changes).toEqual([]);

    const maintain = schema({ tables: [table([{ grantee: 'ops', privilege: 'MAINTAIN' }])] });
    const across = compareSchemas(postgresDialect, schema({ tables: [table([])] }), maintain, { sides });
    expect(across.changes).toEqual([]);
    expect(across.acrossVersions).toEqual([
      'privilege MAINTAIN of ops on public.member: new in PostgreSQL 17, not compared across versions',
    ]);
    // A real difference in privileges is still one.
    const select = schema({ tables: [table([{ grantee: 'app', privilege: 'SELECT' }])] });
    expect(compareSchemas(postgresDialect, old, select, { sides }).changes).toHaveLength(1);
  });
});
