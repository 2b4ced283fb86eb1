-- pair: expression defaults (MariaDB 10.2+, MySQL 8.0.13+): added, changed, replaced by a literal

CREATE TABLE ex (id int PRIMARY KEY, due date DEFAULT (curdate() + interval 7 day), token varchar(36), total int DEFAULT (1 + 1), tags varchar(100) DEFAULT 'none');
