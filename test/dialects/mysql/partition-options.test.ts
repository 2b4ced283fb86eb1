/**
 * Per-partition options: read from SHOW CREATE TABLE as MariaDB and MySQL write it (quoted text
 * skipped whole, the table's own engine left out), and written back in the DDL of a partition.
 */
import { describe, expect, it } from 'vitest';
import { partitionDefinition } from '../../../src/dialects/mysql/ddl.js';
import { partitionOptions } from '../../../src/dialects/mysql/introspect.js';
import { diff } from '../../../src/diff/index.js';
import { type PartitionDef, type Schema, emptySchema } from '../../../src/schema/model.js';
import { createSnapshot, parseSnapshot, serializeSnapshot } from '../../../src/schema/snapshot.js';
import { mysql } from '../../helpers/mysql-databases.js';

/** A schema with one table partitioned `by`, with these partitions. */
const partitioned = (by: string, partitions: PartitionDef[], subpartitionBy?: string): Schema => ({
  ...emptySchema(),
  schemas: [{ name: 'db' }],
  tables: [
    {
      schema: 'db',
      name: 't',
      columns: [{ name: 'id', type: 'int(11)', notNull: true }],
      engine: 'InnoDB',
      partitionBy: by,
      ...(subpartitionBy ? { subpartitionBy } : {}),
      partitions,
    },
  ],
});

/** The SQL of the plan from one schema to the other, its hazards, and the severities of its changes. */
function planned(from: Schema, to: Schema) {
  const changes = diff(mysql, from, to);
  return {
    sql: mysql.plan(changes, from, to).statements.map((s) => s.sql),
    hazards: [...new Set(mysql.plan(changes, from, to).statements.flatMap((s) => s.hazards.map((h) => h.hazard)))],
    severities: changes.map((c) => c.severity),
  };
}

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

  it('plans a changed option as that partition reorganized into itself, a warning', () => {
    const range = (max: string) =>
      partitioned('RANGE (`id`)', [
        { name: 'p0', bound: 'VALUES LESS THAN (10)', options: [`MAX_ROWS = ${max}`] },
        { name: 'p1', bound: 'VALUES LESS THAN MAXVALUE' },
      ]);
    expect(planned(range('1000'), range('2000'))).toEqual({
      sql: ['ALTER TABLE `t` REORGANIZE PARTITION `p0` INTO (PARTITION `p0` VALUES LESS THAN (10) MAX_ROWS = 2000);'],
      // Rows stay in the partition: it cannot fail, it rewrites that partition.
      hazards: ['table-rewrite', 'long-lock'],
      severities: ['warning'],
    });
    const moved = range('2000');
    const bounds = {
      ...moved,
      tables: moved.tables.map((t) => ({
        ...t,
        partitions: t.partitions?.map((p) => (p.name === 'p0' ? { ...p, bound: 'VALUES LESS THAN (20)' } : p)),
      })),
    };
    expect(planned(range('1000'), bounds).hazards).toContain('may-fail');
    const hash = (options?: string[]) =>
      partitioned('HASH (`id`)', [{ name: 'p0' }, { name: 'p1', ...(options ? { options } : {}) }]);
    expect(planned(hash(), hash(['MIN_ROWS = 2'])).sql).toEqual([
      'ALTER TABLE `t` REORGANIZE PARTITION `p1` INTO (PARTITION `p1` MIN_ROWS = 2);',
    ]);
  });

  it("changes a subpartitioned table's partitions one by one, and partitions it again when the subpartitions per partition change in number", () => {
    const sub = (names: string[], perPartition = 2) =>
      partitioned(
        'RANGE (`id`)',
        names.map((name, i) => ({
          name,
          bound: `VALUES LESS THAN (${(i + 1) * 10})`,
          subpartitions: Array.from({ length: perPartition }, (_, j) => `${name}s${j}`),
        })),
        'HASH (`id`)',
      );
    expect(planned(sub(['a', 'b']), sub(['a', 'b', 'c'])).sql).toEqual([
      'ALTER TABLE `t` ADD PARTITION (PARTITION `c` VALUES LESS THAN (30) (SUBPARTITION `cs0`, SUBPARTITION `cs1`));',
    ]);
    expect(planned(sub(['a', 'b']), sub(['a', 'b'], 3)).sql[0]).toMatch(/^ALTER TABLE `t` PARTITION BY RANGE/);
  });

  it('keeps the options in a snapshot, and reads a snapshot written without them as before', async () => {
    const withOptions = partitioned(
      'RANGE (`id`)',
      [
        {
          name: 'p0',
          bound: 'VALUES LESS THAN (10)',
          options: ["DATA DIRECTORY = '/data'"],
          subpartitions: ['s0', 's1'],
          subpartitionOptions: { s1: ['MAX_ROWS = 5'] },
        },
      ],
      'HASH (`id`)',
    );
    const text = serializeSnapshot(createSnapshot('mysql', withOptions, { source: 'test' }));
    const read = await parseSnapshot(text, 'with.json');
    expect(read.schema.tables[0]?.partitions).toEqual(withOptions.tables[0]?.partitions);
    const older = JSON.parse(text) as { schema: Schema };
    const [partition] = older.schema.tables[0]?.partitions ?? [];
    delete (partition as { options?: unknown }).options;
    delete (partition as { subpartitionOptions?: unknown }).subpartitionOptions;
    const old = await parseSnapshot(JSON.stringify(older), 'older.json', { recomputeHash: true });
    expect(old.schema.tables[0]?.partitions).toEqual([
      { name: 'p0', bound: 'VALUES LESS THAN (10)', subpartitions: ['s0', 's1'] },
    ]);
  });
});
