/**
 * What each kind of `ALTER TABLE` clause costs on InnoDB: the algorithm (INSTANT, INPLACE,
 * COPY) and the lock (NONE, SHARED, EXCLUSIVE) it needs, for the servers schemaguard
 * supports (MySQL 8.0+, MariaDB 10.6+). When the server the plan runs on is known (its
 * flavour and version, recorded with the schema), the rule is that server's
 * ({@link clauseCost}); otherwise it states the weaker of the two, and its note says which
 * does better. A table with FULLTEXT indexes costs more ({@link statementCost}). One rule per
 * clause kind; each names its source, and what the MariaDB 10.11 server of the tests refused
 * or accepted is marked _tested_:
 *
 * - [MySQL] MySQL 8.0 Reference Manual, 17.12.1 "Online DDL Operations"
 *   (https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html).
 * - [MariaDB-INSTANT], [MariaDB-INPLACE], [MariaDB-NOCOPY]: MariaDB Knowledge Base, "InnoDB
 *   Online DDL Operations with the INSTANT / INPLACE / NOCOPY Alter Algorithm"
 *   (https://mariadb.com/kb/en/innodb-online-ddl/).
 */

/** How InnoDB runs a clause. */
export interface OnlineDdl {
  readonly algorithm: 'INSTANT' | 'INPLACE' | 'COPY';
  readonly lock: 'NONE' | 'SHARED' | 'EXCLUSIVE';
  /** INPLACE, but the table is rebuilt (every row rewritten). */
  readonly rebuilds?: boolean;
  /** Where the servers differ, what the better one does. */
  readonly note?: string;
}

/** The clause kinds the planner writes. */
export type ClauseKind =
  | 'add column'
  | 'add column at end'
  | 'add auto-increment column'
  | 'drop column'
  | 'rename column'
  | 'column default'
  | 'column comment'
  | 'column null'
  | 'column not null'
  | 'column not null, computed default'
  | 'column type'
  | 'varchar widened'
  | 'varchar widened past 255 bytes'
  | 'column position'
  | 'enum members appended'
  | 'add index'
  | 'add fulltext index'
  | 'add spatial index'
  | 'drop index'
  | 'rename index'
  | 'index visibility'
  | 'add primary key'
  | 'drop primary key'
  | 'replace primary key'
  | 'add check'
  | 'drop check'
  | 'add foreign key'
  | 'drop foreign key'
  | 'engine'
  | 'convert charset'
  | 'default charset'
  | 'row format'
  | 'table options'
  | 'table comment'
  | 'partitioning'
  | 'add partition'
  | 'drop partition'
  | 'reorganize partition'
  | 'rename table';

export const ONLINE_DDL: Readonly<Record<ClauseKind, OnlineDdl>> = {
  // [MySQL] "Adding a column": INSTANT since 8.0.12 as the last column, anywhere since 8.0.29; [MariaDB-INSTANT]
  // 10.3+ as the last column, anywhere since 10.4 (tested: FIRST, INSTANT).
  'add column': {
    algorithm: 'INPLACE',
    lock: 'NONE',
    rebuilds: true,
    note: 'INSTANT on MariaDB and on MySQL 8.0.29+',
  },
  'add column at end': { algorithm: 'INSTANT', lock: 'NONE' },
  // [MySQL] "Adding an auto-increment column": INPLACE, rebuilds, concurrent DML not permitted; [MariaDB-INPLACE] likewise.
  'add auto-increment column': { algorithm: 'INPLACE', lock: 'SHARED', rebuilds: true },
  // [MySQL] "Dropping a column": INPLACE with a rebuild before 8.0.29, INSTANT since; [MariaDB-INSTANT] INSTANT since 10.4.
  'drop column': {
    algorithm: 'INPLACE',
    lock: 'NONE',
    rebuilds: true,
    note: 'INSTANT on MariaDB and on MySQL 8.0.29+',
  },
  // [MySQL] "Renaming a column": INSTANT since 8.0.28, INPLACE metadata-only before; [MariaDB-INSTANT] INSTANT.
  'rename column': { algorithm: 'INPLACE', lock: 'NONE', note: 'INSTANT on MariaDB and on MySQL 8.0.28+' },
  // [MySQL] "Setting a column default value" / "Dropping a column default value": INSTANT; [MariaDB-INSTANT] likewise.
  'column default': { algorithm: 'INSTANT', lock: 'NONE' },
  // [MySQL] "Modifying the definition of an ENUM or SET column" and comment changes are metadata-only; [MariaDB-INSTANT] comment: INSTANT.
  'column comment': { algorithm: 'INSTANT', lock: 'NONE' },
  // [MySQL] "Making a column NULL": INPLACE, rebuilds; MariaDB likewise (tested: INSTANT refused, INPLACE, LOCK=NONE taken).
  'column null': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true },
  // [MySQL] "Making a column NOT NULL": INPLACE, rebuilds, needs STRICT mode; [MariaDB-INPLACE] likewise.
  'column not null': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true },
  // MariaDB fills the NULLs of a new NOT NULL column from its default only by copying when that default is not a
  // constant (CURRENT_TIMESTAMP, an expression): tested, "cannot convert NULL to non-constant DEFAULT".
  'column not null, computed default': { algorithm: 'COPY', lock: 'SHARED' },
  // [MySQL] "Changing the column data type": COPY only, concurrent DML not permitted; [MariaDB-INPLACE] "not supported in most cases".
  'column type': { algorithm: 'COPY', lock: 'SHARED' },
  // [MySQL] "Extending VARCHAR column size": INPLACE while the length keeps its bytes (up to 255 bytes, or from 256 up);
  // [MariaDB-INSTANT] INSTANT (tested: varchar(10) -> varchar(20), utf8mb4).
  'varchar widened': { algorithm: 'INPLACE', lock: 'NONE', note: 'INSTANT on MariaDB' },
  // [MySQL] likewise: a length that takes another byte is a table copy; MariaDB's InnoDB does it INSTANT from at
  // most 127 bytes, whose rows keep a one-byte length (tested: utf8mb4 varchar(10) -> varchar(100) INSTANT,
  // varchar(60) -> varchar(100) refused, "Cannot change column type"; the latter is a 'column type').
  'varchar widened past 255 bytes': { algorithm: 'COPY', lock: 'SHARED', note: 'INSTANT on MariaDB' },
  // [MySQL] "Modifying the definition of an ENUM or SET column": members added at the end, INSTANT; [MariaDB-INSTANT] likewise.
  'enum members appended': { algorithm: 'INSTANT', lock: 'NONE' },
  // [MySQL] "Reordering columns": INPLACE, rebuilds; [MariaDB-INSTANT] INSTANT since 10.4.
  'column position': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true, note: 'INSTANT on MariaDB' },
  // [MySQL] "Creating or adding a secondary index": INPLACE, no rebuild, concurrent DML; [MariaDB-NOCOPY] likewise.
  'add index': { algorithm: 'INPLACE', lock: 'NONE' },
  // [MySQL] "Adding a FULLTEXT index": INPLACE, concurrent DML not permitted (the first one rebuilds); [MariaDB-INPLACE] LOCK=SHARED.
  'add fulltext index': { algorithm: 'INPLACE', lock: 'SHARED', rebuilds: true },
  // [MySQL] "Adding a SPATIAL index": INPLACE, concurrent DML not permitted; [MariaDB-INPLACE] LOCK=SHARED.
  'add spatial index': { algorithm: 'INPLACE', lock: 'SHARED' },
  // [MySQL] "Dropping an index": INPLACE, metadata only; [MariaDB-NOCOPY] likewise (tested: INSTANT refused, "Try NOCOPY").
  'drop index': { algorithm: 'INPLACE', lock: 'NONE' },
  // [MySQL] "Renaming an index": INPLACE, metadata only; [MariaDB-INSTANT] INSTANT.
  'rename index': { algorithm: 'INPLACE', lock: 'NONE', note: 'INSTANT on MariaDB' },
  // [MySQL] "Changing index visibility" (INVISIBLE): INSTANT; [MariaDB-INSTANT] IGNORED: INSTANT.
  'index visibility': { algorithm: 'INSTANT', lock: 'NONE' },
  // [MySQL] "Adding a primary key": INPLACE, rebuilds; [MariaDB-INPLACE] likewise.
  'add primary key': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true },
  // [MySQL] "Dropping a primary key": COPY only (without adding another); [MariaDB-INPLACE] not supported in place.
  'drop primary key': { algorithm: 'COPY', lock: 'SHARED' },
  // [MySQL] "Dropping a primary key and adding another": INPLACE, rebuilds; [MariaDB-INPLACE] likewise.
  'replace primary key': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true },
  // [MySQL] ADD CHECK validates every row with a table copy; [MariaDB-INPLACE] "not supported with INPLACE".
  'add check': { algorithm: 'COPY', lock: 'SHARED' },
  // [MySQL] "Dropping a CHECK constraint": INSTANT; [MariaDB-INSTANT] likewise.
  'drop check': { algorithm: 'INSTANT', lock: 'NONE' },
  // [MySQL] "Adding a foreign key constraint": INPLACE only with foreign_key_checks off, else COPY; [MariaDB-INPLACE] likewise.
  'add foreign key': { algorithm: 'COPY', lock: 'SHARED', note: 'INPLACE with foreign_key_checks=0' },
  // [MySQL] "Dropping a foreign key constraint": INPLACE, metadata only; [MariaDB-INSTANT] INSTANT.
  'drop foreign key': { algorithm: 'INPLACE', lock: 'NONE' },
  // [MySQL] "Changing the storage engine" is a table copy; [MariaDB-INPLACE] ENGINE change: COPY.
  engine: { algorithm: 'COPY', lock: 'SHARED' },
  // [MySQL] "Converting a character set": COPY, concurrent DML not permitted; [MariaDB-INPLACE] likewise.
  'convert charset': { algorithm: 'COPY', lock: 'SHARED' },
  // [MySQL] "Specifying a character set" (the default only): INPLACE, rebuilds when the charset differs; MariaDB: INSTANT.
  'default charset': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true, note: 'INSTANT on MariaDB' },
  // [MySQL] "Setting table-level ROW_FORMAT" / KEY_BLOCK_SIZE: INPLACE, rebuilds; [MariaDB-INPLACE] likewise.
  'row format': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true },
  // [MySQL] "Setting persistent table statistics options": INPLACE, metadata only; [MariaDB-INSTANT] likewise.
  'table options': { algorithm: 'INPLACE', lock: 'NONE' },
  // [MySQL] table COMMENT: metadata only (INSTANT); [MariaDB-INSTANT] likewise.
  'table comment': { algorithm: 'INSTANT', lock: 'NONE' },
  // [MySQL] "Partitioning Operations": PARTITION BY / REMOVE PARTITIONING copy the table; [MariaDB-INPLACE] likewise.
  partitioning: { algorithm: 'COPY', lock: 'SHARED' },
  // [MySQL] "Partitioning Operations": ADD PARTITION of RANGE or LIST: INPLACE, no data copied, concurrent reads
  // (LOCK=SHARED); MariaDB likewise. MariaDB takes no ALGORITHM or LOCK clause with a partition operation (tested:
  // a syntax error), so --online never writes one there.
  'add partition': { algorithm: 'INPLACE', lock: 'SHARED' },
  // [MySQL] DROP PARTITION of RANGE or LIST: INPLACE, deletes the partition's rows, no concurrent DML; MariaDB likewise.
  'drop partition': { algorithm: 'INPLACE', lock: 'EXCLUSIVE' },
  // [MySQL] REORGANIZE PARTITION: INPLACE, copies the rows of the partitions it names, concurrent reads only.
  'reorganize partition': { algorithm: 'INPLACE', lock: 'SHARED', rebuilds: true },
  // [MySQL] "Renaming a table": INSTANT; [MariaDB-INSTANT] likewise.
  'rename table': { algorithm: 'INSTANT', lock: 'NONE' },
};

/** The server a plan runs on: its flavour and version as a number (`major * 10000 + minor * 100 + patch`). */
export interface MysqlServer {
  readonly flavour: 'MySQL' | 'MariaDB';
  readonly version: number;
}

/** The server of a recorded version (`10.11.19-MariaDB`, `8.0.36`); undefined when there is none or it reads otherwise. */
export function mysqlServer(recorded: string | undefined): MysqlServer | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(recorded ?? '');
  if (!match) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map((n) => Number(n ?? 0)) as [number, number, number];
  // MySQL has no version 10: MariaDB's are 10.0 and up, whether or not the text says MariaDB.
  const flavour = /mariadb/i.test(recorded ?? '') || major >= 10 ? 'MariaDB' : 'MySQL';
  return { flavour, version: major * 10000 + minor * 100 + patch };
}

const INSTANT: OnlineDdl = { algorithm: 'INSTANT', lock: 'NONE' };
const INPLACE_REBUILD: OnlineDdl = { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true };

/** Where a known server does better than the rule for both, by flavour and version. */
function serverRule(kind: ClauseKind, server: MysqlServer): OnlineDdl | undefined {
  const { flavour, version } = server;
  if (flavour === 'MariaDB') {
    switch (kind) {
      case 'add column':
        return version >= 100400 ? INSTANT : INPLACE_REBUILD;
      case 'add column at end':
        return version >= 100300 ? INSTANT : INPLACE_REBUILD;
      case 'drop column':
      case 'column position':
        return version >= 100400 ? INSTANT : INPLACE_REBUILD;
      case 'rename column':
      case 'rename index':
      case 'default charset':
        return INSTANT;
      case 'varchar widened':
        return version >= 100400 ? INSTANT : { algorithm: 'INPLACE', lock: 'NONE' };
      case 'varchar widened past 255 bytes':
        return version >= 100400 ? INSTANT : undefined;
      default:
        return undefined;
    }
  }
  switch (kind) {
    case 'add column':
      return version >= 80029 ? INSTANT : INPLACE_REBUILD;
    case 'add column at end':
      return version >= 80012 ? INSTANT : INPLACE_REBUILD;
    case 'drop column':
      return version >= 80029 ? INSTANT : INPLACE_REBUILD;
    case 'rename column':
      return version >= 80028 ? INSTANT : { algorithm: 'INPLACE', lock: 'NONE' };
    case 'varchar widened':
    case 'rename index':
      return { algorithm: 'INPLACE', lock: 'NONE' };
    case 'default charset':
    case 'column position':
      return INPLACE_REBUILD;
    default:
      return undefined;
  }
}

/** What one clause costs: on the server when it is known, else the rule for both. */
export function clauseCost(kind: ClauseKind, server?: MysqlServer): OnlineDdl {
  return (server && serverRule(kind, server)) ?? ONLINE_DDL[kind];
}

/** What a table is like, where it changes what a statement costs. */
export interface TableShape {
  /** FULLTEXT indexes the table has when the statement runs (before or after it). */
  readonly fulltextIndexes: number;
}

const ALGORITHMS = ['INSTANT', 'INPLACE', 'COPY'] as const;
const LOCKS = ['NONE', 'SHARED', 'EXCLUSIVE'] as const;

/**
 * What a statement of several clauses costs on a server (known or not) and table: the strongest
 * algorithm and lock among them. A table with a FULLTEXT index changes nothing INSTANT about its
 * columns, and rebuilds it under LOCK=SHARED; with two (or two added at once), InnoDB copies it
 * ([MySQL] "Online DDL Limitations"; tested: "Fulltext index creation requires a lock", "InnoDB
 * presently supports one FULLTEXT index creation at a time").
 */
export function statementCost(kinds: readonly ClauseKind[], server?: MysqlServer, table?: TableShape): OnlineDdl {
  const fulltext = table?.fulltextIndexes ?? 0;
  const columnLayout = new Set<ClauseKind>(['add column', 'add column at end', 'drop column', 'column position']);
  const rules = kinds.map((kind) => {
    const rule = clauseCost(kind, server);
    return fulltext > 0 && rule.algorithm === 'INSTANT' && columnLayout.has(kind) ? INPLACE_REBUILD : rule;
  });
  const cost = combinedRules(rules);
  const addedFulltext = kinds.filter((k) => k === 'add fulltext index').length;
  if (cost.rebuilds && (fulltext > 1 || addedFulltext > 1)) return { algorithm: 'COPY', lock: 'SHARED' };
  if (cost.rebuilds && fulltext > 0 && cost.lock === 'NONE') return { ...cost, lock: 'SHARED' };
  return cost;
}

/**
 * The clause `--online` appends to an `ALTER TABLE` of this cost: `ALGORITHM=INSTANT`, or
 * `ALGORITHM=INPLACE, LOCK=NONE`; undefined when the statement cannot run without blocking
 * writes (MySQL takes no LOCK clause with INSTANT).
 */
export function onlineClause(cost: OnlineDdl): string | undefined {
  if (cost.algorithm === 'INSTANT') return 'ALGORITHM=INSTANT';
  if (cost.algorithm === 'INPLACE' && cost.lock === 'NONE') return 'ALGORITHM=INPLACE, LOCK=NONE';
  return undefined;
}

/** The strongest algorithm and lock among some rules, with the notes of those that decide it. */
function combinedRules(rules: readonly OnlineDdl[]): OnlineDdl {
  const algorithm = ALGORITHMS[Math.max(0, ...rules.map((r) => ALGORITHMS.indexOf(r.algorithm)))] ?? 'INSTANT';
  const lock = LOCKS[Math.max(0, ...rules.map((r) => LOCKS.indexOf(r.lock)))] ?? 'NONE';
  const rebuilds = algorithm === 'INPLACE' && rules.some((r) => r.algorithm === 'INPLACE' && r.rebuilds);
  const notes = [...new Set(rules.filter((r) => r.note && r.algorithm === algorithm).map((r) => r.note))];
  return { algorithm, lock, ...(rebuilds ? { rebuilds } : {}), ...(notes.length ? { note: notes.join('; ') } : {}) };
}

/**
 * What the cost means for the application, in words: `copies the table, blocks writes`; with the
 * table's `size` (`about 12 M rows, 1.4 GB`), said of a statement that copies or rebuilds the
 * table or blocks writes while it reads it: `copies the table (about 12 M rows, 1.4 GB), blocks writes`.
 */
export function costWords(ddl: OnlineDdl, size?: string): string {
  const work =
    ddl.algorithm === 'COPY'
      ? 'copies the table'
      : ddl.algorithm === 'INPLACE'
        ? ddl.rebuilds
          ? 'rebuilds the table in place'
          : 'changes the table in place'
        : 'changes only metadata';
  const lock =
    ddl.lock === 'NONE' ? 'writes continue' : ddl.lock === 'SHARED' ? 'blocks writes' : 'blocks reads and writes';
  const touchesRows = ddl.algorithm === 'COPY' || ddl.rebuilds === true || ddl.lock !== 'NONE';
  const sized = size && touchesRows && ddl.algorithm !== 'INSTANT' ? `${work} (${size})` : work;
  return `ALGORITHM=${ddl.algorithm}, LOCK=${ddl.lock}: ${sized}, ${lock}${ddl.note ? ` (${ddl.note})` : ''}`;
}
