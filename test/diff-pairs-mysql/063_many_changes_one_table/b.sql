CREATE TABLE t (id int PRIMARY KEY, a bigint NOT NULL COMMENT 'wider', b varchar(40) DEFAULT 'y',
  c varchar(10) CHARACTER SET latin1 NOT NULL DEFAULT '', new_col int DEFAULT 7 INVISIBLE,
  d timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(), e text,
  KEY t_a (a, b), CONSTRAINT t_pos CHECK (a > 0)) DEFAULT CHARSET=utf8mb4 COMMENT='v2' STATS_PERSISTENT=1;
INSERT INTO t (id, a, b, c, e) VALUES (1, 10, 'q', 'r', 'long');
