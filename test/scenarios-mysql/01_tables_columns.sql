-- MySQL/MariaDB: columns of many types, signedness, defaults, ON UPDATE, AUTO_INCREMENT, comments, table options.
CREATE TABLE account (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(190) NOT NULL,
  display_name VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL COMMENT 'shown to others',
  age TINYINT UNSIGNED DEFAULT 0,
  score DOUBLE NOT NULL DEFAULT -1.5,
  balance DECIMAL(12, 2) NOT NULL DEFAULT '0.00',
  ratio FLOAT,
  active TINYINT(1) NOT NULL DEFAULT 1,
  status ENUM('new', 'active', 'closed') NOT NULL DEFAULT 'new',
  tags SET('a', 'b', 'c') DEFAULT NULL,
  avatar BLOB,
  bio MEDIUMTEXT,
  born DATE,
  wakes TIME(3),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  year_joined YEAR,
  raw VARBINARY(16),
  PRIMARY KEY (id),
  UNIQUE KEY account_email (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'people who sign in';

CREATE TABLE setting (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  value TEXT
) ENGINE = InnoDB ROW_FORMAT = DYNAMIC;
