import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  controlsTransactions,
  mysqlLexer,
  nonTransactionalStatement,
  runsOutsideTransaction,
  splitStatements,
} from '../../../src/dialects/mysql/lexer.js';

const split = (sql: string) => splitStatements(sql).map((s) => s.sql);

describe('the MySQL lexer splits', () => {
  it('at semicolons, each statement with the line it starts on, without comments around it', () => {
    const sql = `-- the users
CREATE TABLE users (id int);  # first

/* a comment; with a semicolon */
INSERT INTO users VALUES (1);
;
SELECT 1`;
    expect(splitStatements(sql)).toEqual([
      { sql: 'CREATE TABLE users (id int)', line: 2 },
      { sql: 'INSERT INTO users VALUES (1)', line: 5 },
      { sql: 'SELECT 1', line: 7 },
    ]);
  });

  it('drops scripts of comments and blanks only', () => {
    expect(split('-- nothing\n# at all;\n/* here; */ ;\n')).toEqual([]);
  });

  it('reads `--` as a comment only with a blank after it, as MySQL does', () => {
    expect(split('SELECT 5--1;\nSELECT 2 -- two; three\n;SELECT 3 --\n')).toEqual([
      'SELECT 5--1',
      'SELECT 2',
      'SELECT 3',
    ]);
    expect(split('SELECT 1 --\tx;\nSELECT 2')).toEqual(['SELECT 1 --\tx;\nSELECT 2']);
  });

  it("leaves out drizzle-kit's `--> statement-breakpoint` lines, which drizzle never sends", () => {
    const sql = 'CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE INDEX a_id ON a (id);\n';
    expect(splitStatements(sql)).toEqual([
      { sql: 'CREATE TABLE a (id int)', line: 1 },
      { sql: 'CREATE INDEX a_id ON a (id)', line: 3 },
    ]);
    // Elsewhere `-->` is still two minus signs and a comparison.
    expect(split('SELECT 3-->2')).toEqual(['SELECT 3-->2']);
  });

  it('reads strings with backslash escapes and doubled quotes, and backtick identifiers', () => {
    expect(split(`SELECT 'it\\'s; ok', "say ""hi;""", 'a\\\\';  SELECT \`odd;\`\`name\` FROM t`)).toEqual([
      `SELECT 'it\\'s; ok', "say ""hi;""", 'a\\\\'`,
      'SELECT `odd;``name` FROM t',
    ]);
  });

  it('reads introducers and literal prefixes as a word before a string', () => {
    expect(split("SELECT _utf8mb4'a;b' COLLATE utf8mb4_bin, X'3B', b'0111011', N'n;'; SELECT 0x3B")).toEqual([
      "SELECT _utf8mb4'a;b' COLLATE utf8mb4_bin, X'3B', b'0111011', N'n;'",
      'SELECT 0x3B',
    ]);
  });

  it('keeps executable comments, whose content is SQL, and a ; inside them', () => {
    const sql = `/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!80013 SET x = 1; SET y = 2 */;
/*M!100101 SET NAMES utf8mb4 */;
/* just a comment */;`;
    expect(splitStatements(sql)).toEqual([
      { sql: '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */', line: 1 },
      { sql: '/*!80013 SET x = 1; SET y = 2 */', line: 2 },
      { sql: '/*M!100101 SET NAMES utf8mb4 */', line: 3 },
    ]);
  });

  it('at the delimiter a DELIMITER directive sets, which is no statement', () => {
    const sql = `DELIMITER $$
CREATE PROCEDURE p()
BEGIN
  SELECT 1;
  SELECT 2;
END$$
delimiter //
CREATE FUNCTION f() RETURNS int RETURN 1 //
SELECT '//' //
DELIMITER ;
SELECT 3;`;
    expect(splitStatements(sql)).toEqual([
      { sql: 'CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND', line: 2 },
      { sql: 'CREATE FUNCTION f() RETURNS int RETURN 1', line: 8 },
      { sql: "SELECT '//'", line: 9 },
      { sql: 'SELECT 3', line: 11 },
    ]);
  });

  it("reads mysqldump's triggers and routines", () => {
    const sql = `/*!50003 SET @saved_sql_mode = @@sql_mode */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=\`root\`@\`localhost\`*/ /*!50003 TRIGGER ins BEFORE INSERT ON t FOR EACH ROW BEGIN
  SET NEW.a = 1;
END */;;
DELIMITER ;
/*!50003 SET sql_mode = @saved_sql_mode */ ;`;
    const statements = splitStatements(sql);
    expect(statements.map((s) => s.line)).toEqual([1, 3, 7]);
    expect(statements[1]?.sql).toMatch(/^\/\*!50003 CREATE\*\/.*\n {2}SET NEW\.a = 1;\nEND \*\/$/s);
  });

  it('keeps a stored program with compound statements whole without DELIMITER, as knex or Flyway send it', () => {
    const trigger = `CREATE DEFINER=\`root\`@\`%\` TRIGGER audit AFTER UPDATE ON users FOR EACH ROW
BEGIN
  DECLARE n INT DEFAULT 0;
  IF NEW.name <> OLD.name THEN
    INSERT INTO audit VALUES (IF(NEW.id > 0, NEW.id, 0), 'renamed; really');
  ELSEIF NEW.id IS NULL THEN
    SET n = CASE WHEN n > 0 THEN 1 ELSE 2 END;
  ELSE IF (n = 0) THEN SET n = 1; END IF;
  END IF;
  lbl: LOOP
    SET n = n + 1;
    IF n > 3 THEN LEAVE lbl; END IF;
  END LOOP lbl;
  WHILE n > 0 DO SET n = n - 1; END WHILE;
  REPEAT SET n = n + 1; UNTIL n > REPEAT('x', 2) END REPEAT;
  CASE n WHEN 1 THEN SET n = 2; ELSE BEGIN END; END CASE;
END`;
    const procedure = `CREATE PROCEDURE IF NOT EXISTS fill(IN k INT)
BEGIN
  DROP TABLE IF EXISTS tmp;
  CREATE TEMPORARY TABLE IF NOT EXISTS tmp (a int);
  IF NOT EXISTS (SELECT 1 FROM tmp) THEN INSERT INTO tmp VALUES (k); END IF;
  FOR i IN 1..3 DO INSERT INTO tmp VALUES (i); END FOR;
  SELECT a FROM tmp FOR UPDATE;
END`;
    const event = `CREATE EVENT purge ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; DELETE FROM u; END`;
    const fn = `CREATE FUNCTION sign_of(x INT) RETURNS INT DETERMINISTIC RETURN IF(x > 0, 1, CASE WHEN x < 0 THEN -1 ELSE 0 END)`;
    const single = 'CREATE TRIGGER one BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1';
    const columnEnd = 'CREATE TRIGGER two BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.end = 1; SET @end = 2; END';
    expect(split(`${trigger};\n${procedure};\n${event};${fn};\n${single};\n${columnEnd};\nSELECT 1;`)).toEqual([
      trigger,
      procedure,
      event,
      fn,
      single,
      columnEnd,
      'SELECT 1',
    ]);
  });

  it("keeps MariaDB's compound statements outside a stored program whole", () => {
    const block = 'BEGIN NOT ATOMIC DECLARE x INT; SET x = 1; SELECT x; END';
    const labelled = 'top: BEGIN NOT ATOMIC SELECT 1; END top';
    const ifBlock = 'IF @a > 0 THEN SELECT 1; ELSE SELECT 2; END IF';
    const forLoop = 'FOR i IN 1..2 DO SELECT i; END FOR';
    expect(split(`${block};\n${labelled};\n${ifBlock};\n${forLoop};\nBEGIN;\nSELECT IF(1, 2, 3);`)).toEqual([
      block,
      labelled,
      ifBlock,
      forLoop,
      'BEGIN',
      'SELECT IF(1, 2, 3)',
    ]);
  });

  it('is the lexer the dialect contract names', () => {
    expect(mysqlLexer.split).toBe(splitStatements);
    expect(mysqlLexer.runsOutsideTransaction).toBe(runsOutsideTransaction);
  });
});

describe('the MySQL lexer says what cannot run in a transaction', () => {
  it('every statement that commits implicitly: DDL, grants, table maintenance', () => {
    for (const sql of [
      'CREATE TABLE t (a int)',
      'create index i on t (a)',
      'ALTER TABLE t ADD b int',
      'DROP TABLE t',
      'RENAME TABLE t TO u',
      'TRUNCATE TABLE t',
      'CREATE OR REPLACE VIEW v AS SELECT 1',
      'CREATE DEFINER = CURRENT_USER PROCEDURE p() BEGIN SELECT 1; END',
      'CREATE SEQUENCE s',
      'CREATE DATABASE d',
      "GRANT SELECT ON d.* TO 'u'@'%'",
      'ANALYZE TABLE t',
      'OPTIMIZE NO_WRITE_TO_BINLOG TABLE t',
      'FLUSH PRIVILEGES',
      '/*!50003 CREATE*/ /*!50003 TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */',
    ]) {
      expect(runsOutsideTransaction(sql), sql).toBe(true);
    }
  });

  it('transaction control, table locks, CALL and anonymous compound statements', () => {
    for (const sql of [
      'START TRANSACTION',
      'BEGIN WORK',
      'COMMIT',
      'ROLLBACK',
      'SET autocommit = 0',
      'SET SESSION autocommit = 1',
      'LOCK TABLES t WRITE',
      'UNLOCK TABLES',
      "XA START 'x'",
      'CALL backfill()',
      'EXECUTE stmt',
      'BEGIN NOT ATOMIC SELECT 1; END',
      'IF 1 THEN SELECT 1; END IF',
    ]) {
      expect(runsOutsideTransaction(sql), sql).toBe(true);
    }
  });

  it('not DML, sessions variables or temporary tables', () => {
    for (const sql of [
      'INSERT INTO t VALUES (1)',
      'UPDATE t SET a = 2',
      'DELETE FROM t',
      'SELECT IF(1, 2, 3)',
      'SET @x = 1',
      'SET NAMES utf8mb4',
      'CREATE TEMPORARY TABLE tmp (a int)',
      'CREATE OR REPLACE TEMPORARY TABLE tmp (a int)',
      'DROP TEMPORARY TABLE tmp',
      '/*!40101 SET NAMES utf8 */',
      '-- only a comment',
    ]) {
      expect(runsOutsideTransaction(sql), sql).toBe(false);
    }
  });

  it('names the first such statement of a script, and whether it runs its own transactions', () => {
    const script = "INSERT INTO t VALUES (';');\nSET @x = 1;\n\nALTER TABLE t ADD b int;\nDROP TABLE u;";
    expect(nonTransactionalStatement(script)).toEqual({ sql: 'ALTER TABLE t ADD b int', line: 4 });
    expect(nonTransactionalStatement('INSERT INTO t VALUES (1); UPDATE t SET a = 2')).toBeUndefined();
    expect(controlsTransactions(script)).toBe(false);
    expect(controlsTransactions('START TRANSACTION; INSERT INTO t VALUES (1); COMMIT;')).toBe(true);
    expect(controlsTransactions('LOCK TABLES t WRITE; INSERT INTO t VALUES (1); UNLOCK TABLES;')).toBe(true);
    // A procedure's own COMMIT is inside its statement, not the script's.
    expect(controlsTransactions('CREATE PROCEDURE p() BEGIN START TRANSACTION; COMMIT; END')).toBe(false);
    expect(controlsTransactions("SELECT 'commit'")).toBe(false);
  });
});

/** Pieces of statements, some holding what a naive splitter would cut at. */
const piece = fc.oneof(
  fc.constantFrom('SELECT', 'a', 'b1', '(', ')', ',', '=', '5--1', '@x', 'x.y', 'END', 'CASE', 'IF', 'FOR', 'BEGIN'),
  fc.string({ maxLength: 8 }).map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`),
  fc.string({ maxLength: 8 }).map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`),
  fc.string({ maxLength: 8 }).map((s) => `\`${s.replace(/`/g, '``')}\``),
  fc.constantFrom("_utf8mb4'; x'", "X'3B'", '/* ; */', '/*!40101 a; b */'),
  fc.string({ maxLength: 8 }).map((s) => `-- ${s.replace(/[\r\n]/g, ' ')}\n`),
  fc.string({ maxLength: 8 }).map((s) => `# ${s.replace(/[\r\n]/g, ' ')}\n`),
);
/** A statement: a word first (not one that starts a compound statement), pieces, a word last (a comment there is not its text). */
const statement = fc
  .tuple(fc.constantFrom('SELECT', 'INSERT', 'UPDATE'), fc.array(piece, { maxLength: 6 }))
  .map(([first, rest]) => [first, ...rest, 'z'].join(' '));

/** A statement of a compound body: a simple one, or a block holding more (its `;` inside). */
const bodyStatement: fc.Arbitrary<string> = fc.letrec<{ statement: string }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'SET x = 1',
      "SET y = IF(x > 0, 'a;', 'b')",
      'SELECT CASE WHEN x THEN 1 ELSE 2 END INTO y',
      "INSERT INTO t VALUES (REPEAT('x', 2))",
      'SET NEW.end = 1',
      'DROP TABLE IF EXISTS tmp',
      'LEAVE lbl',
    ),
    fc
      .tuple(fc.constantFrom('BEGIN', 'lbl: BEGIN'), fc.array(tie('statement'), { maxLength: 3 }))
      .map(([open, inner]) => `${open} ${inner.map((x) => `${x};`).join(' ')} END`),
    fc
      .tuple(tie('statement'), tie('statement'))
      .map(([a, b]) => `IF x > 0 THEN ${a}; ELSEIF x < 0 THEN ${b}; ELSE IF (y) THEN ${a}; END IF; END IF`),
    tie('statement').map((a) => `lbl: LOOP ${a}; END LOOP lbl`),
    tie('statement').map((a) => `WHILE x > 0 DO ${a}; END WHILE`),
    tie('statement').map((a) => `REPEAT ${a}; UNTIL x > 0 END REPEAT`),
    tie('statement').map((a) => `CASE x WHEN 1 THEN ${a}; ELSE ${a}; END CASE`),
  ),
})).statement;

/** A stored program whose body is a block of statements. */
const storedProgram = fc
  .tuple(
    fc.constantFrom(
      'CREATE PROCEDURE p()',
      'CREATE DEFINER = `root`@`%` PROCEDURE IF NOT EXISTS p(IN a INT)',
      'CREATE FUNCTION f() RETURNS INT DETERMINISTIC',
      'CREATE TRIGGER t BEFORE INSERT ON t FOR EACH ROW',
      'CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO',
    ),
    fc.array(bodyStatement, { minLength: 1, maxLength: 3 }),
  )
  .map(([header, body]) => `${header}\nBEGIN\n  ${body.map((x) => `${x};`).join('\n  ')}\nEND`);

describe('the MySQL lexer, on generated scripts', () => {
  it('keeps generated stored programs whole between other statements, without DELIMITER', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(storedProgram, statement), { minLength: 1, maxLength: 4 }), (statements) => {
        expect(split(statements.map((s) => `${s};\n`).join(''))).toEqual(statements);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back the statements that were joined with the delimiter, default or set by DELIMITER', () => {
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(';', '$$', '//', ';;'),
        (statements, delimiter) => {
          const body = statements.map((s) => `${s}${delimiter}\n`).join('');
          const script = delimiter === ';' ? body : `DELIMITER ${delimiter}\n${body}DELIMITER ;\n`;
          const found = splitStatements(script);
          expect(found.map((s) => s.sql)).toEqual(statements);
          const offset = delimiter === ';' ? 1 : 2;
          let line = offset;
          found.forEach((s, i) => {
            expect(s.line).toBe(line);
            line += (statements[i] as string).split('\n').length;
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The MariaDB or MySQL server tests may use, from SCHEMAGUARD_TEST_MYSQL_URL. */
const MYSQL_URL = process.env.SCHEMAGUARD_TEST_MYSQL_URL;

function hasMysqlServer(): boolean {
  if (MYSQL_URL) return true;
  if (process.env.SCHEMAGUARD_TEST_REQUIRE_SERVERS === '1') {
    throw new Error('SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 but SCHEMAGUARD_TEST_MYSQL_URL is not set.');
  }
  console.warn('\n[schemaguard tests] SCHEMAGUARD_TEST_MYSQL_URL is not set: MySQL lexer server tests are SKIPPED.\n');
  return false;
}

describe.runIf(hasMysqlServer())('the MySQL lexer, on a MySQL or MariaDB server', () => {
  const database = `sglex_${process.pid}_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  let client: mysql.Connection;
  /** MariaDB has what MySQL lacks: `BEGIN NOT ATOMIC` outside a stored program, sequences. */
  let mariadb = false;

  beforeAll(async () => {
    admin = await mysql.createConnection(MYSQL_URL as string);
    const [version] = await admin.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
    mariadb = /mariadb/i.test(String(version[0]?.v));
    await admin.query(`CREATE DATABASE \`${database}\``);
    const url = new URL(MYSQL_URL as string);
    url.pathname = `/${database}`;
    client = await mysql.createConnection(url.toString());
  });

  afterAll(async () => {
    await client?.end();
    await admin?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin?.end();
  });

  it('splits a script with DELIMITER blocks, triggers, procedures and compound statements into statements the server runs', async (context) => {
    if (!mariadb) context.skip('the script has a MariaDB compound statement outside a stored program');
    const script = `-- a migration written by hand
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE accounts (
  id int PRIMARY KEY,
  name varchar(50) NOT NULL, # the owner
  balance int NOT NULL DEFAULT 0,
  \`odd;\`\`name\` varchar(10) DEFAULT 'a;b\\'c'
);
CREATE TABLE audit (account int, note varchar(100));

DELIMITER $$
CREATE PROCEDURE deposit(IN who int, IN amount int)
BEGIN
  IF amount <= 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'amount; must be positive';
  END IF;
  UPDATE accounts SET balance = balance + amount WHERE id = who;
END$$
DELIMITER ;

CREATE TRIGGER audit_rename AFTER UPDATE ON accounts FOR EACH ROW
BEGIN
  DECLARE n INT DEFAULT 0;
  IF NEW.name <> OLD.name THEN
    INSERT INTO audit VALUES (NEW.id, CONCAT('renamed; ', IF(NEW.id > 0, 'yes', 'no')));
  END IF;
  lbl: LOOP
    SET n = n + 1;
    IF n >= 2 THEN LEAVE lbl; END IF;
  END LOOP lbl;
  CASE n WHEN 2 THEN INSERT INTO audit VALUES (NEW.id, 'looped twice'); ELSE BEGIN END; END CASE;
END;

CREATE FUNCTION sign_of(x INT) RETURNS INT DETERMINISTIC
RETURN IF(x > 0, 1, CASE WHEN x < 0 THEN -1 ELSE 0 END);

CREATE TRIGGER default_name BEFORE INSERT ON accounts FOR EACH ROW SET NEW.name = IF(NEW.name = '', _utf8mb4'nobody', NEW.name);

INSERT INTO accounts (id, name) VALUES (1, 'ann'), (2, '');
BEGIN NOT ATOMIC
  DECLARE i INT DEFAULT 0;
  WHILE i < 2 DO SET i = i + 1; END WHILE;
  INSERT INTO audit VALUES (i, X'3B');
END;
CALL deposit(1, 10);
UPDATE accounts SET name = 'anne' WHERE id = 1;
`;
    const statements = splitStatements(script);
    expect(statements.map((s) => s.line)).toEqual([2, 3, 9, 12, 21, 34, 37, 39, 40, 45, 46]);
    for (const statement of statements) await client.query(statement.sql);
    const [accounts] = await client.query('SELECT id, name, balance, sign_of(-5) AS s FROM accounts ORDER BY id');
    expect(accounts).toEqual([
      { id: 1, name: 'anne', balance: 10, s: -1 },
      { id: 2, name: 'nobody', balance: 0, s: -1 },
    ]);
    const [audit] = await client.query('SELECT account, note FROM audit ORDER BY note');
    expect(audit).toEqual([
      { account: 2, note: ';' },
      // Both updates of account 1 (the deposit and the rename) ran the trigger's loop.
      { account: 1, note: 'looped twice' },
      { account: 1, note: 'looped twice' },
      { account: 1, note: 'renamed; yes' },
    ]);
  });

  it('says a statement cannot run in a transaction exactly when the server commits on it', async () => {
    await client.query('CREATE TABLE probe (a int)');
    await client.query('CREATE TABLE t (a int)');
    const cases = [
      'CREATE TABLE t2 (a int)',
      'ALTER TABLE t ADD b int',
      'CREATE INDEX ti ON t (a)',
      'CREATE VIEW tv AS SELECT a FROM t',
      'CREATE TRIGGER tt BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END',
      ...(mariadb ? ['CREATE SEQUENCE ts'] : []),
      'RENAME TABLE t2 TO t3',
      'TRUNCATE TABLE t3',
      'ANALYZE TABLE t',
      'CREATE TEMPORARY TABLE tmp (a int)',
      'DROP TEMPORARY TABLE tmp',
      'INSERT INTO t (a) VALUES (1)',
      'UPDATE t SET a = 2',
      'SET @x = 1',
      '/*!40101 SET NAMES utf8mb4 */',
    ];
    for (const sql of cases) {
      await client.query('DELETE FROM probe');
      await client.query('START TRANSACTION');
      await client.query('INSERT INTO probe VALUES (1)');
      await client.query(sql);
      await client.query('ROLLBACK');
      const [rows] = await client.query<mysql.RowDataPacket[]>('SELECT count(*) AS n FROM probe');
      const committed = Number(rows[0]?.n) === 1;
      expect(runsOutsideTransaction(sql), sql).toBe(committed);
    }
  });
});
