-- pair: a unique key over NOT NULL columns becomes the table's primary key; rows kept
-- rows: SELECT * FROM up ORDER BY a, b

CREATE TABLE up (a int NOT NULL, b int NOT NULL, v int, UNIQUE KEY up_ab (a, b));
INSERT INTO up VALUES (1, 1, 1), (1, 2, 2);
