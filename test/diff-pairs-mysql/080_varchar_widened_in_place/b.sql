CREATE TABLE vw (id int PRIMARY KEY, a varchar(60), c varbinary(255)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE vx (id int PRIMARY KEY, b varchar(100)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE vy (id int PRIMARY KEY, d varchar(100)) DEFAULT CHARSET=utf8mb4;
INSERT INTO vw VALUES (1, 'a', 'c');
INSERT INTO vy VALUES (1, 'd');
INSERT INTO vx VALUES (1, 'b');
