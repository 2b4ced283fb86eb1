/**
 * The databases the dialect conformance suite runs on. Every file of
 * test/dialects/conformance/ runs its tests once per target here: an engine (or another
 * way to reach one) joins the suite by adding its target to {@link DIALECT_TARGETS}.
 * SCHEMAGUARD_TEST_TARGETS (ids, comma-separated) narrows a run to some targets: the vitest
 * projects run each target's share of a file in a worker of its own.
 */
import type { Connection } from '../../../src/dialects/dialect.js';
import { type DatabaseSession, hasServer, pgliteSession, serverSession } from '../../helpers/databases.js';
import { type MysqlTestDatabase, createMysqlDatabase, hasMysqlServer, mysql } from '../../helpers/mysql-databases.js';

/** One database the conformance suite runs on. */
export interface DialectTestTarget {
  /** For SCHEMAGUARD_TEST_TARGETS. */
  readonly id: string;
  /** How test names call it. */
  readonly name: string;
  /** The engine's dialect (`postgres`, `mysql`): a test that is one engine's skips the others with a reason. */
  readonly dialect: string;
  /** Whether it runs here (the server target needs SCHEMAGUARD_TEST_POSTGRES_URL). */
  readonly available: () => boolean;
  /**
   * Whether a scenario or diff pair of the corpus can run on it, from its `-- requires:` tags
   * and the target's server version (`server_version_num`).
   */
  readonly runs: (tags: ReadonlySet<string>, serverVersion: number) => boolean;
  readonly session: () => DatabaseSession;
}

/** Embedded PostgreSQL 18: one database per session, emptied between uses. */
export const PGLITE_TARGET: DialectTestTarget = {
  id: 'pglite',
  name: 'PGlite (PostgreSQL 18)',
  dialect: 'postgres',
  available: () => true,
  runs: (tags) => !tags.has('server-only'),
  session: pgliteSession,
};

/** The PostgreSQL server of SCHEMAGUARD_TEST_POSTGRES_URL: one database per session, emptied between uses. */
const server: DialectTestTarget = {
  id: 'server',
  name: 'the PostgreSQL server',
  dialect: 'postgres',
  available: () => hasServer(),
  runs: (tags, serverVersion) => !tags.has('pglite-only') && (!tags.has('pg16') || serverVersion >= 160000),
  session: () => serverSession('sgconform'),
};

/**
 * The MySQL or MariaDB server of SCHEMAGUARD_TEST_MYSQL_URL: a new database for each use, the
 * previous one dropped (a MySQL database is emptied fastest that way).
 */
export function mysqlSession(prefix: string): DatabaseSession {
  let database: MysqlTestDatabase | undefined;
  let client: Connection | undefined;
  const release = async () => {
    await client?.close().catch(() => {});
    await database?.drop();
    client = undefined;
    database = undefined;
  };
  return {
    async fresh() {
      await release();
      database = await createMysqlDatabase(undefined, prefix);
      client = await mysql.connect(database.url);
      return client;
    },
    close: release,
  };
}

/**
 * MySQL or MariaDB: the files whose tests are engine-neutral run on it; the scenario and diff
 * pair corpora are PostgreSQL's SQL, so only what is tagged `-- requires: mysql` runs here.
 */
const mysqlServer: DialectTestTarget = {
  id: 'mysql',
  name: 'the MySQL server',
  dialect: 'mysql',
  available: () => hasMysqlServer(),
  runs: (tags) => tags.has('mysql'),
  session: () => mysqlSession('sgconform'),
};

/** Every target of the suite, the embedded one first. */
export const DIALECT_TARGETS: readonly DialectTestTarget[] = [PGLITE_TARGET, server, mysqlServer];

/**
 * The targets a test file tests: those SCHEMAGUARD_TEST_TARGETS names, or every one. Read when
 * the file runs: a worker may run files of several projects, each with its own variable.
 */
export function selectedTargets(): readonly DialectTestTarget[] {
  const selected = process.env.SCHEMAGUARD_TEST_TARGETS?.split(',').map((id) => id.trim());
  return DIALECT_TARGETS.filter((target) => !selected || selected.includes(target.id));
}

/**
 * The server version of a target's database as a number, for `runs`: PostgreSQL's
 * `server_version_num` (150020); on MySQL, major × 10000 + minor × 100 + patch (101119 for 10.11.19).
 */
export async function serverVersionNumber(db: Connection): Promise<number> {
  if (db.dialect.name === 'mysql') {
    const [major = 0, minor = 0, patch = 0] = (await db.serverVersion()).split(/[.-]/).map(Number);
    return major * 10_000 + minor * 100 + patch;
  }
  const [row] = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(row?.v);
}
