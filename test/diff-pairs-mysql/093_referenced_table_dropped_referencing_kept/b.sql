CREATE TABLE child (id int PRIMARY KEY, parent_id int, KEY child_parent (parent_id));
INSERT INTO child VALUES (1, NULL);
