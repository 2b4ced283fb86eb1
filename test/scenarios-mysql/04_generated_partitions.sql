-- MySQL/MariaDB: generated columns (VIRTUAL and STORED), an index on one, and a RANGE-partitioned table.
CREATE TABLE sale (
  id INT NOT NULL,
  sold_on DATE NOT NULL,
  net DECIMAL(10, 2) NOT NULL,
  gross DECIMAL(10, 2) AS (net * 1.2) STORED,
  sold_year INT AS (YEAR(sold_on)) VIRTUAL,
  PRIMARY KEY (id, sold_on),
  KEY sale_gross (gross)
) ENGINE = InnoDB
PARTITION BY RANGE (YEAR(sold_on)) (
  PARTITION p2024 VALUES LESS THAN (2025),
  PARTITION p2025 VALUES LESS THAN (2026),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

CREATE TABLE event_hash (
  id INT NOT NULL PRIMARY KEY,
  kind VARCHAR(20) NOT NULL
) ENGINE = InnoDB PARTITION BY HASH (id) PARTITIONS 4;
