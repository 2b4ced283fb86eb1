/**
 * What each kind of `ALTER TABLE` clause costs on InnoDB: the algorithm (INSTANT, INPLACE,
 * COPY) and the lock (NONE, SHARED, EXCLUSIVE) it needs, for the servers schemaguard
 * supports (MySQL 8.0+, MariaDB 10.6+). Where they differ, the rule states the weaker of
 * the two, and its note says which does better. One rule per clause kind; each names its source:
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
  | 'add auto-increment column'
  | 'drop column'
  | 'rename column'
  | 'column default'
  | 'column comment'
  | 'column null'
  | 'column not null'
  | 'column type'
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
  | 'rename table';

export const ONLINE_DDL: Readonly<Record<ClauseKind, OnlineDdl>> = {
  // [MySQL] "Adding a column": INSTANT since 8.0.12 (anywhere since 8.0.29); [MariaDB-INSTANT] 10.3+ (anywhere since 10.4).
  'add column': { algorithm: 'INSTANT', lock: 'NONE' },
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
  // [MySQL] "Making a column NULL": INPLACE, rebuilds; [MariaDB-INSTANT] INSTANT since 10.4 (non-redundant row format).
  'column null': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true, note: 'INSTANT on MariaDB' },
  // [MySQL] "Making a column NOT NULL": INPLACE, rebuilds, needs STRICT mode; [MariaDB-INPLACE] likewise.
  'column not null': { algorithm: 'INPLACE', lock: 'NONE', rebuilds: true },
  // [MySQL] "Changing the column data type": COPY only, concurrent DML not permitted; [MariaDB-INPLACE] "not supported in most cases".
  'column type': { algorithm: 'COPY', lock: 'SHARED' },
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
  // [MySQL] "Dropping an index": INPLACE, metadata only; [MariaDB-INSTANT] INSTANT.
  'drop index': { algorithm: 'INPLACE', lock: 'NONE', note: 'INSTANT on MariaDB' },
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
  // [MySQL] "Renaming a table": INSTANT; [MariaDB-INSTANT] likewise.
  'rename table': { algorithm: 'INSTANT', lock: 'NONE' },
};

const ALGORITHMS = ['INSTANT', 'INPLACE', 'COPY'] as const;
const LOCKS = ['NONE', 'SHARED', 'EXCLUSIVE'] as const;

/** What a statement of several clauses needs: the strongest algorithm and lock among them. */
export function combined(kinds: readonly ClauseKind[]): OnlineDdl {
  const rules = kinds.map((k) => ONLINE_DDL[k]);
  const algorithm = ALGORITHMS[Math.max(0, ...rules.map((r) => ALGORITHMS.indexOf(r.algorithm)))] ?? 'INSTANT';
  const lock = LOCKS[Math.max(0, ...rules.map((r) => LOCKS.indexOf(r.lock)))] ?? 'NONE';
  const rebuilds = algorithm === 'INPLACE' && rules.some((r) => r.algorithm === 'INPLACE' && r.rebuilds);
  const notes = [...new Set(rules.filter((r) => r.note && r.algorithm === algorithm).map((r) => r.note))];
  return { algorithm, lock, ...(rebuilds ? { rebuilds } : {}), ...(notes.length ? { note: notes.join('; ') } : {}) };
}

/** What the cost means for the application, in words: `copies the table, blocks writes`. */
export function costWords(ddl: OnlineDdl): string {
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
  return `ALGORITHM=${ddl.algorithm}, LOCK=${ddl.lock}: ${work}, ${lock}${ddl.note ? ` (${ddl.note})` : ''}`;
}
