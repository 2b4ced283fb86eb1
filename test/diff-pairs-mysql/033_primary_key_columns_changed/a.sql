-- pair: primary key (a) -> (a, b) and a prefix primary key (code(4), b DESC)
-- rows: SELECT * FROM k ORDER BY a
-- rows: SELECT * FROM k2

CREATE TABLE k (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a));
CREATE TABLE k2 (code varchar(20) NOT NULL, b int NOT NULL, PRIMARY KEY (code));
INSERT INTO k VALUES (1, 2), (3, 4); INSERT INTO k2 VALUES ('abcdef', 1);
