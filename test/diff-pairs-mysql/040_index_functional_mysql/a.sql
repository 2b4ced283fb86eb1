-- pair: a functional key part (MySQL 8.0.13+) added and changed
-- requires: mysql

CREATE TABLE fx (id int PRIMARY KEY, email varchar(100), KEY fx_email ((lower(email))));
