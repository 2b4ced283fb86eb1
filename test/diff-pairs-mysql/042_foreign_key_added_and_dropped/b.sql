CREATE TABLE parent (id int PRIMARY KEY, code int UNIQUE);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, code int, KEY child_parent (parent_id), KEY child_code (code),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
INSERT INTO parent VALUES (1, 5); INSERT INTO child VALUES (1, 1, 5);
