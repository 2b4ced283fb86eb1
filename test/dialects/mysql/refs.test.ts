/** MySQL URLs, their TLS options and the lexer's statements, without a server. */
import { describe, expect, it } from 'vitest';
import { dialectForUrl } from '../../../src/dialects/index.js';
import { mysqlLexer } from '../../../src/dialects/mysql/lexer.js';
import { parseMysqlUrl, tlsOptions } from '../../../src/dialects/mysql/url.js';

describe('MySQL refs', () => {
  it('takes mysql:// and mariadb:// URLs, with the mysql client TLS options', () => {
    expect(dialectForUrl('mysql://root@localhost/app')?.name).toBe('mysql');
    expect(dialectForUrl('MariaDB://root@localhost/app')?.name).toBe('mysql');
    expect(
      parseMysqlUrl('mysql://app:p%40ss@db.example:3307/app_dev?ssl-mode=verify_identity&ssl-ca=ca.pem', '/etc'),
    ).toEqual({
      host: 'db.example',
      port: 3307,
      user: 'app',
      password: 'p@ss',
      database: 'app_dev',
      sslMode: 'VERIFY_IDENTITY',
      sslCa: '/etc/ca.pem',
      where: 'db.example:3307',
    });
    expect(parseMysqlUrl('mysql://localhost/app')).toMatchObject({ user: 'root', port: 3306, sslMode: 'PREFERRED' });
    expect(tlsOptions(parseMysqlUrl('mysql://localhost/app?ssl-mode=DISABLED'))).toBeUndefined();
    expect(tlsOptions(parseMysqlUrl('mysql://localhost/app?ssl-mode=REQUIRED'))).toEqual({ rejectUnauthorized: false });
  });

  it('says what is wrong with a URL in one sentence, its password hidden', () => {
    const check = (ref: string) => () => dialectForUrl(ref)?.refs.checkUrl(ref);
    expect(check('mysql://app:secret@localhost/')).toThrow(/names no database: add \/DATABASE/);
    expect(check('mysql://app:secret@localhost/app?sslmode=require')).toThrow(
      /option sslmode, which schemaguard does not know/,
    );
    expect(check('mysql://app:secret@localhost/app?ssl-mode=maybe')).toThrow(/ssl-mode=maybe: use one of DISABLED/);
    expect(check('mysql://app:se/cret@localhost/app')).toThrow(/is malformed: percent-encode/);
    for (const ref of ['mysql://app:secret@localhost/', 'mysql://app:secret@localhost/app?ssl-mode=maybe']) {
      expect(check(ref)).not.toThrow(/secret/);
    }
  });

  it('splits scripts on the delimiter outside quotes and comments, and follows DELIMITER', () => {
    const script = [
      'INSERT INTO t VALUES (\'a;b\', "c;d", `e;f`); -- a comment; with a semicolon',
      '# another; comment',
      'DELIMITER $$',
      'CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END$$',
      'DELIMITER ;',
      '/* block; */ SELECT 1;',
    ].join('\n');
    expect(mysqlLexer.split(script)).toEqual([
      { sql: 'INSERT INTO t VALUES (\'a;b\', "c;d", `e;f`)', line: 1 },
      { sql: 'CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END', line: 4 },
      { sql: 'SELECT 1', line: 6 },
    ]);
    expect(mysqlLexer.runsOutsideTransaction('ALTER TABLE t ADD c int')).toBe(true);
    expect(mysqlLexer.runsOutsideTransaction('UPDATE t SET a = 1')).toBe(false);
    expect(mysqlLexer.controlsTransactions('START TRANSACTION; UPDATE t SET a = 1; COMMIT;')).toBe(true);
  });
});
