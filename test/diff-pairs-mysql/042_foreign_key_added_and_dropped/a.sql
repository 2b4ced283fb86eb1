-- pair: a foreign key added (its index made by the server in A, named in B), another dropped
-- rows: SELECT * FROM child

CREATE TABLE parent (id int PRIMARY KEY, code int UNIQUE);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, code int, KEY child_code (code),
  CONSTRAINT child_code_fk FOREIGN KEY (code) REFERENCES parent (code));
INSERT INTO parent VALUES (1, 5); INSERT INTO child VALUES (1, 1, 5);
