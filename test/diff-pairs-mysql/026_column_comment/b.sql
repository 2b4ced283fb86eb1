CREATE TABLE cc (id int PRIMARY KEY COMMENT 'key', a int COMMENT 'new', b varchar(5) COMMENT 'it''s C:\\path', c int);
