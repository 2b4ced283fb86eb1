CREATE TABLE st (id int PRIMARY KEY, state enum('closed','open','new') NOT NULL DEFAULT 'new', flags set('a','b','c'));
INSERT INTO st VALUES (1, 'open', 'a,c'), (2, 'closed', '');
