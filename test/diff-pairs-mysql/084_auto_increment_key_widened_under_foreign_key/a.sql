-- pair: an AUTO_INCREMENT primary key widened int -> bigint unsigned while a foreign key references it
-- rows: SELECT b.id, a.name FROM book b JOIN author a ON a.id = b.author_id

CREATE TABLE author (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(20));
CREATE TABLE book (id int PRIMARY KEY, author_id int, KEY book_author (author_id),
  CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE);
INSERT INTO author (name) VALUES ('a'); INSERT INTO book VALUES (1, 1);
