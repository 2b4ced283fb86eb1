CREATE TABLE metric (id bigint PRIMARY KEY, value bigint NOT NULL, bucket int unsigned NOT NULL DEFAULT 0, flag mediumint, KEY metric_value (value));
INSERT INTO metric VALUES (1, 42, 1, 1), (3, 1000, 3, 5);
