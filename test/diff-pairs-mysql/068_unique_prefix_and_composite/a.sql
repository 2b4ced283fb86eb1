-- pair: a composite unique key with a prefix part added, a single-column one dropped
-- rows: SELECT * FROM u ORDER BY id

CREATE TABLE u (id int PRIMARY KEY, a varchar(50), b int, UNIQUE KEY u_b (b));
INSERT INTO u VALUES (1, 'abcdefghijkl', 1), (2, 'abcdefghijzz', 2);
