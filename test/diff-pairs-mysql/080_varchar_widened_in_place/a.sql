-- pair: VARCHAR and VARBINARY widened within their length byte (utf8mb4 10 -> 60, 200 -> 255 bytes), past 255 bytes from at most 127 (utf8mb4 10 -> 100): INSTANT on MariaDB; past 255 bytes from 240 (60 -> 100): a copy; rows kept
-- rows: SELECT * FROM vw
-- rows: SELECT * FROM vx
-- rows: SELECT * FROM vy

CREATE TABLE vw (id int PRIMARY KEY, a varchar(10), c varbinary(200)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE vx (id int PRIMARY KEY, b varchar(60)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE vy (id int PRIMARY KEY, d varchar(10)) DEFAULT CHARSET=utf8mb4;
INSERT INTO vw VALUES (1, 'a', 'c');
INSERT INTO vy VALUES (1, 'd');
INSERT INTO vx VALUES (1, 'b');
