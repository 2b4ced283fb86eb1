import { afterAll, describe, expect, it } from 'vitest';
import { diff } from '../src/diff/index.js';
import { migration } from '../src/plan/migration.js';
import type { Schema } from '../src/schema/model.js';
import { listsOf } from '../src/schema/kind-lists.js';
import { createSnapshot, parseSnapshot, serializeSnapshot } from '../src/schema/snapshot.js';
import { hasServer, pgliteSession, postgres, serverSession } from './helpers/databases.js';
import type { Connection } from '../src/dialects/dialect.js';

/*
 * Rules, foreign data, statistics, publications and table storage attributes, as a
 * user meets them: snapshots written before schemaguard knew them stay quiet about
 * them, snapshots written now report every one, and user mapping secrets never leave
 * the server.
 */

const TABLE = `CREATE TABLE public.orders (id integer PRIMARY KEY, status text, body text, total numeric);`;

const KINDS = `
CREATE TABLE public.orders_log (id integer, status text);
CREATE RULE orders_log_insert AS ON INSERT TO public.orders
  DO ALSO INSERT INTO public.orders_log (id, status) VALUES (new.id, new.status);
CREATE STATISTICS public.orders_stats (dependencies) ON status, total FROM public.orders;
CREATE FOREIGN DATA WRAPPER kinds_fdw;
CREATE SERVER kinds_server FOREIGN DATA WRAPPER kinds_fdw OPTIONS (host 'remote.internal');
CREATE USER MAPPING FOR PUBLIC SERVER kinds_server;
CREATE FOREIGN TABLE public.remote_orders (id integer, status text) SERVER kinds_server;
CREATE PUBLICATION orders_pub FOR TABLE public.orders (id, status) WHERE (status <> 'draft');
ALTER TABLE public.orders REPLICA IDENTITY FULL;
ALTER TABLE public.orders ALTER COLUMN body SET COMPRESSION pglz;
ALTER TABLE public.orders ALTER COLUMN status SET STORAGE EXTERNAL;`;

const SECRET = 'hunter2-not-for-snapshots';

async function read(client: Connection): Promise<Schema> {
  return (await client.introspect({ includeOwners: true })).schema;
}

/** The snapshot file an older schemaguard would have written: no kind lists, no storage attributes. */
function olderSnapshotText(schema: Schema): string {
  const json = JSON.parse(serializeSnapshot(createSnapshot('postgres', schema, {}))) as {
    schema: Record<string, unknown> & { tables: Record<string, unknown>[] };
  };
  for (const list of listsOf('relations')) delete json.schema[list];
  for (const table of json.schema.tables) {
    delete table.replicaIdentity;
    delete table.accessMethod;
    for (const column of table.columns as Record<string, unknown>[]) {
      delete column.compression;
      delete column.storage;
    }
  }
  return JSON.stringify(json);
}

const describeChanges = (schema: Schema, live: Schema) =>
  diff(postgres, schema, live).map((c) => `${c.action} ${c.objectType} ${c.path}`);

/** The tests, on an empty database from `fresh`. */
function engineTests(fresh: () => Promise<Connection>) {
  it('an older snapshot without these kinds is compared without them, not as missing every object', async () => {
    const client = await fresh();
    await client.exec(`${TABLE}${KINDS}`);
    const live = await read(client);
    const older = (await parseSnapshot(olderSnapshotText(live), 'older.json')).schema;
    expect(older.rules).toBeUndefined();
    expect(describeChanges(older, live)).toEqual([]);
    expect(describeChanges(live, older)).toEqual([]);
  });

  it('a snapshot written now records empty kinds, so each new object is reported with its hazards', async () => {
    const client = await fresh();
    await client.exec(TABLE);
    const text = serializeSnapshot(createSnapshot('postgres', await read(client), {}));
    for (const list of listsOf('relations')) expect(text).toContain(`"${list}": []`);
    const before = (await parseSnapshot(text, 'baseline.json')).schema;
    await client.exec(KINDS);
    const changes = diff(postgres, before, await read(client));
    const described = changes.map((c) => `${c.action} ${c.objectType} ${c.path}`);
    expect(described).toEqual(
      expect.arrayContaining([
        'add rule public.orders.orders_log_insert',
        'add statistics public.orders_stats',
        'add foreign data wrapper kinds_fdw',
        'add foreign server kinds_server',
        'add user mapping PUBLIC@kinds_server',
        'add foreign table public.remote_orders',
        'add publication orders_pub',
        'alter table public.orders',
        'alter column public.orders.body',
        'alter column public.orders.status',
      ]),
    );
    const table = changes.find((c) => c.objectType === 'table' && c.action === 'alter');
    expect(table?.attributes?.map((a) => a.attribute)).toEqual(['replicaIdentity']);
    expect(table?.hazards).toContain('backward-incompatible');
    expect(table?.severity).toBe('warning');
  });

  it('keeps user mapping option values out of snapshots, SQL and plans: only their names', async () => {
    const client = await fresh();
    await client.exec(`CREATE FOREIGN DATA WRAPPER secret_fdw; CREATE SERVER secret_server FOREIGN DATA WRAPPER secret_fdw;
      CREATE USER MAPPING FOR PUBLIC SERVER secret_server OPTIONS (user 'app', password '${SECRET}');`);
    const schema = await read(client);
    expect(schema.userMappings).toEqual([
      { user: 'PUBLIC', server: 'secret_server', optionNames: ['password', 'user'] },
    ]);
    const snapshot = serializeSnapshot(createSnapshot('postgres', schema, {}));
    const sql = postgres.toSql(schema);
    const { plan } = migration(postgres, { ...schema, userMappings: [] }, schema);
    const planned = plan.statements.map((s) => s.sql).join('\n');
    for (const text of [snapshot, sql, planned]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("'app'");
    }
    expect(sql).toContain('CREATE USER MAPPING FOR PUBLIC SERVER secret_server;');
    expect(sql).toMatch(/-- set by hand .*OPTIONS \(ADD password '…', "?user"? '…'\)/);
    expect(planned).toContain('CREATE USER MAPPING FOR PUBLIC SERVER secret_server;');
  });
}

describe('object kinds on PGlite (PostgreSQL 18)', () => {
  const session = pgliteSession();
  afterAll(() => session.close());
  engineTests(session.fresh);
});

describe.runIf(hasServer())('object kinds on the PostgreSQL server', () => {
  const session = serverSession('sgkinds');
  afterAll(() => session.close());
  engineTests(session.fresh);
});
