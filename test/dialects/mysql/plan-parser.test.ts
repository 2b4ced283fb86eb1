/**
 * A FULLTEXT index's parser plugin (`WITH PARSER ngram`): read from SHOW CREATE TABLE as
 * MySQL and MariaDB print it, written back by the DDL, and a changed parser planned as the
 * index dropped and added. Without a server: MariaDB 10.11 ships no parser plugin to build
 * one with (MySQL's `ngram` is MySQL's own).
 */
import { describe, expect, it } from 'vitest';
import { indexSql } from '../../../src/dialects/mysql/ddl.js';
import { fulltextParsers } from '../../../src/dialects/mysql/introspect.js';
import { migration } from '../../../src/plan/migration.js';
import { type IndexDef, type Schema, emptySchema } from '../../../src/schema/model.js';
import { mysql } from '../../helpers/mysql-databases.js';

const MYSQL_SHOW_CREATE = `CREATE TABLE \`doc\` (
  \`id\` int NOT NULL,
  \`body\` text,
  \`title\` varchar(100) DEFAULT NULL,
  PRIMARY KEY (\`id\`),
  FULLTEXT KEY \`doc_body\` (\`body\`) /*!50100 WITH PARSER \`ngram\` */ ,
  FULLTEXT KEY \`doc_title\` (\`title\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

const MARIADB_SHOW_CREATE = `CREATE TABLE \`doc\` (
  \`id\` int(11) NOT NULL,
  \`body\` text DEFAULT NULL,
  PRIMARY KEY (\`id\`),
  FULLTEXT KEY \`doc\`\`body\` (\`body\`) WITH PARSER \`my_parser\` COMMENT 'words'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

const withIndex = (index: IndexDef): Schema => ({
  ...emptySchema(),
  schemas: [{ name: 'db' }],
  tables: [
    {
      schema: 'db',
      name: 'doc',
      columns: [
        { name: 'id', type: 'int(11)', notNull: true },
        { name: 'body', type: 'text' },
      ],
      constraints: [{ type: 'primary key', name: 'PRIMARY', columns: ['id'] }],
      indexes: [index],
      engine: 'InnoDB',
    },
  ],
});

describe('FULLTEXT WITH PARSER', () => {
  it('reads the parser of each FULLTEXT index from SHOW CREATE TABLE, as MySQL and MariaDB print it', () => {
    expect([...fulltextParsers(MYSQL_SHOW_CREATE)]).toEqual([['doc_body', 'ngram']]);
    expect([...fulltextParsers(MARIADB_SHOW_CREATE)]).toEqual([['doc`body', 'my_parser']]);
  });

  it('writes it after the key parts, and plans a changed parser as the index dropped and added', () => {
    const plain: IndexDef = { name: 'doc_body', method: 'fulltext', keys: [{ column: 'body' }] };
    const ngram: IndexDef = { ...plain, parser: 'ngram', comment: 'cjk' };
    expect(indexSql(ngram)).toBe("FULLTEXT KEY `doc_body` (`body`) WITH PARSER `ngram` COMMENT 'cjk'");
    const { plan } = migration(mysql, withIndex(plain), withIndex(ngram), { serverVersion: '8.0.36' });
    expect(plan.statements.map((s) => s.sql)).toEqual([
      "ALTER TABLE `doc`\n  DROP INDEX `doc_body`,\n  ADD FULLTEXT KEY `doc_body` (`body`) WITH PARSER `ngram` COMMENT 'cjk';",
    ]);
  });
});
