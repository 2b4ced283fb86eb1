CREATE TABLE d (id int PRIMARY KEY, n int DEFAULT -1, s varchar(20) DEFAULT 'it''s', f decimal(5,2) DEFAULT 2.25, b bit(1) DEFAULT b'1', e enum('x','y') DEFAULT 'y', g int);
