/**
 * The MySQL or MariaDB server tests may use, from SCHEMAGUARD_TEST_MYSQL_URL: uniquely
 * named databases created and dropped through the `mysql2` driver, and the dialect as
 * every test reaches it, through the registry.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { Connection } from '../../src/dialects/dialect.js';
import { dialectByName } from '../../src/dialects/index.js';
import type { DatabaseSession } from './databases.js';

/** MySQL, through the registry. */
export const mysql = dialectByName('mysql');

/** The MySQL server tests may use. */
export const MYSQL_URL = process.env.SCHEMAGUARD_TEST_MYSQL_URL;

let warned = false;

/** Whether MySQL server tests run; says so visibly when they are skipped, fails when servers are required. */
export function hasMysqlServer(): boolean {
  if (MYSQL_URL) return true;
  if (process.env.SCHEMAGUARD_TEST_REQUIRE_SERVERS === '1') {
    throw new Error('SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 but SCHEMAGUARD_TEST_MYSQL_URL is not set.');
  }
  if (!warned) {
    warned = true;
    console.warn('\n[schemaguard tests] SCHEMAGUARD_TEST_MYSQL_URL is not set: MySQL server tests are SKIPPED.\n');
  }
  return false;
}

/** The server URL with another database name (and, when given, another user). */
export function mysqlUrlFor(database: string, user?: { name: string; password: string }): string {
  const url = new URL(MYSQL_URL as string);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user.name;
    url.password = user.password;
  }
  return url.toString();
}

/** Runs a script as the server's admin user. */
export async function mysqlAdmin(sql: string, database?: string): Promise<void> {
  const url = new URL(MYSQL_URL as string);
  const client = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    ...(database ? { database } : {}),
    multipleStatements: true,
  });
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A uniquely named database on the test server; `drop()` removes it. */
export interface MysqlTestDatabase {
  readonly name: string;
  readonly url: string;
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

/** Creates an empty database, optionally running a script in it. */
export async function createMysqlDatabase(sql?: string, prefix = 'sgtest'): Promise<MysqlTestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await mysqlAdmin(`CREATE DATABASE \`${name}\``);
  const database: MysqlTestDatabase = {
    name,
    url: mysqlUrlFor(name),
    exec: (script) => mysqlAdmin(script, name),
    drop: () => mysqlAdmin(`DROP DATABASE IF EXISTS \`${name}\``),
  };
  if (sql) await database.exec(sql);
  return database;
}

/**
 * One database of the server, handed out empty again on each `fresh()` (dropped and created
 * anew, which MariaDB and MySQL do in milliseconds) over one connection; `close()` drops it.
 */
export function mysqlSession(prefix = 'sgpairs'): DatabaseSession {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  let client: Connection | undefined;
  return {
    async fresh() {
      const reset = `DROP DATABASE IF EXISTS \`${name}\`; CREATE DATABASE \`${name}\`; USE \`${name}\``;
      if (client) await client.exec(reset);
      else {
        await mysqlAdmin(reset);
        client = await mysql.connect(mysqlUrlFor(name));
      }
      return client;
    },
    async close() {
      await client?.close().catch(() => {});
      await mysqlAdmin(`DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}

/**
 * The server version of a connection as a number: `major * 10000 + minor * 100 + patch`
 * (10.11.19-MariaDB is 101119, MySQL 8.0.36 is 80036): MariaDB's are those from 100000 up.
 */
export async function mysqlVersionNumber(db: Connection): Promise<number> {
  const [row] = await db.query<{ v: string }>('SELECT VERSION() AS v');
  const [major = 0, minor = 0, patch = 0] = (/^\d+\.\d+\.\d+/.exec(row?.v ?? '')?.[0] ?? '').split('.').map(Number);
  return major * 10000 + minor * 100 + patch;
}
