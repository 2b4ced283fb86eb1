-- MySQL/MariaDB: names that need quoting, a JSON column, an invisible column, a column comment with a quote.
CREATE TABLE `order` (
  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `select` VARCHAR(10) NOT NULL DEFAULT 'x',
  `two words` INT,
  payload JSON,
  secret VARCHAR(20) INVISIBLE DEFAULT 'hidden',
  note VARCHAR(50) COMMENT 'it''s here',
  KEY `idx with space` (`two words`)
) ENGINE = InnoDB;

CREATE TABLE `Mixed_Case` (
  id INT NOT NULL PRIMARY KEY,
  order_id INT,
  CONSTRAINT `mixed order` FOREIGN KEY (order_id) REFERENCES `order` (`id`)
) ENGINE = InnoDB;
