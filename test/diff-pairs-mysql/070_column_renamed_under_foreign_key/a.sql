-- pair: a referenced column and the referencing column renamed (rename hints): the foreign key follows
-- rename: db.parent.pid=id
-- rename: db.child.parent=parent_id
-- rows: SELECT * FROM child

CREATE TABLE parent (pid int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent int, KEY child_parent (parent),
  CONSTRAINT child_parent FOREIGN KEY (parent) REFERENCES parent (pid));
INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);
