CREATE TABLE mood (id int PRIMARY KEY, m enum('a','b','c') NOT NULL DEFAULT 'a', s set('x','y','z'));
INSERT INTO mood VALUES (1, 'b', 'x,y');
