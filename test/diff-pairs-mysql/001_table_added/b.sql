CREATE TABLE author (id int PRIMARY KEY, name varchar(50) NOT NULL);
CREATE TABLE tag (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, label varchar(30) NOT NULL DEFAULT '', UNIQUE KEY tag_label (label)) ENGINE=InnoDB;
INSERT INTO author VALUES (1, 'Ada'), (2, 'Grace');
