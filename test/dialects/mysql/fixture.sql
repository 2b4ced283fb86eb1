-- Every attribute schemaguard reads of a MySQL/MariaDB schema, in one database.
CREATE TABLE author (
  id int unsigned NOT NULL AUTO_INCREMENT,
  name varchar(100) NOT NULL,
  nick varchar(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT 'anon' COMMENT 'shown name',
  code int(8) unsigned zerofill DEFAULT NULL,
  flag tinyint(1) NOT NULL DEFAULT 0,
  mood enum('happy','sad','ok') NOT NULL DEFAULT 'ok',
  tags set('a','b','c') DEFAULT NULL,
  price decimal(10,2) NOT NULL DEFAULT 1.50,
  created datetime(3) NOT NULL DEFAULT current_timestamp(3),
  updated timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  due date DEFAULT (curdate() + interval 7 day),
  full_name varchar(200) GENERATED ALWAYS AS (concat(name, ' ', nick)) VIRTUAL,
  name_len int GENERATED ALWAYS AS (char_length(name)) STORED,
  secret varchar(10) INVISIBLE DEFAULT 'x',
  place point REF_SYSTEM_ID=4326 NOT NULL,
  bio text,
  PRIMARY KEY (id),
  UNIQUE KEY author_name (name),
  KEY author_nick_prefix (nick(10) DESC, created) COMMENT 'by nick',
  KEY author_hidden (price) IGNORED,
  FULLTEXT KEY author_bio (bio),
  SPATIAL KEY author_place (place),
  CONSTRAINT author_price_positive CHECK (price >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC STATS_PERSISTENT=1
  COMMENT='people who write' AUTO_INCREMENT=100;

CREATE TABLE book (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  author_id int unsigned DEFAULT NULL,
  title varchar(200) NOT NULL,
  year smallint NOT NULL CHECK (year > 1400),
  CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

CREATE TABLE legacy (
  id int NOT NULL,
  note varchar(20)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb3 KEY_BLOCK_SIZE=8;

CREATE TABLE sale (
  id int NOT NULL,
  sold date NOT NULL,
  region varchar(10) NOT NULL,
  PRIMARY KEY (id, sold)
) PARTITION BY RANGE (year(sold))
  SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (
  PARTITION p2020 VALUES LESS THAN (2021) COMMENT = 'old',
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

CREATE TABLE region_sale (
  id int NOT NULL,
  region varchar(10) NOT NULL
) PARTITION BY LIST COLUMNS (region) (
  PARTITION north VALUES IN ('n', 'ne'),
  PARTITION south VALUES IN ('s')
);

CREATE TABLE hashed (id int NOT NULL) PARTITION BY KEY (id) PARTITIONS 3;

CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW recent_book AS
  SELECT b.id, b.title FROM book b WHERE b.year > 2000 WITH CASCADED CHECK OPTION;

CREATE VIEW author_names AS SELECT name FROM author;

CREATE TRIGGER book_title BEFORE INSERT ON book FOR EACH ROW SET NEW.title = trim(NEW.title);
CREATE TRIGGER book_title_upper BEFORE INSERT ON book FOR EACH ROW FOLLOWS book_title SET NEW.title = upper(NEW.title);

CREATE FUNCTION add_tax(amount decimal(10,2), rate int) RETURNS decimal(10,2)
  DETERMINISTIC NO SQL COMMENT 'adds tax'
  RETURN amount * (100 + rate) / 100;

CREATE PROCEDURE count_books(IN since smallint, OUT total int)
  READS SQL DATA SQL SECURITY INVOKER
  SELECT count(*) INTO total FROM book WHERE year >= since;

CREATE EVENT purge_legacy ON SCHEDULE EVERY 1 DAY DISABLE COMMENT 'nightly'
  DO DELETE FROM legacy WHERE id < 0;

CREATE EVENT one_shot ON SCHEDULE AT '2030-01-01 00:00:00' ON COMPLETION PRESERVE
  DO DELETE FROM legacy;

CREATE SEQUENCE ticket START WITH 10 INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 CACHE 20 CYCLE;

CREATE TABLE tagged (tag varchar(100) NOT NULL, at datetime NOT NULL, PRIMARY KEY (tag(20), at DESC));
