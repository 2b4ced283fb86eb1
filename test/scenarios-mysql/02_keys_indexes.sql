-- MySQL/MariaDB: foreign keys with actions, composite and prefix indexes, FULLTEXT, check constraints.
CREATE TABLE author (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  CONSTRAINT author_name_not_blank CHECK (name <> '')
) ENGINE = InnoDB;

CREATE TABLE book (
  id INT NOT NULL AUTO_INCREMENT,
  author_id INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  summary TEXT,
  price DECIMAL(8, 2) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY book_author_title (author_id, title),
  KEY book_title_prefix (title(20)),
  FULLTEXT KEY book_summary (summary),
  CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE ON UPDATE RESTRICT,
  CONSTRAINT book_price_positive CHECK (price >= 0)
) ENGINE = InnoDB;

CREATE TABLE review (
  book_id INT NOT NULL,
  reviewer VARCHAR(60) NOT NULL,
  stars TINYINT NOT NULL,
  PRIMARY KEY (book_id, reviewer),
  UNIQUE KEY review_reviewer_book (reviewer, book_id),
  CONSTRAINT review_book FOREIGN KEY (book_id) REFERENCES book (id) ON DELETE CASCADE
) ENGINE = InnoDB;
