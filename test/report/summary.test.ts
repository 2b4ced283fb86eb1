import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, ChangeAction, ObjectType } from '../../src/diff/change.js';
import { diff } from '../../src/diff/index.js';
import { countChanges, summarizeChanges } from '../../src/report/summary.js';
import { normalizeSchema } from '../../src/schema/canonical.js';
import { filterSchema } from '../../src/schema/filter.js';
import type { Schema } from '../../src/schema/model.js';
import { openTestPglite, postgres, resetDatabase } from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

const change = (action: ChangeAction, objectType: ObjectType, path = 'public.x'): Change => ({
  action,
  objectType,
  path,
  severity: 'warning',
  hazards: [],
});

describe('summarizeChanges', () => {
  it('says "no change" for none', () => {
    expect(summarizeChanges([])).toBe('no change');
    expect(countChanges([])).toEqual([]);
  });

  it('counts per object type and action, in a fixed order whatever the input order', () => {
    const changes = [
      change('drop', 'index'),
      change('alter', 'column'),
      change('add', 'table', 'public.a'),
      change('add', 'table', 'public.b'),
    ];
    expect(summarizeChanges(changes)).toBe('+2 tables, ~1 column, -1 index');
    expect(summarizeChanges([...changes].reverse())).toBe('+2 tables, ~1 column, -1 index');
    expect(countChanges(changes)).toEqual([
      { objectType: 'table', action: 'add', count: 2 },
      { objectType: 'column', action: 'alter', count: 1 },
      { objectType: 'index', action: 'drop', count: 1 },
    ]);
  });

  it('lists each action of one object type: add, drop, alter, rename', () => {
    const changes = [
      change('rename', 'column'),
      change('alter', 'column'),
      change('drop', 'column'),
      change('drop', 'column'),
      change('add', 'column'),
    ];
    expect(summarizeChanges(changes)).toBe('+1 column, -2 columns, ~1 column, >1 column');
  });

  it('uses the right plural for every object type', () => {
    const two = (objectType: ObjectType) => summarizeChanges([change('add', objectType), change('add', objectType)]);
    expect(two('index')).toBe('+2 indexes');
    expect(two('policy')).toBe('+2 policies');
    expect(two('materialized view')).toBe('+2 materialized views');
    expect(two('event trigger')).toBe('+2 event triggers');
    expect(summarizeChanges([change('drop', 'composite type')])).toBe('-1 composite type');
  });
});

describe('summarizeChanges over the diff of two real schemas (PGlite)', () => {
  let db: Connection;
  const read = async (): Promise<Schema> => normalizeSchema(filterSchema((await db.introspect({})).schema, {}));

  beforeAll(async () => {
    db = await openTestPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  it('summarises added tables, an altered column, a dropped index and a new enum', async () => {
    await resetDatabase(db);
    await db.exec(`
      CREATE TABLE public.asset (id integer PRIMARY KEY, title varchar(40), size integer);
      CREATE INDEX asset_size_idx ON public.asset (size);
    `);
    const before = await read();
    await db.exec(`
      CREATE TYPE public.mood AS ENUM ('ok', 'happy');
      CREATE TABLE public.lesson (id integer PRIMARY KEY);
      CREATE TABLE public.course (id integer PRIMARY KEY);
      ALTER TABLE public.asset ALTER COLUMN title TYPE text;
      DROP INDEX public.asset_size_idx;
    `);
    const after = await read();
    const changes = diff(postgres, before, after);
    expect(summarizeChanges(changes)).toBe('+1 enum, +2 tables, ~1 column, -1 index');
    expect(summarizeChanges(diff(postgres, after, after))).toBe('no change');
    expect(summarizeChanges(diff(postgres, after, before))).toBe('-1 enum, -2 tables, ~1 column, +1 index');
  });
});
