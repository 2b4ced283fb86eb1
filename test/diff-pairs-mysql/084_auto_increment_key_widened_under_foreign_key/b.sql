CREATE TABLE author (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(20));
CREATE TABLE book (id int PRIMARY KEY, author_id bigint unsigned, KEY book_author (author_id),
  CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE);
INSERT INTO author (name) VALUES ('a'); INSERT INTO book VALUES (1, 1);
