-- pair: int -> bigint (indexed, primary key), smallint -> int unsigned, tinyint -> mediumint; values fit both ways
-- rows: SELECT id, value, bucket, flag FROM metric ORDER BY id

CREATE TABLE metric (id int PRIMARY KEY, value int NOT NULL, bucket smallint NOT NULL DEFAULT 0, flag tinyint, KEY metric_value (value));
INSERT INTO metric VALUES (1, 42, 1, 1), (2, 2147483647, 2, -3);
