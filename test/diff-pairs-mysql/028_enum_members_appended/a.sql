-- pair: ENUM and SET members appended at the end (metadata only); rows kept
-- rows: SELECT id, CAST(m AS char), CAST(s AS char) FROM mood

CREATE TABLE mood (id int PRIMARY KEY, m enum('a','b') NOT NULL DEFAULT 'a', s set('x','y'));
INSERT INTO mood VALUES (1, 'b', 'x,y');
