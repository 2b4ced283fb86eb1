-- pair: a foreign key's actions change and the parent is rebuilt: the children keep their rows
-- rows: SELECT id, parent_id FROM child ORDER BY id
-- rows: SELECT id, label FROM parent ORDER BY id
CREATE TABLE parent (id INTEGER PRIMARY KEY, label TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE);
INSERT INTO parent VALUES (1, 'one'), (2, 'two');
INSERT INTO child VALUES (10, 1), (11, 1), (12, 2);
