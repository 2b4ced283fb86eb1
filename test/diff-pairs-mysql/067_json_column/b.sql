CREATE TABLE doc (id int PRIMARY KEY, meta text, body text, extra json);
INSERT INTO doc (id, meta, body) VALUES (1, '{"a": 1}', 'b');
