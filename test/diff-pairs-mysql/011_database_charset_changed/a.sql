-- pair: the database default charset and collation change (tables keep theirs)

ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci;
CREATE TABLE t (id int PRIMARY KEY, s varchar(5)) DEFAULT CHARSET=utf8mb4;
