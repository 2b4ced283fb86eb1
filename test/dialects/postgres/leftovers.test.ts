import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import { indexStatement, mayLeaveInvalid, recoveryOf } from '../../../src/dialects/postgres/leftovers.js';
import { freshPglite } from '../../helpers/databases.js';

describe('indexStatement', () => {
  it('reads the index and table of a concurrent index build, however it is written', () => {
    expect(indexStatement('CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a)')).toEqual({
      kind: 'create-index',
      index: 'item_a_idx',
      table: 'public.item',
    });
    expect(
      indexStatement(
        '/* why */ create unique index concurrently if not exists "Item Key" on only "My Schema"."Item" using btree (code)',
      ),
    ).toEqual({ kind: 'create-index', index: 'Item Key', table: '"My Schema"."Item"' });
    expect(indexStatement('CREATE INDEX CONCURRENTLY Item_A ON item (a)')).toEqual({
      kind: 'create-index',
      index: 'item_a',
      table: 'item',
    });
  });

  it('knows nothing of unnamed builds and of statements without leftovers', () => {
    expect(indexStatement('CREATE INDEX CONCURRENTLY ON public.item (a)')).toBeUndefined();
    expect(indexStatement('CREATE INDEX item_a_idx ON public.item (a)')).toBeUndefined();
    expect(indexStatement('REINDEX TABLE public.item')).toBeUndefined();
    expect(indexStatement('VACUUM public.item')).toBeUndefined();
  });

  it('reads DROP INDEX CONCURRENTLY and REINDEX … CONCURRENTLY', () => {
    expect(indexStatement('DROP INDEX CONCURRENTLY IF EXISTS public."Old"')).toEqual({
      kind: 'drop-index',
      index: 'public."Old"',
      stored: 'Old',
    });
    expect(indexStatement('REINDEX INDEX CONCURRENTLY public.item_a_idx')).toEqual({
      kind: 'reindex',
      target: 'index',
      name: 'public.item_a_idx',
      stored: 'item_a_idx',
    });
    expect(indexStatement('REINDEX (VERBOSE, CONCURRENTLY) TABLE item')).toMatchObject({
      kind: 'reindex',
      target: 'table',
      name: 'item',
    });
  });

  it('names the indexes an interrupted statement may leave INVALID', () => {
    const build = mayLeaveInvalid('CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a)');
    expect([build?.('item_a_idx'), build?.('item_b_idx')]).toEqual([true, false]);
    const reindex = mayLeaveInvalid('REINDEX TABLE CONCURRENTLY public.item');
    expect([reindex?.('item_a_idx_ccnew'), reindex?.('item_a_idx_ccold1'), reindex?.('item_a_idx')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(mayLeaveInvalid('ALTER TABLE public.item ADD COLUMN d integer')).toBeUndefined();
  });
});

describe('recoveryOf, against the catalog', () => {
  let db: Connection | undefined;
  afterAll(async () => {
    await db?.close();
  });
  /** A fresh database with public.item, and its index `name` marked INVALID as a failed build leaves it. */
  const withInvalid = async (name: string, column = 'a') => {
    db = await freshPglite(db);
    await db.exec(`CREATE TABLE public.item (a integer, b integer);
      CREATE INDEX ${name} ON public.item (${column});
      UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'public.${name}'::regclass;`);
    return db;
  };

  it('drops the INVALID index of a build, records a VALID one as done, reruns when there is none', async () => {
    const client = await withInvalid('item_a_idx');
    const build = 'CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a)';
    expect(await recoveryOf(client, build)).toEqual({
      kind: 'drop-leftovers',
      indexes: ['public.item_a_idx'],
      what: 'build',
    });
    await client.exec("UPDATE pg_index SET indisvalid = true WHERE indexrelid = 'public.item_a_idx'::regclass");
    expect(await recoveryOf(client, build)).toMatchObject({ kind: 'completed' });
    expect(await recoveryOf(client, 'CREATE INDEX CONCURRENTLY item_b_idx ON public.item (b)')).toEqual({
      kind: 'rerun',
    });
    // An index of that name on another table is not this build's.
    await client.exec('CREATE TABLE public.other (a integer)');
    expect(await recoveryOf(client, 'CREATE INDEX CONCURRENTLY item_a_idx ON public.other (a)')).toEqual({
      kind: 'rerun',
    });
    expect(await recoveryOf(client, 'CREATE INDEX CONCURRENTLY x ON public.missing (a)')).toEqual({ kind: 'rerun' });
  });

  it('finds the _ccnew copies a REINDEX CONCURRENTLY left, and a DROP INDEX whose index is gone', async () => {
    const client = await withInvalid('item_a_idx_ccnew');
    await client.exec('CREATE INDEX item_a_idx ON public.item (a)');
    expect(await recoveryOf(client, 'REINDEX INDEX CONCURRENTLY public.item_a_idx')).toEqual({
      kind: 'drop-leftovers',
      indexes: ['public.item_a_idx_ccnew'],
      what: 'REINDEX CONCURRENTLY',
    });
    expect(await recoveryOf(client, 'REINDEX TABLE CONCURRENTLY public.item')).toMatchObject({
      kind: 'drop-leftovers',
    });
    expect(await recoveryOf(client, 'DROP INDEX CONCURRENTLY IF EXISTS public.item_a_idx')).toEqual({
      kind: 'rerun',
    });
    expect(await recoveryOf(client, 'DROP INDEX CONCURRENTLY public.gone_idx')).toMatchObject({
      kind: 'completed',
    });
  });
});
