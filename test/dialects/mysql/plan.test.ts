/**
 * The MySQL/MariaDB planner judged on the server of SCHEMAGUARD_TEST_MYSQL_URL: for each
 * pair of scripts (A, B), in both directions, the plan of diff(A, B) applied statement by
 * statement to a database built from A leaves it equal to one built from B, rows kept;
 * toSql of the read-side fixture rebuilds it; the plan's hazard comments; and the CLI's
 * `diff`, `compare --format sql` and `dump --format sql`. Two scratch databases serve the
 * whole file, emptied between pairs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../src/diff/change.js';
import { diff, reverseRenames } from '../../../src/diff/index.js';
import { migration } from '../../../src/plan/migration.js';
import { renderPlanSql } from '../../../src/plan/render.js';
import type { Schema } from '../../../src/schema/model.js';
import { runCli } from '../../helpers/cli.js';
import {
  type MysqlTestDatabase,
  createMysqlDatabase,
  hasMysqlServer,
  mysql,
  mysqlAdmin,
} from '../../helpers/mysql-databases.js';

const FIXTURE = readFileSync(join(import.meta.dirname, 'fixture.sql'), 'utf8');

interface Pair {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  /** Renames for A→B (`db.table.column=new`); reversed for B→A. */
  readonly renames?: readonly string[];
  /** Read with privileges and owners; `USER` in the scripts is the file's test user. */
  readonly privileges?: boolean;
  /** Column order counts (`--strict-column-order`). */
  readonly strictOrder?: boolean;
  /** Rows inserted into A before A→B, and a query whose result must be the same after it. */
  readonly rows?: { readonly insert: string; readonly check: string };
}

const PAIRS: readonly Pair[] = [
  {
    name: 'columns: added, dropped, retyped, defaults, ON UPDATE, comments, charset, NOT NULL',
    a: `CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b varchar(20) DEFAULT 'x', c varchar(10),
        d timestamp NULL, e text, due date, gone int) DEFAULT CHARSET=utf8mb4;`,
    b: `CREATE TABLE t (id int PRIMARY KEY, a bigint NOT NULL COMMENT 'wider', b varchar(40) DEFAULT 'y',
        c varchar(10) CHARACTER SET latin1 NOT NULL DEFAULT '', new_col int DEFAULT 7 INVISIBLE,
        d timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(), e text,
        due date DEFAULT (curdate() + interval 7 day)) DEFAULT CHARSET=utf8mb4;`,
    rows: {
      insert: `INSERT INTO t (id, a, b, c, e) VALUES (1, 10, 'q', 'r', 'long');`,
      check: 'SELECT id, a, b, c, e FROM t',
    },
  },
  {
    name: 'column renamed (RENAME COLUMN) and renamed with a new type (CHANGE COLUMN), rows kept',
    a: 'CREATE TABLE person (id int PRIMARY KEY, full_name varchar(50) NOT NULL, age smallint, KEY person_age (age));',
    b: 'CREATE TABLE person (id int PRIMARY KEY, name varchar(50) NOT NULL, years int, KEY person_age (years));',
    renames: ['db.person.full_name=name', 'db.person.age=years'],
    rows: {
      insert: `INSERT INTO person VALUES (1, 'Ann', 30), (2, 'Bo', NULL);`,
      check: 'SELECT * FROM person ORDER BY id',
    },
  },
  {
    name: 'column order (strict): moved, added in the middle, renamed',
    a: 'CREATE TABLE o (id int PRIMARY KEY, a int, b varchar(5), c date);',
    b: "CREATE TABLE o (id int PRIMARY KEY, c date, n int DEFAULT 1, bee varchar(5) NOT NULL DEFAULT '', a int);",
    renames: ['db.o.b=bee'],
    strictOrder: true,
    rows: { insert: "INSERT INTO o VALUES (1, 2, 'x', '2020-01-02');", check: 'SELECT id, a, c FROM o' },
  },
  {
    name: 'indexes: added, dropped, renamed, prefix, DESC, unique, FULLTEXT, comment',
    a: `CREATE TABLE doc (id int PRIMARY KEY, title varchar(100), body text, n int,
        KEY doc_n (n), KEY doc_title (title), KEY old_name (id, n)) ENGINE=InnoDB;`,
    b: `CREATE TABLE doc (id int PRIMARY KEY, title varchar(100), body text, n int,
        UNIQUE KEY doc_n (n), KEY doc_title (title(10) DESC) COMMENT 'short', KEY new_name (id, n),
        FULLTEXT KEY doc_body (body)) ENGINE=InnoDB;`,
  },
  {
    name: 'auto-increment key added to a table without one',
    a: 'CREATE TABLE ai (v varchar(10) NOT NULL);',
    b: 'CREATE TABLE ai (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(10) NOT NULL);',
    rows: { insert: "INSERT INTO ai VALUES ('one'), ('two');", check: 'SELECT v FROM ai ORDER BY v' },
  },
  {
    name: 'primary key and checks changed',
    a: 'CREATE TABLE k (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a), CONSTRAINT k_pos CHECK (a > 0));',
    b: 'CREATE TABLE k (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b), CONSTRAINT k_b CHECK (b >= 0));',
    rows: { insert: 'INSERT INTO k VALUES (1, 2), (3, 4);', check: 'SELECT * FROM k ORDER BY a' },
  },
  {
    name: 'foreign keys: added, dropped, and around a column whose type changes',
    a: `CREATE TABLE parent (id int PRIMARY KEY, code int UNIQUE);
        CREATE TABLE child (id int PRIMARY KEY, parent_id int, code int,
          CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`,
    b: `CREATE TABLE parent (id bigint PRIMARY KEY, code int UNIQUE);
        CREATE TABLE child (id int PRIMARY KEY, parent_id bigint, code int, KEY child_parent (parent_id),
          CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
          CONSTRAINT child_code FOREIGN KEY (code) REFERENCES parent (code));`,
    rows: {
      insert: 'INSERT INTO parent VALUES (1, 5); INSERT INTO child VALUES (1, 1, 5);',
      check: 'SELECT c.id, p.id AS p FROM child c JOIN parent p ON p.id = c.parent_id',
    },
  },
  {
    name: 'tables added and dropped, ordered by their foreign keys',
    a: 'CREATE TABLE keep (id int PRIMARY KEY);',
    b: `CREATE TABLE keep (id int PRIMARY KEY);
        CREATE TABLE z_owner (id int PRIMARY KEY, keep_id int, CONSTRAINT z_owner_keep FOREIGN KEY (keep_id) REFERENCES keep (id));
        CREATE TABLE a_item (id int PRIMARY KEY, owner_id int, CONSTRAINT a_item_owner FOREIGN KEY (owner_id) REFERENCES z_owner (id));
        CREATE TABLE self_ref (id int PRIMARY KEY, up int, CONSTRAINT self_up FOREIGN KEY (up) REFERENCES self_ref (id));`,
  },
  {
    name: 'tables in a foreign-key cycle added and dropped',
    a: 'CREATE TABLE other (id int PRIMARY KEY);',
    b: `CREATE TABLE other (id int PRIMARY KEY);
        CREATE TABLE hen (id int PRIMARY KEY, egg_id int);
        CREATE TABLE egg (id int PRIMARY KEY, hen_id int, CONSTRAINT egg_hen FOREIGN KEY (hen_id) REFERENCES hen (id));
        ALTER TABLE hen ADD CONSTRAINT hen_egg FOREIGN KEY (egg_id) REFERENCES egg (id);`,
  },
  {
    name: 'table options and the default charset (converted)',
    a: `CREATE TABLE opt (id int PRIMARY KEY, s varchar(10), l varchar(10) CHARACTER SET utf8mb4)
        ENGINE=InnoDB DEFAULT CHARSET=latin1 ROW_FORMAT=COMPACT COMMENT='old';`,
    b: `CREATE TABLE opt (id int PRIMARY KEY, s varchar(10), l varchar(10) CHARACTER SET utf8mb4)
        ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 ROW_FORMAT=DYNAMIC STATS_PERSISTENT=1;`,
    rows: { insert: `INSERT INTO opt VALUES (1, 'abc', 'def');`, check: 'SELECT * FROM opt' },
  },
  {
    name: 'engine and KEY_BLOCK_SIZE',
    a: 'CREATE TABLE eng (id int NOT NULL, note varchar(20)) ENGINE=MyISAM KEY_BLOCK_SIZE=8;',
    b: 'CREATE TABLE eng (id int NOT NULL, note varchar(20)) ENGINE=InnoDB;',
    rows: { insert: "INSERT INTO eng VALUES (1, 'kept');", check: 'SELECT * FROM eng' },
  },
  {
    name: 'table renamed, a view on it re-created',
    a: 'CREATE TABLE old_name (id int PRIMARY KEY); CREATE VIEW ov AS SELECT id FROM old_name;',
    b: 'CREATE TABLE new_name (id int PRIMARY KEY); CREATE VIEW ov AS SELECT id FROM new_name;',
    renames: ['db.old_name=new_name'],
  },
  {
    name: 'partitioning added',
    a: 'CREATE TABLE part (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y));',
    b: `CREATE TABLE part (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
        PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);`,
    rows: { insert: 'INSERT INTO part VALUES (1, 1999), (2, 2024);', check: 'SELECT * FROM part ORDER BY id' },
  },
  {
    name: 'enum member removed, set member added',
    a: `CREATE TABLE mood (id int PRIMARY KEY, m enum('a','b','c') NOT NULL DEFAULT 'a', s set('x','y'));`,
    b: `CREATE TABLE mood (id int PRIMARY KEY, m enum('a','b') NOT NULL DEFAULT 'a', s set('x','y','z'));`,
    rows: { insert: `INSERT INTO mood VALUES (1, 'b', 'x,y');`, check: 'SELECT * FROM mood' },
  },
  {
    name: 'views, triggers, routines and events re-created',
    a: `CREATE TABLE item (id int PRIMARY KEY, price int, note varchar(20));
        CREATE VIEW cheap AS SELECT id FROM item WHERE price < 10;
        CREATE TRIGGER item_a BEFORE INSERT ON item FOR EACH ROW SET NEW.note = 'a';
        CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
        CREATE EVENT tidy ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM item WHERE price < 0;`,
    b: `CREATE TABLE item (id int PRIMARY KEY, price int, note varchar(20));
        CREATE ALGORITHM=MERGE VIEW cheap AS SELECT id, price FROM item WHERE price < 20 WITH CHECK OPTION;
        CREATE VIEW cheapest AS SELECT id FROM cheap WHERE price < 5;
        CREATE TRIGGER item_a BEFORE INSERT ON item FOR EACH ROW SET NEW.note = 'b';
        CREATE TRIGGER item_b BEFORE INSERT ON item FOR EACH ROW FOLLOWS item_a SET NEW.note = concat(NEW.note, '!');
        CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x + x;
        CREATE PROCEDURE list_items() READS SQL DATA SELECT * FROM item;
        CREATE EVENT tidy ON SCHEDULE EVERY 2 DAY DISABLE COMMENT 'slower' DO DELETE FROM item WHERE price < 0;`,
  },
  {
    name: 'grants on the database, tables, columns and views; definers of views and routines',
    privileges: true,
    a: `CREATE TABLE g (id int PRIMARY KEY, secret int); CREATE VIEW gv AS SELECT id FROM g;
        GRANT SELECT ON g TO USER; CREATE FUNCTION gf() RETURNS int DETERMINISTIC RETURN 1;`,
    b: `CREATE TABLE g (id int PRIMARY KEY, secret int); CREATE DEFINER=USER VIEW gv AS SELECT id FROM g;
        GRANT INSERT ON g TO USER; GRANT SELECT (secret) ON g TO USER; GRANT SELECT ON gv TO USER;
        GRANT SELECT ON * TO USER; CREATE DEFINER=USER FUNCTION gf() RETURNS int DETERMINISTIC RETURN 1;`,
  },
  {
    name: 'sequences (MariaDB)',
    a: 'CREATE SEQUENCE s1 START WITH 1 INCREMENT BY 1; CREATE SEQUENCE gone;',
    b: 'CREATE SEQUENCE s1 START WITH 1 INCREMENT BY 5 MAXVALUE 1000 CYCLE; CREATE SEQUENCE s2 START WITH 100;',
  },
];

function describeChanges(changes: readonly Change[]): string {
  return changes
    .map(
      (c) =>
        `${c.action} ${c.objectType} ${c.path}${c.attributes ? ` [${c.attributes.map((a) => a.attribute).join(', ')}]` : ''}`,
    )
    .join('\n');
}

describe.runIf(hasMysqlServer())('MySQL planner', () => {
  let x: MysqlTestDatabase;
  let y: MysqlTestDatabase;
  /** The user the grants pair grants to (grants outlive a dropped database: revoked before each pair). */
  const user = `'sgplan_${process.pid}'@'%'`;

  beforeAll(async () => {
    [x, y] = await Promise.all([createMysqlDatabase(), createMysqlDatabase()]);
    await mysqlAdmin(`CREATE USER ${user}`);
  });
  afterAll(async () => {
    await Promise.all([x?.drop(), y?.drop()]);
    await mysqlAdmin(`DROP USER IF EXISTS ${user}`);
  });

  /** Empties a scratch database and runs a script in it. */
  async function reset(db: MysqlTestDatabase, sql: string): Promise<void> {
    await mysqlAdmin(`DROP DATABASE IF EXISTS \`${db.name}\`; CREATE DATABASE \`${db.name}\``);
    if (sql) await db.exec(sql);
  }

  async function read(db: MysqlTestDatabase, privileges = false): Promise<Schema> {
    const connection = await mysql.connect(db.url);
    try {
      return (await connection.introspect({ includePrivileges: privileges, includeOwners: privileges })).schema;
    } finally {
      await connection.close();
    }
  }

  /** The rows of a query as lists of texts: what survives renames and wider types. */
  async function rows(db: MysqlTestDatabase, sql: string): Promise<unknown[]> {
    const connection = await mysql.connect(db.url);
    try {
      return (await connection.query(sql)).map((row) => Object.values(row).map((v) => (v === null ? null : String(v))));
    } finally {
      await connection.close();
    }
  }

  /** Builds `from` in x and `to` in y, applies the plan to x: x must then equal y. */
  async function roundTrip(pair: Pair, direction: 'A→B' | 'B→A') {
    const [from, to] = (direction === 'A→B' ? [pair.a, pair.b] : [pair.b, pair.a]).map((sql) =>
      sql.replaceAll('USER', user),
    ) as [string, string];
    const privileges = pair.privileges === true;
    await mysqlAdmin(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${user}`);
    const renames = direction === 'A→B' ? (pair.renames ?? []) : reverseRenames(pair.renames ?? []);
    const data = direction === 'A→B' ? pair.rows : undefined;
    const options = { renames, ignoreColumnOrder: !pair.strictOrder };
    await Promise.all([reset(x, from), reset(y, to)]);
    if (data) await x.exec(data.insert);
    const before = data ? await rows(x, data.check) : [];
    const [source, target] = await Promise.all([read(x, privileges), read(y, privileges)]);
    const { changes, plan } = migration(mysql, source, target, options);
    expect(changes.length, 'the pair must differ').toBeGreaterThan(0);
    const connection = await mysql.connect(x.url);
    try {
      for (const statement of plan.statements) {
        try {
          await connection.exec(statement.sql);
        } catch (error) {
          const script = plan.statements.map((s) => s.sql).join('\n');
          throw new Error(`statement failed: ${statement.sql}\n${(error as Error).message}\n\nwhole plan:\n${script}`);
        }
      }
    } finally {
      await connection.close();
    }
    const remaining = diff(mysql, await read(x, privileges), target, {
      ignoreColumnOrder: options.ignoreColumnOrder,
    });
    expect(describeChanges(remaining), `left after:\n${plan.statements.map((s) => s.sql).join('\n')}`).toBe('');
    if (data) expect(await rows(x, data.check)).toEqual(before);
  }

  for (const pair of PAIRS) {
    it(`${pair.name}: A→B`, () => roundTrip(pair, 'A→B'));
    it(`${pair.name}: B→A`, () => roundTrip(pair, 'B→A'));
  }

  it('writes SQL the mysql client loads: stored programs with BEGIN … END bodies between DELIMITER lines', async () => {
    const programs = `CREATE TABLE counter (id int PRIMARY KEY, hits int NOT NULL DEFAULT 0, note varchar(20) DEFAULT ';');
CREATE PROCEDURE bump(IN p_id int) MODIFIES SQL DATA
BEGIN
  UPDATE counter SET hits = hits + 1 WHERE id = p_id;
  SELECT hits FROM counter WHERE id = p_id;
END;
CREATE TRIGGER counter_floor BEFORE UPDATE ON counter FOR EACH ROW
BEGIN
  IF NEW.hits < 0 THEN SET NEW.hits = 0; END IF;
END`;
    await Promise.all([reset(x, programs), reset(y, '')]);
    const schema = await read(x);
    const client = (sql: string) => {
      const url = new URL(y.url);
      return spawnSync(
        'mysql',
        [
          `--host=${url.hostname}`,
          `--port=${url.port || '3306'}`,
          `--user=${decodeURIComponent(url.username)}`,
          y.name,
        ],
        { input: sql, encoding: 'utf8', env: { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) } },
      );
    };
    // The whole schema as dump --format sql writes it…
    const dump = mysql.toSql(schema);
    expect(dump).toMatch(/DELIMITER ;;\nCREATE [^]*?END;;\nDELIMITER ;/);
    const loaded = client(dump);
    expect(loaded.stderr).toBe('');
    expect(describeChanges(diff(mysql, schema, await read(y)))).toBe('');
    // …and a plan as diff writes it, from an empty database.
    await reset(y, '');
    const empty = await read(y);
    const planned = client(renderPlanSql(migration(mysql, empty, schema).plan));
    expect(planned.stderr).toBe('');
    expect(describeChanges(diff(mysql, schema, await read(y)))).toBe('');
    // schemaguard's own lexer reads the script back as the statements it came from.
    expect(mysql.lexer.split(dump).some((s) => /^DELIMITER/i.test(s.sql))).toBe(false);
  });

  it('toSql of the read-side fixture rebuilds it on an empty database', async () => {
    await Promise.all([reset(x, FIXTURE), reset(y, '')]);
    const schema = await read(x);
    const connection = await mysql.connect(y.url);
    try {
      for (const statement of mysql.lexer.split(mysql.toSql(schema, { header: 'fixture' })))
        await connection.exec(statement.sql);
    } finally {
      await connection.close();
    }
    expect(describeChanges(diff(mysql, schema, await read(y)))).toBe('');
  });

  it('says the hazards of each statement, with the algorithm and lock InnoDB needs; --safe withholds data loss', async () => {
    await Promise.all([
      reset(x, 'CREATE TABLE h (id int PRIMARY KEY, a int, gone int, s varchar(20));'),
      reset(y, 'CREATE TABLE h (id int PRIMARY KEY, a bigint, s varchar(5), n int, KEY h_n (n));'),
    ]);
    const [from, to] = [await read(x), await read(y)];
    const sql = renderPlanSql(migration(mysql, from, to).plan);
    expect(sql).toContain('-- hazard data-loss: drops column db.h.gone; its data is lost');
    expect(sql).toContain('-- hazard data-loss: changes column db.h.s; its data is lost');
    expect(sql).toMatch(/-- hazard table-rewrite: .*ALGORITHM=COPY, LOCK=SHARED: copies the table, blocks writes/);
    expect(sql).toMatch(/-- hazard long-lock: .*on table db\.h/);
    expect(sql).toContain('MODIFY COLUMN `a` bigint(20) NULL');
    const safe = migration(mysql, from, to, { safe: true }).plan;
    expect(safe.statements).toEqual([]);
    expect(safe.withheld).toHaveLength(2);
  });

  it('diff, compare --format sql and dump --format sql print MySQL SQL', async () => {
    await Promise.all([
      reset(x, 'CREATE TABLE c (id int PRIMARY KEY, old int);'),
      reset(y, 'CREATE TABLE c (id int PRIMARY KEY, n varchar(10) NOT NULL);'),
    ]);
    const diffed = await runCli(['diff', '--from', x.url, '--to', y.url]);
    expect(diffed.stderr).toBe('');
    expect(diffed.stdout).toContain('-- hazard data-loss: drops column db.c.old; its data is lost');
    expect(diffed.stdout).toContain('ADD COLUMN `n` varchar(10) NOT NULL AFTER `id`');
    const compared = await runCli(['compare', x.url, y.url, '--format', 'sql']);
    expect(compared.stdout).toContain('ALTER TABLE `c`');
    await y.exec("INSERT INTO c VALUES (1, 'it''s')");
    const dumped = await runCli(['dump', y.url, '--format', 'sql', '--include-data']);
    expect(dumped.code).toBe(0);
    expect(dumped.stdout).toContain('CREATE TABLE `c` (\n  `id` int(11) NOT NULL,');
    expect(dumped.stdout).toContain("INSERT INTO `c` (`id`, `n`) VALUES\n  (1, 'it''s');");
  });
});
