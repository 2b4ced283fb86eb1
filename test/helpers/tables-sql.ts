/** `count` tables in `public`, each with a foreign key to the previous one, a check, an index, a view and a comment. */
export function tablesSql(count: number): string {
  return Array.from(
    { length: count },
    (
      _,
      i,
    ) => `CREATE TABLE public.t${i} (id serial PRIMARY KEY, ref integer${i > 0 ? ` REFERENCES public.t${i - 1} (id)` : ''},
       label text NOT NULL DEFAULT 'x', CHECK (length(label) < 100));
     CREATE INDEX t${i}_label ON public.t${i} (lower(label));
     CREATE VIEW public.v${i} AS SELECT id, label FROM public.t${i};
     COMMENT ON TABLE public.t${i} IS 'table ${i}';`,
  ).join('\n');
}

/** {@link tablesSql} in MySQL's SQL: the same tables, keys, checks, indexes, views and comments in the connected database. */
export function mysqlTablesSql(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `CREATE TABLE t${i} (id int AUTO_INCREMENT PRIMARY KEY, ref int,
       label varchar(100) NOT NULL DEFAULT 'x', CHECK (char_length(label) < 100)${i > 0 ? `, FOREIGN KEY (ref) REFERENCES t${i - 1} (id)` : ''})
       COMMENT 'table ${i}';
     CREATE INDEX t${i}_label ON t${i} (label);
     CREATE VIEW v${i} AS SELECT id, label FROM t${i};`,
  ).join('\n');
}

/**
 * {@link tablesSql} in SQLite's SQL: the same tables, keys, checks, indexes and views (SQLite
 * keeps no comments), and a trigger on each table; in one transaction (a file syncs at each commit).
 */
export function sqliteTablesSql(count: number): string {
  const statements = Array.from(
    { length: count },
    (_, i) => `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, ref INTEGER${i > 0 ? ` REFERENCES t${i - 1} (id)` : ''},
       label TEXT NOT NULL DEFAULT 'x', CHECK (length(label) < 100));
     CREATE INDEX t${i}_label ON t${i} (lower(label));
     CREATE VIEW v${i} AS SELECT id, label FROM t${i};
     CREATE TRIGGER t${i}_touch AFTER UPDATE ON t${i} BEGIN SELECT 1; END;`,
  );
  return `BEGIN;\n${statements.join('\n')}\nCOMMIT;`;
}
