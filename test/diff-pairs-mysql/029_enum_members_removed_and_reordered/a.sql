-- pair: ENUM members removed and reordered, SET member inserted in the middle; rows use members both sides have
-- rows: SELECT id, CAST(state AS char), CAST(flags AS char) FROM st ORDER BY id

CREATE TABLE st (id int PRIMARY KEY, state enum('new','open','closed','archived') NOT NULL DEFAULT 'new', flags set('a','c'));
INSERT INTO st VALUES (1, 'open', 'a,c'), (2, 'closed', '');
