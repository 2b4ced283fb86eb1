/**
 * MySQL's shadow databases: MySQL has no embedded engine, so a shadow is a temporary
 * database (`schemaguard_shadow_<pid>_<random>`) created on a server, dropped afterwards
 * (also on an interruption the program guards).
 */
import { randomBytes } from 'node:crypto';
import { SchemaguardError, errorMessage } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import type { Connection, ShadowDatabase, ShadowDatabases } from '../dialect.js';
import { type MysqlClient, connectMysql } from './connection.js';
import { quoteIdent } from './introspect.js';

/** The sentence of everything that needs an embedded engine, which MySQL does not have. */
export const NO_EMBEDDED_ENGINE =
  'MySQL has no embedded database: set "shadow" in the config (or SCHEMAGUARD_SHADOW_URL) to a MySQL server URL where schemaguard may create databases.';

/** MySQL's shadow databases, given how a session becomes a {@link Connection}. */
export function mysqlShadow(toConnection: (client: MysqlClient) => Connection): ShadowDatabases {
  return {
    embeddedEngine() {
      throw new SchemaguardError(NO_EMBEDDED_ENGINE);
    },
    async open(options): Promise<ShadowDatabase> {
      if (options.server === undefined) throw new SchemaguardError(NO_EMBEDDED_ENGINE);
      const server = options.server;
      const connect = { connectTimeoutMs: options.connectTimeoutMs, env: options.env };
      const admin = await connectMysql(server, connect);
      const name = `schemaguard_shadow_${process.pid}_${randomBytes(4).toString('hex')}`;
      options.onStart?.('server');
      try {
        await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (error) {
        await admin.close().catch(() => {});
        const code = (error as { code?: string }).code;
        const denied = code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_ERROR';
        throw new SchemaguardError(
          denied
            ? `The shadow server ${redactUrl(server)} refused to create a database: grant the user CREATE and DROP on schemaguard_shadow_% databases, or set "shadow" in the config to a MySQL server URL where schemaguard may create databases.`
            : `Cannot create a shadow database on ${redactUrl(server)}: ${errorMessage(error)}.`,
          { cause: error },
        );
      }
      let dropped = false;
      // The session replaying on the shadow, once connected: an interruption ends its statement first.
      let replaying: number | undefined;
      const drop = async (interrupted: boolean) => {
        if (dropped) return;
        dropped = true;
        // DROP DATABASE would wait for a statement still running in it (a long ALTER TABLE).
        if (interrupted && replaying !== undefined) await admin.query('KILL ?', [replaying]).catch(() => {});
        await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`).catch(() => {});
        await admin.close().catch(() => {});
      };
      const release = (options.guard ?? (() => () => {}))(() => drop(true));
      const url = new URL(server);
      url.pathname = `/${name}`;
      let client: MysqlClient | undefined;
      try {
        client = await connectMysql(url.toString(), connect);
        const [session] = await client.query<{ id: number | string }>('SELECT CONNECTION_ID() AS id');
        replaying = Number(session?.id);
      } catch (error) {
        release();
        await client?.close().catch(() => {});
        await drop(false);
        throw error;
      }
      const shadow = client;
      // Another program connects to the temporary database itself, with the server's credentials.
      const served = { url: url.toString(), close: async () => {} };
      return {
        connection: toConnection(shadow),
        serve: async () => served,
        dispose: async () => {
          release();
          await shadow.close().catch(() => {});
          await drop(false);
        },
      };
    },
    // Notes (`IF NOT EXISTS` on what exists) are not worth a warning during a replay.
    async prepare(connection) {
      await connection.exec('SET SESSION sql_notes = 0');
    },
    // A foreign key to a table not created yet (MariaDB creates a column's REFERENCES too; MySQL 8 ignores it).
    failureHint: (error) =>
      /errno: 150|Failed to open the referenced table|Cannot add foreign key constraint/i.test(errorMessage(error))
        ? `; if a table it references is created later and the migration tool runs the migrations with foreign key checks off, say so in the config: "migrations": { "sessionSql": "SET FOREIGN_KEY_CHECKS = 0" }`
        : undefined,
    // MySQL has no extensions to pin.
    pinnedExtensions: () => [],
    impliedExtensions: () => undefined,
    startEmbeddedEngine: () => Promise.reject(new SchemaguardError(NO_EMBEDDED_ENGINE)),
    warmUp: () => Promise.reject(new SchemaguardError(NO_EMBEDDED_ENGINE)),
  };
}
