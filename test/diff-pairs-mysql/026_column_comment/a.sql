-- pair: column comments added, changed (with quotes and a backslash) and removed

CREATE TABLE cc (id int PRIMARY KEY COMMENT 'key', a int, b varchar(5) COMMENT 'old', c int COMMENT 'gone');
