-- pair: prefix lengths added and changed, descending key parts (MariaDB 10.8+, MySQL 8.0)

CREATE TABLE px (id int PRIMARY KEY, title varchar(100), body text, n int, KEY px_title (title), KEY px_body (body(10)), KEY px_n (n, id));
