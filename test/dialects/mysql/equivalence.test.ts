/** MySQL's and MariaDB's spellings of one thing are equal; different things are not. */
import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../../src/diff/diff.js';
import { dialectByName } from '../../../src/dialects/index.js';
import { emptySchema, type Schema, type TableDef } from '../../../src/schema/model.js';
import { currentTimestamp, unifiedCharset } from '../../../src/dialects/mysql/equivalence.js';
import { unqualified } from '../../../src/dialects/mysql/introspect.js';

const mysql = dialectByName('mysql');
const { type, defaultExpression, expression } = mysql.equivalence;

function schemaWith(table: Partial<TableDef>): Schema {
  return { ...emptySchema(), tables: [{ schema: 'db', name: 't', columns: [], ...table }] };
}

describe('MySQL equivalence', () => {
  it('drops integer display widths, except zerofill and tinyint(1)', () => {
    expect(type('int(11)')).toBe(type('int'));
    expect(type('bigint(20) unsigned')).toBe('bigint unsigned');
    expect(type('INTEGER')).toBe('int');
    expect(type('int(8) unsigned zerofill')).toBe('int(8) unsigned zerofill');
    expect(type('tinyint(1)')).toBe('tinyint(1)');
    expect(type('tinyint(4)')).toBe('tinyint');
    expect(type('boolean')).toBe('tinyint(1)');
    expect(type('year(4)')).toBe('year');
    expect(type('varchar(40)')).not.toBe(type('varchar(50)'));
    expect(type("enum('A','b')")).toBe("enum('A','b')");
    expect(type("enum('a','b')")).not.toBe(type("enum('b','a')"));
  });

  it('reads the current time alike however spelled, quoted numbers as numbers, expressions without outer parentheses', () => {
    expect(currentTimestamp('CURRENT_TIMESTAMP')).toBe('current_timestamp()');
    expect(currentTimestamp('current_timestamp()')).toBe('current_timestamp()');
    expect(currentTimestamp('now(3)')).toBe('current_timestamp(3)');
    expect(currentTimestamp("'x'")).toBeUndefined();
    expect(defaultExpression('CURRENT_TIMESTAMP(6)', 'datetime(6)')).toBe(
      defaultExpression('current_timestamp(6)', 'datetime(6)'),
    );
    expect(defaultExpression("'1.50'", 'decimal(10,2)')).toBe(defaultExpression('1.50', 'decimal(10,2)'));
    expect(defaultExpression("'1'", 'varchar(3)')).not.toBe(defaultExpression('1', 'varchar(3)'));
    expect(defaultExpression('(curdate() + interval 7 day)', 'date')).toBe(
      defaultExpression('curdate() + interval 7 day', 'date'),
    );
    expect(expression('(`price` >= 0)')).toBe(expression('`price`  >= 0'));
    expect(unifiedCharset('utf8')).toBe('utf8mb3');
    expect(unifiedCharset('utf8_general_ci')).toBe('utf8mb3_general_ci');
    expect(unifiedCharset('utf8mb4_bin')).toBe('utf8mb4_bin');
  });

  it('compares routine and trigger bodies without their comments and layout, as the mysql client sends them', () => {
    const { functionBody, triggerBody } = mysql.equivalence;
    const kept = `BEGIN
  # the fees, then the payments
  DECLARE v_fees DECIMAL(5,2); -- paid to rent
  /* a block
     comment */ SELECT 1 INTO v_fees;
  RETURN v_fees;
END`;
    const stripped = 'BEGIN\n\n  DECLARE v_fees DECIMAL(5,2); \n   SELECT 1 INTO v_fees;\n  RETURN v_fees;\nEND';
    expect(functionBody(kept)).toBe(functionBody(stripped));
    expect(triggerBody?.(kept)).toBe(functionBody(stripped));
    // What looks like a comment inside a string, and an executable comment, are the body.
    expect(functionBody("BEGIN SELECT '# not a comment'; END")).not.toBe(functionBody("BEGIN SELECT ''; END"));
    expect(functionBody("BEGIN SELECT 'a  b'; END")).not.toBe(functionBody("BEGIN SELECT 'a b'; END"));
    expect(functionBody('BEGIN /*!80000 SELECT 1; */ END')).not.toBe(functionBody('BEGIN END'));
    // A real change stays one.
    expect(functionBody('BEGIN RETURN 1; END')).not.toBe(functionBody('BEGIN RETURN 2; END'));
  });

  it('removes only the connected database from a view definition', () => {
    expect(unqualified("select `app`.`t`.`a` AS `a`,'`app`.' AS `s` from `app`.`t` join `other`.`u`", 'app')).toBe(
      "select `t`.`a` AS `a`,'`app`.' AS `s` from `t` join `other`.`u`",
    );
  });

  it('compares a MySQL 8 spelling with a MariaDB one as equal, and a real difference as one', () => {
    const mariadb = schemaWith({
      columns: [
        { name: 'a', type: 'int(11)', notNull: true, default: "'0'" },
        { name: 'b', type: 'timestamp', default: 'current_timestamp()' },
      ],
    });
    const mysql8 = schemaWith({
      columns: [
        { name: 'a', type: 'int', notNull: true, default: '0' },
        { name: 'b', type: 'timestamp', default: 'CURRENT_TIMESTAMP' },
      ],
    });
    const options = { equivalence: mysql.equivalence, lists: mysql.model.lists, severity: mysql.model.severity };
    expect(diffSchemas(mariadb, mysql8, options)).toEqual([]);
    const wider = schemaWith({
      columns: [{ name: 'a', type: 'bigint', notNull: true, default: '0' }, mysql8.tables[0]!.columns[1]!],
    });
    expect(diffSchemas(mariadb, wider, options).map((c) => c.path)).toEqual(['db.t.a']);
  });
});
