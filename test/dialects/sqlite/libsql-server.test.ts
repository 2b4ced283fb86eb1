/**
 * `libsql://` refs against a real libSQL server (sqld) with JWT authentication: the schema read
 * over the network equals the same schema in a local file; migrations run through the whole
 * protocol, a table rebuild included, with their history on the server; the auth token comes
 * from the environment and never shows; a missing or refused token is one sentence.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOneSentenceError, runCli } from '../../helpers/cli.js';
import { type LibsqlServer, hasSqld, startSqld } from '../../helpers/libsql-server.js';
import { sqliteFileWith, tempFolder } from './helpers.js';

const INIT = `CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id) ON DELETE CASCADE,
  title TEXT NOT NULL);
CREATE INDEX book_author ON book (author_id);
CREATE VIEW titles AS SELECT b.title, a.name FROM book b JOIN author a ON a.id = b.author_id;
CREATE TRIGGER book_touch AFTER UPDATE OF title ON book BEGIN UPDATE author SET name = name WHERE id = NEW.author_id; END;
`;

/** A folder with a SQLite config and an empty `migrations/` folder. */
function migrationProject(): string {
  const project = tempFolder();
  mkdirSync(join(project, 'migrations'));
  writeFileSync(
    join(project, 'schemaguard.config.json'),
    JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' } }),
  );
  return project;
}

/** The snapshot's schema part (its meta names the ref). */
const schemaOf = (stdout: string): unknown => (JSON.parse(stdout) as { schema: unknown }).schema;

describe.runIf(hasSqld())('libSQL servers (sqld) through libsql://', () => {
  // A server, and so a database, of its own for each test.
  let server: LibsqlServer;
  beforeEach(async () => {
    server = await startSqld();
  });
  afterEach(async () => {
    await server?.stop();
  });

  it('runs migrations through the protocol, a table rebuild with its rows included, and reads the schema as a file holds it', async () => {
    const project = migrationProject();
    writeFileSync(join(project, 'migrations', '0001_init.sql'), INIT);
    const env = { LIBSQL_AUTH_TOKEN: server.token };
    const run = (args: string[]) => runCli(args, { cwd: project, env });

    const applied = await run(['migrate', 'apply', '--db', server.url, '--yes']);
    expect(applied.stderr).toContain('6. post-verify: passed');
    expect(applied.code).toBe(0);
    // The server orders writers itself: no busy timeout is set, and the plan says so.
    expect(applied.stdout).toContain('each statement waits for a lock as long as the server makes it');
    expect(`${applied.stdout}${applied.stderr}`).not.toContain(server.token);

    // Rows written over the network, then a change that SQLite makes by rebuilding the table.
    const { createClient } = await import('@libsql/client');
    const client = createClient({ url: server.url, authToken: server.token });
    await client.executeMultiple(
      "INSERT INTO author (id, name) VALUES (1, 'Ann'), (2, 'Bo'); INSERT INTO book VALUES (10, 1, 'One'), (11, 2, 'Two');",
    );
    const desired = join(project, 'desired.sql');
    writeFileSync(desired, INIT.replace('title TEXT NOT NULL)', "title TEXT NOT NULL CHECK (title <> ''))"));
    const planned = await run(['diff', server.url, 'sql:desired.sql', '--output', 'migrations/0002_title_check.sql']);
    expect(planned.code).toBe(1);
    const plan = readFileSync(join(project, 'migrations', '0002_title_check.sql'), 'utf8');
    expect(plan).toContain('CREATE TABLE schemaguard_new_book');
    // A libSQL server refuses the legacy renaming pragma; no other trigger names the table, so none is needed.
    expect(plan).not.toContain('legacy_alter_table');

    const rebuilt = await run(['migrate', 'apply', '--db', server.url, '--yes']);
    expect(rebuilt.stderr, rebuilt.stdout).toContain('applied 0002_title_check.sql');
    expect(rebuilt.code).toBe(0);
    const rows = await client.execute(
      'SELECT b.id, b.title, a.name FROM book b JOIN author a ON a.id = b.author_id ORDER BY b.id',
    );
    expect(rows.rows.map((r) => [Number(r.id), r.title, r.name])).toEqual([
      [10, 'One', 'Ann'],
      [11, 'Two', 'Bo'],
    ]);
    expect((await client.execute('PRAGMA foreign_key_check')).rows).toEqual([]);
    client.close();

    const status = await run(['migrate', 'status', '--db', server.url]);
    expect(status.stdout).toContain('2 applied, 0 pending');
    expect(status.code).toBe(0);

    // The schema read over the network is the one a local file with the same SQL holds.
    sqliteFileWith(readFileSync(desired, 'utf8'), project, 'local.db');
    const remote = await run(['dump', server.url]);
    const local = await run(['dump', 'sqlite:./local.db']);
    expect(remote.code).toBe(0);
    expect(schemaOf(remote.stdout)).toEqual(schemaOf(local.stdout));
    expect((JSON.parse(remote.stdout) as { meta: { source: string } }).meta.source).toBe(server.url);
    const compared = await run(['compare', server.url, 'sqlite:./local.db']);
    expect(compared.stdout).toContain('No differences.');
  });

  it("keeps foreign keys off for a migration that turns them off, as a parent's rebuild needs: its children's rows stay", async () => {
    const project = migrationProject();
    const { url } = server;
    const { createClient } = await import('@libsql/client');
    const client = createClient({ url, authToken: server.token });
    writeFileSync(
      join(project, 'migrations', '0001_init.sql'),
      `CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);`,
    );
    const env = { LIBSQL_AUTH_TOKEN: server.token };
    expect((await runCli(['migrate', 'apply', '--db', url, '--yes'], { cwd: project, env })).code).toBe(0);
    await client.executeMultiple(
      "INSERT INTO parent VALUES (1, 'p'); INSERT INTO child VALUES (1, 1), (2, 1), (3, 1);",
    );
    // The rebuild as drizzle-kit and Prisma write it: with foreign keys on, DROP TABLE parent would
    // delete the children through ON DELETE CASCADE.
    writeFileSync(
      join(project, 'migrations', '0002_parent_check.sql'),
      `PRAGMA foreign_keys = OFF;
CREATE TABLE __new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> ''));
INSERT INTO __new_parent SELECT id, name FROM parent;
DROP TABLE parent;
ALTER TABLE __new_parent RENAME TO parent;
PRAGMA foreign_keys = ON;`,
    );
    const applied = await runCli(['migrate', 'apply', '--db', url, '--yes'], { cwd: project, env });
    expect(applied.stderr).toContain('applied 0002_parent_check.sql');
    expect(applied.code).toBe(0);
    expect((await client.execute('SELECT count(*) AS n FROM child')).rows[0]?.n).toBe(3);
    // The server's connections keep foreign keys on for everyone else.
    expect((await client.execute('PRAGMA foreign_keys')).rows[0]?.foreign_keys).toBe(1);

    // With VACUUM the migration cannot run in one transaction: its statements run one by one, foreign
    // keys off for each. The server refuses VACUUM; what ran before it kept the children's rows.
    writeFileSync(
      join(project, 'migrations', '0003_parent_rebuilt_again.sql'),
      `PRAGMA foreign_keys = OFF;
CREATE TABLE __new_parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO __new_parent SELECT id, name FROM parent;
DROP TABLE parent;
ALTER TABLE __new_parent RENAME TO parent;
PRAGMA foreign_keys = ON;
VACUUM;`,
    );
    const stopped = await runCli(['migrate', 'apply', '--db', url, '--yes'], { cwd: project, env });
    expect(stopped.stderr).toContain('line 7 (VACUUM), failed');
    expect((await client.execute('SELECT count(*) AS n FROM child')).rows[0]?.n).toBe(3);
    client.close();
  });

  it('says in one sentence that the server wants a token, or refused the one given, and never shows it', async () => {
    const none = await runCli(['dump', server.url], { env: { LIBSQL_AUTH_TOKEN: undefined } });
    expect(none.code).toBe(2);
    expect(isOneSentenceError(none)).toBe(true);
    expect(none.stderr).toContain('the server wants an auth token: put it in LIBSQL_AUTH_TOKEN (HTTP 401)');

    const wrong = `${server.token.slice(0, -4)}AAAA`;
    const refused = await runCli(['dump', `${server.url}&authTokenEnv=TURSO_TOKEN`], {
      env: { TURSO_TOKEN: wrong },
    });
    expect(refused.code).toBe(2);
    expect(isOneSentenceError(refused)).toBe(true);
    expect(refused.stderr).toContain('the server refused the auth token in TURSO_TOKEN (HTTP 401)');
    expect(refused.stderr).not.toContain(wrong);

    const inUrl = await runCli(['dump', `${server.url}&authToken=${server.token}`]);
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toContain('holds an auth token');
    expect(inUrl.stderr).not.toContain(server.token);
  });
});
