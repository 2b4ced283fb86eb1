-- pair: CHECK constraints added, dropped and changed (rows satisfy both)
-- rows: SELECT * FROM chk

CREATE TABLE chk (a int NOT NULL, b int NOT NULL, CONSTRAINT chk_a CHECK (a > 0), CONSTRAINT chk_gone CHECK (b < 100));
INSERT INTO chk VALUES (1, 2);
