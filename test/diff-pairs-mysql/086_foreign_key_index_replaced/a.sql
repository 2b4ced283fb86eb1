-- pair: the index a foreign key uses is replaced by a wider one in the same plan

CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY, p_id int, n int, KEY c_p (p_id), CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id));
