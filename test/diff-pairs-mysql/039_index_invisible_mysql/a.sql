-- pair: an index made INVISIBLE (MySQL 8.0) and another made visible
-- requires: mysql

CREATE TABLE ig (id int PRIMARY KEY, a int, b int, KEY ig_a (a), KEY ig_b (b) INVISIBLE);
