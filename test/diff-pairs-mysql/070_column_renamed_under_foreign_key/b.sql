CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, KEY child_parent (parent_id),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);
