-- pair: a referenced table and the table referencing it are both dropped; a third table referencing neither stays
-- rows: SELECT * FROM stays

CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
CREATE TABLE stays (id int PRIMARY KEY);
INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1); INSERT INTO stays VALUES (5);
