CREATE TABLE ex (id int PRIMARY KEY, due date DEFAULT (curdate() + interval 14 day), token varchar(36) DEFAULT (uuid()), total int DEFAULT 3, tags varchar(100) DEFAULT (concat('a', 'b')));
