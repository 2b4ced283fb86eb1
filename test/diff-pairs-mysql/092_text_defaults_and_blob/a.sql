-- pair: TEXT and BLOB columns with literal defaults (MariaDB 10.2+) added and changed
-- requires: mariadb

CREATE TABLE td (id int PRIMARY KEY, t text DEFAULT 'x', b blob);
