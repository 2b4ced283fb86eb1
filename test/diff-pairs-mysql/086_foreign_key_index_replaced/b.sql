CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY, p_id int, n int, KEY c_p_n (p_id, n), CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id));
