CREATE TABLE m (id int PRIMARY KEY, v bigint);
CREATE VIEW mv AS SELECT id, v FROM m;
