-- pair: a JSON column added (MariaDB: longtext with a json_valid check), another turned into text; rows kept
-- rows: SELECT id, CAST(meta AS char), body FROM doc

CREATE TABLE doc (id int PRIMARY KEY, meta json, body text);
INSERT INTO doc VALUES (1, '{"a": 1}', 'b');
