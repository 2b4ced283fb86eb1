-- pair: defaults added, changed and dropped: numbers, strings with quotes, a bit, a negative, an ENUM member

CREATE TABLE d (id int PRIMARY KEY, n int, s varchar(20) DEFAULT 'old', f decimal(5,2) DEFAULT 1.50, b bit(1) DEFAULT b'0', e enum('x','y') DEFAULT 'x', g int DEFAULT 5);
