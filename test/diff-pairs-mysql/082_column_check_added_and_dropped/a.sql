-- pair: MariaDB column-level CHECKs added, changed and dropped with the column definition
-- requires: mariadb
-- rows: SELECT * FROM cc

CREATE TABLE cc (id int PRIMARY KEY, qty int CHECK (qty > 0), price int, note varchar(10) CHECK (note <> ''));
INSERT INTO cc VALUES (1, 5, 10, 'x');
