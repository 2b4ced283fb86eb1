-- pair: a MariaDB sequence used by a column default (NEXT VALUE FOR), both added and dropped
-- requires: mariadb
-- rows: SELECT * FROM inv

CREATE TABLE inv (id int PRIMARY KEY, num bigint);
INSERT INTO inv VALUES (1, 7);
