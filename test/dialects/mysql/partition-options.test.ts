/**
 * Per-partition options: read from SHOW CREATE TABLE as MariaDB and MySQL write it (quoted text
 * skipped whole, the table's own engine left out), and written back in the DDL of a partition.
 */
import { describe, expect, it } from 'vitest';
import { partitionDefinition } from '../../../src/dialects/mysql/ddl.js';
import { partitionOptions } from '../../../src/dialects/mysql/introspect.js';

const MARIADB = `CREATE TABLE \`t\` (
  \`id\` int(11) DEFAULT NULL,
  \`d\` int(11) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='PARTITION \`x\` MAX_ROWS = 9'
 PARTITION BY RANGE (\`d\`)
SUBPARTITION BY HASH (\`id\`)
(PARTITION \`p0\` VALUES LESS THAN (10)
 (SUBPARTITION \`s0\` MAX_ROWS = 100 DATA DIRECTORY = '/data/a' ENGINE = InnoDB,
  SUBPARTITION \`s1\` ENGINE = InnoDB),
 PARTITION \`p1\` VALUES LESS THAN MAXVALUE
 (SUBPARTITION \`s2\` COMMENT = 'MIN_ROWS = 3 SUBPARTITION \`s9\`' ENGINE = InnoDB,
  SUBPARTITION \`s3\` MIN_ROWS = 3 NODEGROUP = 0 ENGINE = InnoDB))`;

const MYSQL = `CREATE TABLE \`t\` (
  \`d\` int DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
/*!50100 PARTITION BY LIST (\`d\`)
(PARTITION a VALUES IN (1,2) MAX_ROWS = 1000 TABLESPACE = \`ts1\` ENGINE = InnoDB,
 PARTITION b VALUES IN (3) ENGINE = InnoDB) */`;

describe('MySQL partition options', () => {
  it('reads MariaDB subpartition options, skipping comments and the table engine', () => {
    const found = partitionOptions(MARIADB, 'InnoDB');
    expect([...found.partitions]).toEqual([
      ['p0', []],
      ['p1', []],
    ]);
    expect([...found.subpartitions]).toEqual([
      ['s0', ['MAX_ROWS = 100', "DATA DIRECTORY = '/data/a'"]],
      ['s1', []],
      ['s2', []],
      ['s3', ['MIN_ROWS = 3', 'NODEGROUP = 0']],
    ]);
  });

  it("reads MySQL's unquoted partition names and keeps an engine other than the table's", () => {
    expect([...partitionOptions(MYSQL, 'InnoDB').partitions]).toEqual([
      ['a', ['MAX_ROWS = 1000', 'TABLESPACE = `ts1`']],
      ['b', []],
    ]);
    expect(partitionOptions(MYSQL, 'MyISAM').partitions.get('b')).toEqual(['ENGINE = InnoDB']);
    expect(partitionOptions('CREATE TABLE `t` (`d` int) ENGINE=InnoDB', 'InnoDB').partitions.size).toBe(0);
  });

  it('writes a partition with its comment, options and subpartitions with theirs', () => {
    expect(
      partitionDefinition({
        name: 'p0',
        bound: 'VALUES LESS THAN (10)',
        comment: "it's old",
        options: ['MAX_ROWS = 1000'],
        subpartitions: ['s0', 's1'],
        subpartitionOptions: { s1: ['MIN_ROWS = 3'] },
      }),
    ).toBe(
      "PARTITION `p0` VALUES LESS THAN (10) COMMENT = 'it''s old' MAX_ROWS = 1000 (SUBPARTITION `s0`, SUBPARTITION `s1` MIN_ROWS = 3)",
    );
  });
});
