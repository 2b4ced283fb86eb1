/**
 * MySQL/MariaDB read side on the server of SCHEMAGUARD_TEST_MYSQL_URL: every attribute of
 * the fixture introspected, a constant number of queries, dump → snapshot → compare round
 * trips, real differences reported, a SELECT + SHOW VIEW user, and the error sentences.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import type { TableDef } from '../../../src/schema/model.js';
import { runCli } from '../../helpers/cli.js';
import {
  type MysqlTestDatabase,
  createMysqlDatabase,
  hasMysqlServer,
  mysql,
  mysqlAdmin,
  mysqlUrlFor,
} from '../../helpers/mysql-databases.js';

const FIXTURE = readFileSync(join(import.meta.dirname, 'fixture.sql'), 'utf8');

/** The connection, counting the statements it sends. */
function counting(client: Connection): Connection & { statements: number } {
  const counter = {
    ...client,
    statements: 0,
    query<Row>(sql: string, params?: readonly unknown[]) {
      counter.statements++;
      return client.query<Row>(sql, params);
    },
  };
  return counter;
}

/**
 * `n` tables, each with a key, an index, a foreign key, a check and a trigger, and a view of each;
 * and `n` partitioned tables, each with a partition option (read from SHOW CREATE TABLE).
 */
function tablesSql(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      `CREATE TABLE t${i} (id int PRIMARY KEY, parent int, v int CHECK (v > 0), KEY t${i}_v (v)${
        i > 0 ? `, CONSTRAINT t${i}_fk FOREIGN KEY (parent) REFERENCES t${i - 1} (id)` : ''
      });`,
      `CREATE VIEW v${i} AS SELECT id FROM t${i};`,
      `CREATE TRIGGER t${i}_trg BEFORE INSERT ON t${i} FOR EACH ROW SET NEW.v = NEW.v;`,
      `CREATE TABLE pt${i} (id int) PARTITION BY RANGE (id)
         (PARTITION p0 VALUES LESS THAN (10) MAX_ROWS = ${i + 1}, PARTITION p1 VALUES LESS THAN MAXVALUE);`,
    );
  }
  return out.join('\n');
}

describe.runIf(hasMysqlServer())('MySQL read side', () => {
  let fixture: MysqlTestDatabase;
  let copy: MysqlTestDatabase;
  const work = mkdtempSync(join(tmpdir(), 'sg-mysql-'));

  beforeAll(async () => {
    [fixture, copy] = await Promise.all([createMysqlDatabase(FIXTURE), createMysqlDatabase(FIXTURE)]);
  });
  afterAll(async () => {
    await Promise.all([fixture?.drop(), copy?.drop()]);
  });

  it('reads every attribute of the fixture, under the fixed namespace, in a constant-snapshot transaction', async () => {
    const connection = await mysql.connect(fixture.url);
    try {
      const { schema, serverVersion } = await connection.introspect({ includeOwners: true });
      expect(serverVersion).toMatch(/^\d+\.\d+\.\d+(-MariaDB)?$/);
      expect(schema.schemas).toEqual([expect.objectContaining({ name: 'db', charset: expect.any(String) })]);
      const table = (name: string) => schema.tables.find((t) => t.name === name) as TableDef;
      const author = table('author');
      expect(author).toMatchObject({
        schema: 'db',
        engine: 'InnoDB',
        charset: 'utf8mb4',
        collation: 'utf8mb4_unicode_ci',
        rowFormat: 'DYNAMIC',
        options: ['STATS_PERSISTENT=1'],
        comment: 'people who write',
      });
      const column = (name: string) => author.columns.find((c) => c.name === name);
      expect(author.columns.map((c) => c.name)).toEqual([
        'id',
        'name',
        'nick',
        'code',
        'flag',
        'mood',
        'tags',
        'price',
        'created',
        'updated',
        'due',
        'full_name',
        'name_len',
        'secret',
        'place',
        'bio',
      ]);
      expect(column('id')).toMatchObject({
        type: expect.stringMatching(/^int(\(10\))? unsigned$/),
        autoIncrement: true,
        notNull: true,
      });
      expect(column('nick')).toMatchObject({
        charset: 'latin1',
        collation: 'latin1_swedish_ci',
        default: "'anon'",
        comment: 'shown name',
      });
      expect(column('name')).not.toHaveProperty('charset');
      expect(column('code')?.type).toBe('int(8) unsigned zerofill');
      expect(column('mood')).toMatchObject({ type: "enum('happy','sad','ok')", default: "'ok'" });
      expect(column('tags')).not.toHaveProperty('default');
      expect(column('created')?.default).toBe('current_timestamp(3)');
      expect(column('updated')).toMatchObject({ default: 'current_timestamp()', onUpdate: 'current_timestamp()' });
      expect(mysql.equivalence.defaultExpression(column('due')?.default ?? '', 'date')).toBe(
        'curdate() + interval 7 day',
      );
      expect(column('full_name')).toMatchObject({ generated: expect.stringContaining('concat('), virtual: true });
      expect(column('name_len')).toMatchObject({ generated: 'char_length(`name`)' });
      expect(column('name_len')).not.toHaveProperty('virtual');
      expect(column('secret')).toMatchObject({ invisible: true });
      expect(column('place')).toMatchObject({ srid: 4326, notNull: true });
      expect(author.constraints).toEqual([
        { type: 'primary key', name: 'PRIMARY', columns: ['id'] },
        { type: 'check', name: 'author_price_positive', expression: '`price` >= 0' },
      ]);
      const index = (name: string) => author.indexes?.find((i) => i.name === name);
      expect(index('author_name')).toMatchObject({ unique: true, method: 'btree', keys: [{ column: 'name' }] });
      expect(index('author_nick_prefix')).toEqual({
        name: 'author_nick_prefix',
        method: 'btree',
        keys: [{ column: 'nick', descending: true, length: 10 }, { column: 'created' }],
        comment: 'by nick',
      });
      expect(index('author_hidden')).toMatchObject({ invisible: true });
      expect(index('author_bio')?.method).toBe('fulltext');
      expect(index('author_place')).toEqual({ name: 'author_place', method: 'spatial', keys: [{ column: 'place' }] });
      const book = table('book');
      expect(book.charset).toBe('latin1');
      expect(book.constraints).toContainEqual({
        type: 'foreign key',
        name: 'book_author',
        columns: ['author_id'],
        references: { schema: 'db', table: 'author', columns: ['id'] },
        onDelete: 'SET NULL',
        onUpdate: 'CASCADE',
      });
      expect(book.triggers?.map((t) => [t.name, t.timing, t.events, t.order, t.body, t.owner])).toEqual([
        ['book_title', 'BEFORE', ['INSERT'], undefined, 'SET NEW.title = trim(NEW.title)', expect.any(String)],
        ['book_title_upper', 'BEFORE', ['INSERT'], 2, 'SET NEW.title = upper(NEW.title)', expect.any(String)],
      ]);
      expect(table('tagged').constraints).toEqual([
        {
          type: 'primary key',
          name: 'PRIMARY',
          columns: ['tag', 'at'],
          parts: [
            { column: 'tag', length: 20 },
            { column: 'at', descending: true },
          ],
        },
      ]);
      expect(table('legacy')).toMatchObject({ engine: 'MyISAM', charset: 'utf8mb3', options: ['KEY_BLOCK_SIZE=8'] });
      expect(table('sale')).toMatchObject({
        partitionBy: 'RANGE (year(`sold`))',
        subpartitionBy: 'HASH (`id`)',
        partitions: [
          { name: 'p2020', bound: 'VALUES LESS THAN (2021)', subpartitions: ['p2020sp0', 'p2020sp1'], comment: 'old' },
          { name: 'pmax', bound: 'VALUES LESS THAN MAXVALUE', subpartitions: ['pmaxsp0', 'pmaxsp1'] },
        ],
      });
      expect(table('region_sale').partitions).toEqual([
        { name: 'north', bound: "VALUES IN ('n','ne')" },
        { name: 'south', bound: "VALUES IN ('s')" },
      ]);
      expect(table('hashed')).toMatchObject({
        partitionBy: 'KEY (`id`)',
        partitions: [{ name: 'p0' }, { name: 'p1' }, { name: 'p2' }],
      });
      const view = schema.views.find((v) => v.name === 'recent_book');
      expect(view).toMatchObject({ checkOption: 'CASCADED', sqlSecurity: 'INVOKER', owner: expect.any(String) });
      // The database's own name is gone from the definition: the same view reads alike in every database.
      expect(view?.definition).not.toContain(fixture.name);
      expect(view?.definition).toContain('from `book` `b`');
      const fn = schema.functions.find((f) => f.name === 'add_tax');
      expect(fn).toMatchObject({
        kind: 'function',
        identityArguments: 'decimal(10,2), int',
        returns: 'decimal(10,2)',
        deterministic: true,
        dataAccess: 'NO SQL',
        securityDefiner: true,
        comment: 'adds tax',
        body: 'RETURN amount * (100 + rate) / 100',
      });
      expect(schema.functions.find((f) => f.name === 'count_books')).toMatchObject({
        kind: 'procedure',
        arguments: 'IN `since` smallint, OUT `total` int',
        dataAccess: 'READS SQL DATA',
      });
      expect(schema.events).toEqual([
        expect.objectContaining({ name: 'one_shot', schedule: "AT '2030-01-01 00:00:00'", preserve: true }),
        expect.objectContaining({
          name: 'purge_legacy',
          schedule: 'EVERY 1 DAY',
          status: 'DISABLED',
          comment: 'nightly',
        }),
      ]);
      if (serverVersion.endsWith('-MariaDB')) {
        expect(view?.algorithm).toBe('MERGE');
        expect(schema.sequences).toEqual([
          {
            schema: 'db',
            name: 'ticket',
            type: 'bigint',
            start: '10',
            increment: '5',
            min: '10',
            max: '100000',
            cache: '20',
            cycle: true,
          },
        ]);
      }
    } finally {
      await connection.close();
    }
  });

  it('reads 1 table and 30 tables (and as many partitioned ones) with the same number of statements', async () => {
    const [small, large] = await Promise.all([createMysqlDatabase(tablesSql(1)), createMysqlDatabase(tablesSql(30))]);
    try {
      const counts: number[] = [];
      for (const db of [small, large]) {
        const connection = await mysql.connect(db.url);
        try {
          const counter = counting(connection);
          const { schema } = await counter.introspect({ includePrivileges: true });
          expect(schema.views).toHaveLength(db === small ? 1 : 30);
          const last = schema.tables.find((t) => t.name === (db === small ? 'pt0' : 'pt29'));
          expect(last?.partitions?.[0]?.options).toEqual([`MAX_ROWS = ${db === small ? 1 : 30}`]);
          counts.push(counter.statements);
        } finally {
          await connection.close();
        }
      }
      expect(counts[1]).toBe(counts[0]);
    } finally {
      await Promise.all([small.drop(), large.drop()]);
    }
  });

  it("reads partitions' and subpartitions' options, leaving out the table's own engine", async () => {
    const db = await createMysqlDatabase(`
      CREATE TABLE ranged (id int, d int) ENGINE=InnoDB PARTITION BY RANGE (d) (
        PARTITION p0 VALUES LESS THAN (10) COMMENT = 'MAX_ROWS = 7' MAX_ROWS = 1000 MIN_ROWS = 5,
        PARTITION p1 VALUES LESS THAN MAXVALUE NODEGROUP = 0);
      CREATE TABLE \`sub\` (id int, d int) PARTITION BY RANGE (d) SUBPARTITION BY HASH (id) (
        PARTITION p0 VALUES LESS THAN (10) (SUBPARTITION s0 MAX_ROWS = 100, SUBPARTITION s1),
        PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3 MIN_ROWS = 3));`);
    try {
      const connection = await mysql.connect(db.url);
      try {
        const { schema } = await connection.introspect();
        const table = (name: string) => schema.tables.find((t) => t.name === name);
        expect(table('ranged')?.partitions).toEqual([
          {
            name: 'p0',
            bound: 'VALUES LESS THAN (10)',
            comment: 'MAX_ROWS = 7',
            options: ['MAX_ROWS = 1000', 'MIN_ROWS = 5'],
          },
          { name: 'p1', bound: 'VALUES LESS THAN MAXVALUE', options: ['NODEGROUP = 0'] },
        ]);
        expect(table('sub')?.partitions).toEqual([
          {
            name: 'p0',
            bound: 'VALUES LESS THAN (10)',
            subpartitions: ['s0', 's1'],
            subpartitionOptions: { s0: ['MAX_ROWS = 100'] },
          },
          {
            name: 'p1',
            bound: 'VALUES LESS THAN MAXVALUE',
            subpartitions: ['s2', 's3'],
            subpartitionOptions: { s3: ['MIN_ROWS = 3'] },
          },
        ]);
      } finally {
        await connection.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('dumps a snapshot that compares equal with its database and with a copy under another name', async () => {
    const file = join(work, 'snap.json');
    const dump = await runCli(['dump', fixture.url, '-o', file]);
    expect(dump.code, dump.stderr).toBe(0);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { dialect: string; meta: { serverVersion: string } };
    expect(snapshot.dialect).toBe('mysql');
    expect(snapshot.meta.serverVersion).toMatch(/^\d+\.\d+\.\d+(-MariaDB)?$/);
    for (const args of [
      ['compare', file, fixture.url],
      ['compare', fixture.url, copy.url],
      ['compare', file, copy.url, '--strict-column-order'],
    ]) {
      const result = await runCli(args);
      expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('No differences');
    }
  });

  it('reports each real difference, and column order only with --strict-column-order', async () => {
    const changed = await createMysqlDatabase(FIXTURE);
    try {
      await changed.exec(`
        ALTER TABLE book MODIFY title varchar(250) NOT NULL;
        ALTER TABLE author ALTER COLUMN flag SET DEFAULT 1;
        ALTER TABLE author MODIFY bio text AFTER id;
        ALTER TABLE legacy ENGINE=InnoDB;
        DROP INDEX author_hidden ON author;
        ALTER TABLE book DROP FOREIGN KEY book_author;
        ALTER TABLE book ADD CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE;
        CREATE OR REPLACE VIEW author_names AS SELECT name, nick FROM author;
        DROP TRIGGER book_title_upper;
        ALTER EVENT purge_legacy ENABLE;
        DROP PROCEDURE count_books;
      `);
      const result = await runCli(['compare', fixture.url, changed.url, '--format', 'json']);
      expect(result.code, result.stderr).toBe(1);
      const changes = (
        JSON.parse(result.stdout) as {
          differences: { action: string; path: string; attributes?: { attribute: string }[] }[];
        }
      ).differences;
      const said = changes.map((c) =>
        `${c.action} ${c.path} ${(c.attributes ?? []).map((a) => a.attribute).join(',')}`.trim(),
      );
      expect(said).toEqual(
        expect.arrayContaining([
          'alter db.book.title type',
          'alter db.author.flag default',
          'alter db.legacy engine',
          'drop db.author.author_hidden',
          'alter db.book.book_author onDelete,onUpdate',
          'alter db.author_names columns,definition',
          'drop db.book.book_title_upper',
          'alter db.purge_legacy status',
          'drop db.count_books(smallint, int)',
        ]),
      );
      expect(said.some((s) => s.includes('columnOrder'))).toBe(false);
      const strict = await runCli(['compare', fixture.url, changed.url, '--strict-column-order', '--format', 'json']);
      expect(strict.stdout).toContain('columnOrder');
    } finally {
      await changed.drop();
    }
  });

  it('keeps the name of another database a reference leaves for, and reads spellings of one column alike', async () => {
    const other = await createMysqlDatabase('CREATE TABLE parent (id int PRIMARY KEY);');
    const [a, b] = await Promise.all([
      createMysqlDatabase(
        `CREATE TABLE child (id int PRIMARY KEY, parent_id int DEFAULT NULL, note varchar(5) DEFAULT 'n/a',
           seen timestamp NULL DEFAULT CURRENT_TIMESTAMP,
           CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES \`${other.name}\`.parent (id));
         CREATE VIEW far AS SELECT id FROM \`${other.name}\`.parent;`,
      ),
      createMysqlDatabase(
        `CREATE TABLE child (id integer NOT NULL, parent_id int, note varchar(5) DEFAULT "n/a",
           seen timestamp NULL DEFAULT now(), PRIMARY KEY (id),
           CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES \`${other.name}\`.parent (id));
         CREATE VIEW far AS SELECT id FROM \`${other.name}\`.parent;`,
      ),
    ]);
    try {
      const connection = await mysql.connect(a.url);
      try {
        const { schema } = await connection.introspect();
        const child = schema.tables.find((t) => t.name === 'child');
        expect(child?.constraints).toContainEqual(
          expect.objectContaining({ references: { schema: other.name, table: 'parent', columns: ['id'] } }),
        );
        expect(child?.columns.find((c) => c.name === 'parent_id')).not.toHaveProperty('default');
        expect(child?.columns.find((c) => c.name === 'note')?.default).toBe("'n/a'");
        expect(schema.views[0]?.definition).toContain(`\`${other.name}\`.\`parent\``);
      } finally {
        await connection.close();
      }
      const result = await runCli(['compare', a.url, b.url]);
      expect(result.code, result.stdout).toBe(0);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
      await other.drop();
    }
  });

  it('dumps as a user with only SELECT and SHOW VIEW, saying which kinds that user may not see', async () => {
    const user = { name: `sg_ro_${process.pid}`, password: 'ro-secret' };
    await mysqlAdmin(
      `CREATE USER '${user.name}'@'%' IDENTIFIED BY '${user.password}'; GRANT SELECT, SHOW VIEW ON \`${fixture.name}\`.* TO '${user.name}'@'%';`,
    );
    try {
      // The administrator reads that user's grants with --include-privileges.
      const admin = await mysql.connect(fixture.url);
      try {
        const { schema } = await admin.introspect({ includePrivileges: true });
        expect(schema.schemas[0]?.grants).toEqual(
          expect.arrayContaining([
            { grantee: `'${user.name}'@'%'`, privilege: 'SELECT' },
            { grantee: `'${user.name}'@'%'`, privilege: 'SHOW VIEW' },
          ]),
        );
        expect(schema.tables.every((t) => Array.isArray(t.grants))).toBe(true);
      } finally {
        await admin.close();
      }
      const file = join(work, 'ro.json');
      const result = await runCli(['dump', mysqlUrlFor(fixture.name, user), '-o', file]);
      expect(result.code, result.stderr).toBe(0);
      const tables = (JSON.parse(readFileSync(file, 'utf8')) as { schema: { tables: TableDef[] } }).schema.tables;
      expect(tables.map((t) => t.name)).toContain('author');
      expect(result.stderr).toContain('warning: not included: triggers, routines, events');
      expect(`${result.stdout}${result.stderr}`).not.toContain(user.password);
      const meta = (JSON.parse(readFileSync(file, 'utf8')) as { meta: { unread?: string[] } }).meta;
      expect(meta.unread).toEqual(['triggers', 'routines', 'events']);
      // Compared with what the administrator reads, the kinds that user could not see are left out, and said so.
      const compared = await runCli(['compare', file, fixture.url]);
      expect(compared.code, compared.stdout).toBe(0);
      expect(compared.stdout).toMatch(
        /not compared: triggers, routines, events \(.* was read by a user who may not see them\)/,
      );
    } finally {
      await mysqlAdmin(`DROP USER IF EXISTS '${user.name}'@'%'`);
    }
  });

  it('says in one sentence, exit 2 and no password, what is wrong with a URL, a server or a login', async () => {
    const url = new URL(fixture.url);
    const cases: [string, RegExp][] = [
      [`mysql://root:pw@${url.host}/`, /names no database/],
      [`mysql://root:pw@127.0.0.1:1/${fixture.name}`, /Cannot connect to MySQL at 127\.0\.0\.1:1: connection refused/],
      [mysqlUrlFor(fixture.name, { name: 'root', password: 'wrong-secret' }), /Access denied for user "root"/],
      [mysqlUrlFor('sg_no_such_database'), /Database "sg_no_such_database" does not exist/],
      [`mysql://root:pw@${url.host}/x?ssl-mode=sometimes`, /ssl-mode=sometimes: use one of/],
      [
        `mysql://root:pw@${url.host}/x?ssl-mode=VERIFY_CA&ssl-ca=/no/such/ca.pem`,
        /Cannot read the CA certificate \/no\/such\/ca\.pem/,
      ],
    ];
    for (const [ref, message] of cases) {
      const result = await runCli(['dump', ref]);
      expect(result.code, ref).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/wrong-secret|:pw@/);
    }
    const diff = await runCli(['diff', fixture.url, copy.url]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('-- No differences: nothing to do.');
  });
});
