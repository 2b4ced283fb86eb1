/**
 * The databases the dialect conformance suite runs on. Every file of
 * test/dialects/conformance/ runs its tests once per target here: an engine (or another
 * way to reach one) joins the suite by adding its target to {@link DIALECT_TARGETS}.
 * SCHEMAGUARD_TEST_TARGETS (ids, comma-separated) narrows a run to some targets: the vitest
 * projects run each target's share of a file in a worker of its own.
 */
import type { Connection } from '../../../src/dialects/dialect.js';
import type { PlanOptions } from '../../../src/plan/plan.js';
import { type DatabaseSession, hasServer, pgliteSession, serverSession } from '../../helpers/databases.js';
import { hasMysqlServer, mysqlSession, mysqlVersionNumber } from '../../helpers/mysql-databases.js';
import { sqliteSession, sqliteVersionNumber } from '../../helpers/sqlite-databases.js';

/** One database the conformance suite runs on. */
export interface DialectTestTarget {
  /** For SCHEMAGUARD_TEST_TARGETS. */
  readonly id: string;
  /** How test names call it. */
  readonly name: string;
  /** The engine's dialect (`postgres`, `mysql`, `sqlite`): a test that is one engine's skips the others with a reason. */
  readonly dialect: string;
  /**
   * The scenario corpus of the round trip, a folder under test/: `scenarios` (PostgreSQL's SQL,
   * the default), `scenarios-mysql`, `scenarios-sqlite`.
   */
  readonly scenarios?: string;
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
 * MySQL or MariaDB: the files whose tests are engine-neutral run on it, and the round trip runs
 * its own scenario corpus (MySQL's SQL): those tagged `mariadb` need MariaDB, `mysql` MySQL.
 */
const mysqlConformance: DialectTestTarget = {
  id: 'mysql',
  name: 'the MySQL server',
  dialect: 'mysql',
  scenarios: 'scenarios-mysql',
  available: () => hasMysqlServer(),
  runs: (tags, serverVersion) =>
    !(tags.has('mariadb') && serverVersion < 100000) && !(tags.has('mysql') && serverVersion >= 100000),
  session: () => mysqlSession('sgconform'),
};

/**
 * SQLite: a new file in a temporary folder for each use, opened through the dialect (better-sqlite3).
 * It has a scenario corpus of its own (SQLite's SQL), all of which it runs.
 */
const sqliteConformance: DialectTestTarget = {
  id: 'sqlite',
  name: 'SQLite',
  dialect: 'sqlite',
  scenarios: 'scenarios-sqlite',
  available: () => true,
  runs: () => true,
  session: sqliteSession,
};

/** Every target of the suite, the embedded one first. */
export const DIALECT_TARGETS: readonly DialectTestTarget[] = [
  PGLITE_TARGET,
  server,
  mysqlConformance,
  sqliteConformance,
];

/** A target of the diff-pair judge: a database, the corpus of its dialect, and how it numbers its version. */
export interface DiffPairTarget extends DialectTestTarget {
  /** The corpus folder under test/: `diff-pairs` (PostgreSQL), `diff-pairs-mysql`. */
  readonly corpus: string;
  /** The server version as `runs` takes it. */
  readonly serverVersion: (db: Connection) => Promise<number>;
  /** How its plans are made, beyond the pair's renames. */
  readonly planOptions?: PlanOptions;
}

/**
 * The MySQL or MariaDB server of SCHEMAGUARD_TEST_MYSQL_URL: one database per session,
 * dropped and created again between uses. Its version number is `major * 10000 + minor * 100
 * + patch` (MariaDB's from 100000 up): pairs tagged `mariadb` need MariaDB, `mysql` MySQL.
 */
const mysqlServer: DiffPairTarget = {
  id: 'mysql',
  name: 'the MySQL/MariaDB server',
  dialect: 'mysql',
  available: () => hasMysqlServer(),
  runs: (tags, serverVersion) =>
    !(tags.has('mariadb') && serverVersion < 100000) && !(tags.has('mysql') && serverVersion >= 100000),
  session: () => mysqlSession('sgpairs'),
  corpus: 'diff-pairs-mysql',
  serverVersion: mysqlVersionNumber,
  // Every ALTER TABLE the rules say can run online says so: the server must take the clause.
  planOptions: { online: true },
};

/** SQLite files: every pair of test/diff-pairs-sqlite/ runs (the planner's own corpus with row checks is test/dialects/sqlite/pairs.test.ts). */
const sqlitePairs: DiffPairTarget = {
  ...sqliteConformance,
  corpus: 'diff-pairs-sqlite',
  serverVersion: sqliteVersionNumber,
};

/**
 * The targets of the diff-pair judge (diff-round-trip.test.ts), each with its dialect's corpus:
 * a dialect runs the same judge by adding its target here.
 */
export const DIFF_PAIR_TARGETS: readonly DiffPairTarget[] = [
  ...DIALECT_TARGETS.filter((target) => target.dialect === 'postgres').map((target) => ({
    ...target,
    corpus: 'diff-pairs',
    serverVersion: serverVersionNumber,
  })),
  mysqlServer,
  sqlitePairs,
];

/**
 * The targets a test file tests (of `targets`, the conformance suite's by default): those
 * SCHEMAGUARD_TEST_TARGETS names, or every one. Read when the file runs: a worker may run
 * files of several projects, each with its own variable.
 */
export function selectedTargets<T extends DialectTestTarget>(
  targets: readonly T[] = DIALECT_TARGETS as readonly T[],
): readonly T[] {
  const selected = process.env.SCHEMAGUARD_TEST_TARGETS?.split(',').map((id) => id.trim());
  return targets.filter((target) => !selected || selected.includes(target.id));
}

/**
 * The server version of a target's database as a number, for `runs`: PostgreSQL's
 * `server_version_num` (150020); on MySQL, major × 10000 + minor × 100 + patch (101119 for 10.11.19);
 * on SQLite, major × 1000000 + minor × 1000 + patch (3045003 for 3.45.3).
 */
export async function serverVersionNumber(db: Connection): Promise<number> {
  if (db.dialect.name === 'sqlite') return sqliteVersionNumber(db);
  if (db.dialect.name === 'mysql') {
    const [major = 0, minor = 0, patch = 0] = (await db.serverVersion()).split(/[.-]/).map(Number);
    return major * 10_000 + minor * 100 + patch;
  }
  const [row] = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(row?.v);
}
