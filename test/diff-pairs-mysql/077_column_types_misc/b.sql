CREATE TABLE ty (id int PRIMARY KEY, b bit(8), t time(3), d decimal(8,2) unsigned, z int(8) zerofill, bl mediumblob, bn binary(4), vb varbinary(16));
INSERT INTO ty VALUES (1, b'101', '10:00:00', 12.5, 42, 'x', 'ab', 'cd');
