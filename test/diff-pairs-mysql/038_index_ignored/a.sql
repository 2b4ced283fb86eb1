-- pair: an index made IGNORED (MariaDB 10.6+; MySQL calls it INVISIBLE) and another made visible
-- requires: mariadb

CREATE TABLE ig (id int PRIMARY KEY, a int, b int, KEY ig_a (a), KEY ig_b (b) IGNORED);
