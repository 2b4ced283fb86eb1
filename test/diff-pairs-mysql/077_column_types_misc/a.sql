-- pair: types: bit width, time precision, decimal unsigned, zerofill, year, blob and varbinary sizes; rows fit
-- rows: SELECT id, b + 0, CAST(t AS time), CAST(d AS char), z + 0, bl, TRIM(TRAILING 0x00 FROM bn), vb FROM ty

CREATE TABLE ty (id int PRIMARY KEY, b bit(4), t time, d decimal(6,2), z int(5) zerofill, bl blob, bn binary(4), vb varbinary(8));
INSERT INTO ty VALUES (1, b'101', '10:00:00', 12.5, 42, 'x', 'ab', 'cd');
