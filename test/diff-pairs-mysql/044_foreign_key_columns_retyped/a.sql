-- pair: the referenced key and the referencing column both int -> bigint: the foreign key is dropped around the change
-- rows: SELECT c.id, p.id FROM child c JOIN parent p ON p.id = c.parent_id

CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, KEY child_parent (parent_id),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE);
INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);
