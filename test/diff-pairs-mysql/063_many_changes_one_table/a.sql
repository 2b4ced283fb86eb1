-- pair: one table with many changes at once: columns added, dropped, retyped, an index, a check, options, comment
-- rows: SELECT id, a, b, c, e FROM t

CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b varchar(20) DEFAULT 'x', c varchar(10), d timestamp NULL, e text, gone int, KEY t_a (a)) DEFAULT CHARSET=utf8mb4 COMMENT='v1';
INSERT INTO t (id, a, b, c, e) VALUES (1, 10, 'q', 'r', 'long');
