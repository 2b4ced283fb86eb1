-- pair: table `tag` is added (primary key, unique key, a default); table `author` kept with its rows
-- rows: SELECT * FROM author ORDER BY id

CREATE TABLE author (id int PRIMARY KEY, name varchar(50) NOT NULL);
INSERT INTO author VALUES (1, 'Ada'), (2, 'Grace');
