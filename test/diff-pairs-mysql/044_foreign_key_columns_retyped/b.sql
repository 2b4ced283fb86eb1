CREATE TABLE parent (id bigint PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id bigint, KEY child_parent (parent_id),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE);
INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);
