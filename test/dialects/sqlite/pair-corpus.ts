/**
 * SQLite's pair corpus: two schemas each, with rows for each side, for the planner's round
 * trips in both directions (pairs.test.ts). `renames` are `--rename` values from A to B.
 */
export interface SqlitePair {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  /** Rows inserted into a database of A (for A → B), and of B (for B → A). */
  readonly rowsA?: string;
  readonly rowsB?: string;
  readonly renames?: readonly string[];
  /** Tables the plan from A to B must rebuild (none when undefined: every change is made in place). */
  readonly rebuildsAtoB?: readonly string[];
}

const T = 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)';
const T_ROWS = "INSERT INTO t VALUES (1, 'one'), (2, NULL), (7, 'seven')";

export const SQLITE_PAIRS: readonly SqlitePair[] = [
  {
    name: 'add a nullable column',
    a: T,
    b: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w INTEGER)',
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (1, 'one', 5), (3, 'x', NULL)",
    rebuildsAtoB: [],
  },
  {
    name: 'add a NOT NULL column with a constant default',
    a: T,
    b: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w TEXT NOT NULL DEFAULT 'none')",
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (1, 'one', 'w')",
    rebuildsAtoB: [],
  },
  {
    name: 'add a column with a foreign key of its own, in place (its NULLs satisfy it)',
    a: `${T}; CREATE TABLE child (id INTEGER PRIMARY KEY)`,
    b: `${T}; CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id) ON DELETE CASCADE,
      owner INTEGER CONSTRAINT child_owner_t REFERENCES t DEFERRABLE INITIALLY DEFERRED)`,
    rowsA: `${T_ROWS}; INSERT INTO child VALUES (1), (2)`,
    rowsB: `${T_ROWS}; INSERT INTO child VALUES (1, 7, 2), (3, NULL, NULL)`,
    rebuildsAtoB: [],
  },
  {
    name: 'add a column with a foreign key and a non-NULL default: rebuilt',
    a: `${T}; CREATE TABLE child (id INTEGER PRIMARY KEY)`,
    b: `${T}; CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER DEFAULT 1 REFERENCES t (id))`,
    rowsA: `${T_ROWS}; INSERT INTO child VALUES (1), (2)`,
    rowsB: `${T_ROWS}; INSERT INTO child VALUES (1, 7)`,
    rebuildsAtoB: ['main.child'],
  },
  {
    name: 'add a column whose default is the current time',
    a: T,
    b: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, at TEXT DEFAULT CURRENT_TIMESTAMP)',
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t (id, v) VALUES (4, 'four')",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'rename a column',
    a: T,
    b: 'CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT)',
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (9, 'nine')",
    renames: ['main.t.v=label'],
    rebuildsAtoB: [],
  },
  {
    name: 'rename a table that others reference',
    a: `${T}; CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id))`,
    b: 'CREATE TABLE item (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES item (id))',
    rowsA: `${T_ROWS}; INSERT INTO child VALUES (1, 7)`,
    rowsB: "INSERT INTO item VALUES (5, 'five'); INSERT INTO child VALUES (2, 5)",
    renames: ['main.t=item'],
  },
  {
    name: 'change a column type',
    a: T,
    b: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)',
    rowsA: "INSERT INTO t VALUES (1, '10'), (2, NULL)",
    rowsB: 'INSERT INTO t VALUES (1, 10), (5, 50)',
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'make a column NOT NULL with a default for the NULLs',
    a: T,
    b: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '')",
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (1, 'one')",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'add and drop a check constraint',
    a: T,
    b: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT CHECK (v <> ''))",
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (3, 'x')",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'add a unique constraint',
    a: T,
    b: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, CONSTRAINT v_once UNIQUE (v))',
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (3, 'x'), (4, 'y')",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'add a foreign key',
    a: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER)',
    b: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p ON DELETE CASCADE)',
    rowsA: 'INSERT INTO p VALUES (1), (2); INSERT INTO c VALUES (10, 1), (11, 2), (12, NULL)',
    rowsB: 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (10, 1)',
    rebuildsAtoB: ['main.c'],
  },
  {
    name: 'rebuild a parent whose children cascade on delete: the children keep their rows',
    a: 'CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p ON DELETE CASCADE)',
    b: "CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT '?'); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p ON DELETE CASCADE)",
    rowsA: "INSERT INTO p VALUES (1, 'a'), (2, NULL); INSERT INTO c VALUES (10, 1), (11, 2)",
    rowsB: "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES (10, 1)",
    rebuildsAtoB: ['main.p'],
  },
  {
    name: 'change a primary key',
    a: 'CREATE TABLE m (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a))',
    b: 'CREATE TABLE m (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b))',
    rowsA: "INSERT INTO m VALUES (1, 'x'), (2, 'y')",
    rowsB: "INSERT INTO m VALUES (1, 'x'), (2, 'y')",
    rebuildsAtoB: ['main.m'],
  },
  {
    name: 'make a table STRICT',
    a: 'CREATE TABLE s (id INTEGER PRIMARY KEY, n INTEGER, t TEXT)',
    b: 'CREATE TABLE s (id INTEGER PRIMARY KEY, n INTEGER, t TEXT) STRICT',
    rowsA: "INSERT INTO s VALUES (1, 5, 'a'), (2, NULL, NULL)",
    rowsB: "INSERT INTO s VALUES (1, 5, 'a')",
    rebuildsAtoB: ['main.s'],
  },
  {
    name: 'make a table WITHOUT ROWID',
    a: 'CREATE TABLE w (k TEXT PRIMARY KEY NOT NULL, v INTEGER)',
    b: 'CREATE TABLE w (k TEXT PRIMARY KEY NOT NULL, v INTEGER) WITHOUT ROWID',
    rowsA: "INSERT INTO w VALUES ('a', 1), ('b', 2)",
    rowsB: "INSERT INTO w VALUES ('c', 3)",
    rebuildsAtoB: ['main.w'],
  },
  {
    name: 'rebuild a table without an INTEGER PRIMARY KEY: rowids are kept',
    a: 'CREATE TABLE r (name TEXT, qty INTEGER)',
    b: "CREATE TABLE r (name TEXT NOT NULL DEFAULT '', qty INTEGER)",
    rowsA: "INSERT INTO r VALUES ('a', 1), ('b', 2), ('c', 3); DELETE FROM r WHERE name = 'b'",
    rowsB: "INSERT INTO r VALUES ('x', 1), ('y', 2); DELETE FROM r WHERE name = 'x'",
    rebuildsAtoB: ['main.r'],
  },
  {
    name: 'add AUTOINCREMENT to an INTEGER PRIMARY KEY',
    a: T,
    b: 'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)',
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t (v) VALUES ('a'), ('b')",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'change a column collation',
    a: T,
    b: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT COLLATE NOCASE)',
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (1, 'A')",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'change a column default',
    a: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT DEFAULT 'a')",
    b: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT DEFAULT 'b')",
    rowsA: T_ROWS,
    rowsB: T_ROWS,
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'add, drop and change indexes in place',
    a: `${T}; CREATE INDEX t_v ON t (v); CREATE INDEX t_gone ON t (id, v)`,
    b: `${T}; CREATE INDEX t_v ON t (v DESC) WHERE v IS NOT NULL; CREATE UNIQUE INDEX t_lower ON t (lower(v))`,
    rowsA: T_ROWS,
    rowsB: T_ROWS,
    rebuildsAtoB: [],
  },
  {
    name: 'drop a column nothing uses, in place',
    a: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, extra BLOB)',
    b: T,
    rowsA: "INSERT INTO t VALUES (1, 'one', x'00ff')",
    rowsB: T_ROWS,
    rebuildsAtoB: [],
  },
  {
    name: 'drop an indexed column: the rebuild',
    a: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, code TEXT UNIQUE)',
    b: T,
    rowsA: "INSERT INTO t VALUES (1, 'one', 'c1'), (2, 'two', 'c2')",
    rowsB: T_ROWS,
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'add and change triggers',
    a: `${T}; CREATE TABLE log (msg TEXT); CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('ins'); END`,
    b: `${T}; CREATE TABLE log (msg TEXT); CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('inserted ' || NEW.id); END;
        CREATE TRIGGER t_upd BEFORE UPDATE OF v ON t WHEN NEW.v IS NULL BEGIN SELECT RAISE(ABORT, 'v is required'); END`,
    rowsA: T_ROWS,
    rowsB: T_ROWS,
    rebuildsAtoB: [],
  },
  {
    name: 'views over a rebuilt table are re-created',
    a: `${T}; CREATE VIEW named AS SELECT id, v FROM t WHERE v IS NOT NULL; CREATE VIEW counted AS SELECT count(*) AS n FROM named`,
    b: `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT 'x', w REAL);
        CREATE VIEW named AS SELECT id, v, w FROM t; CREATE VIEW counted AS SELECT count(*) AS n FROM named`,
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (1, 'one', 1.5)",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'generated columns: a VIRTUAL one in place, a STORED one by a rebuild',
    a: 'CREATE TABLE g (id INTEGER PRIMARY KEY, price REAL)',
    b: 'CREATE TABLE g (id INTEGER PRIMARY KEY, price REAL, doubled REAL AS (price * 2), taxed REAL AS (price * 1.2) STORED)',
    rowsA: 'INSERT INTO g VALUES (1, 10), (2, NULL)',
    rowsB: 'INSERT INTO g (id, price) VALUES (1, 10)',
    rebuildsAtoB: ['main.g'],
  },
  {
    name: 'a table added and another dropped',
    a: `${T}; CREATE TABLE old_stuff (x TEXT)`,
    b: `${T}; CREATE TABLE new_stuff (id INTEGER PRIMARY KEY, y TEXT NOT NULL, CHECK (length(y) > 0))`,
    rowsA: `${T_ROWS}; INSERT INTO old_stuff VALUES ('gone')`,
    rowsB: `${T_ROWS}; INSERT INTO new_stuff VALUES (1, 'kept')`,
    rebuildsAtoB: [],
  },
  {
    name: 'change a foreign key action, deferrable',
    a: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p)',
    b: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED)',
    rowsA: 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (5, 1)',
    rowsB: 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (5, 1)',
    rebuildsAtoB: ['main.c'],
  },
  {
    name: 'an INSTEAD OF trigger on a view',
    a: `${T}; CREATE VIEW named AS SELECT id, v FROM t`,
    b: `${T}; CREATE VIEW named AS SELECT id, v FROM t;
        CREATE TRIGGER named_insert INSTEAD OF INSERT ON named BEGIN INSERT INTO t (id, v) VALUES (NEW.id, NEW.v); END`,
    rowsA: T_ROWS,
    rowsB: T_ROWS,
    rebuildsAtoB: [],
  },
  {
    name: 'a view with a trigger survives the rebuild of its table',
    a: `${T}; CREATE VIEW named AS SELECT id, v FROM t;
        CREATE TRIGGER named_insert INSTEAD OF INSERT ON named BEGIN INSERT INTO t (id, v) VALUES (NEW.id, NEW.v); END`,
    b: `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '-'); CREATE VIEW named AS SELECT id, v FROM t;
        CREATE TRIGGER named_insert INSTEAD OF INSERT ON named BEGIN INSERT INTO t (id, v) VALUES (NEW.id, NEW.v); END`,
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (1, 'one')",
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'a renamed column that is also changed: the rebuild copies it under its new name',
    a: `${T}; CREATE INDEX t_v ON t (v)`,
    b: "CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT NOT NULL DEFAULT ''); CREATE INDEX t_v ON t (label)",
    rowsA: T_ROWS,
    rowsB: "INSERT INTO t VALUES (1, 'one'), (4, 'four')",
    renames: ['main.t.v=label'],
    rebuildsAtoB: ['main.t'],
  },
  {
    name: 'a renamed table that is also rebuilt',
    a: `${T}; CREATE TABLE c (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t)`,
    b: 'CREATE TABLE item (id INTEGER PRIMARY KEY, v TEXT, CHECK (id > 0)); CREATE TABLE c (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES item)',
    rowsA: `${T_ROWS}; INSERT INTO c VALUES (1, 7)`,
    rowsB: "INSERT INTO item VALUES (3, 'x'); INSERT INTO c VALUES (1, 3)",
    renames: ['main.t=item'],
  },
];
