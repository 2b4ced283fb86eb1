import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import { hasServer, pgliteSession, serverSession } from '../../helpers/databases.js';

/*
 * `pg_get_viewdef` locks the view it prints, and every relation the view reads, until the
 * transaction ends. Read in one statement, the views of a database with some ten thousand of them
 * filled the server's lock table ("out of shared memory", where pg_dump fails too). Introspection
 * reads them 500 at a time, each page in a savepoint rolled back after it: the transaction holds
 * no lock on a view when it ends, and still reads every view at its one snapshot.
 */

/** More views than one page of definitions (500). */
const VIEWS = 600;

const FIXTURE = [
  'CREATE TABLE public.t (a integer, b text);',
  ...Array.from({ length: VIEWS }, (_, i) => `CREATE VIEW public.v${i} AS SELECT a, b FROM public.t WHERE a > ${i};`),
].join('\n');

/** The locks the session holds on the schema's tables and views: those the introspection took, seen just before its COMMIT. */
const RELATION_LOCKS = `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
  WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND c.relnamespace = 'public'::regnamespace`;

function tests(fresh: () => Promise<Connection>) {
  it(`reads the definitions of ${VIEWS} views holding no lock on them when it ends`, async () => {
    const db = await fresh();
    await db.exec(FIXTURE);
    const locksAtCommit: number[] = [];
    const watched: Connection = {
      ...db,
      async exec(sql: string) {
        if (sql === 'COMMIT') {
          const [row] = await db.query<{ n: number }>(RELATION_LOCKS);
          locksAtCommit.push(row?.n ?? -1);
        }
        return db.exec(sql);
      },
    };
    const { schema } = await watched.introspect();
    expect(schema.views).toHaveLength(VIEWS);
    for (const view of schema.views) {
      const i = Number(view.name.slice(1));
      // Each view its own definition: pages and views matched by oid.
      expect(view.definition, view.name).toMatch(new RegExp(`FROM public\\.t\\s+WHERE \\(?(?:t\\.)?a > ${i}\\)?;?$`));
    }
    // One COMMIT, the catalog read's, with no lock on any of the views or their tables (601 before).
    expect(locksAtCommit).toEqual([0]);
  });
}

describe('view definitions on PGlite (PostgreSQL 18)', () => {
  const session = pgliteSession();
  afterAll(() => session.close());
  tests(session.fresh);

  it('are read by statements an embedded database prepares once, whatever views it holds', async () => {
    const db = await session.fresh();
    await db.exec(FIXTURE);
    const prepared = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements'))[0]?.n;
    await db.introspect();
    const once = await prepared();
    // The same views made again: other oids, the same pages.
    await db.exec('DROP TABLE public.t CASCADE');
    await db.exec(FIXTURE);
    const { schema } = await db.introspect();
    expect(schema.views).toHaveLength(VIEWS);
    expect(await prepared()).toBe(once);
  });
});

describe.runIf(hasServer())('view definitions on the PostgreSQL server', () => {
  const session = serverSession('sgviewlocks');
  afterAll(() => session.close());
  tests(session.fresh);
});
