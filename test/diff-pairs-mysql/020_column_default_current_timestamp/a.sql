-- pair: CURRENT_TIMESTAMP defaults with and without precision, ON UPDATE added, changed and dropped
-- rows: SELECT id, CAST(created AS char), CAST(updated AS char), CAST(touched AS char), CAST(seen AS char) FROM ts

CREATE TABLE ts (id int PRIMARY KEY, created timestamp NULL, updated datetime, touched datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), seen timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);
INSERT INTO ts (id, created, updated, touched, seen) VALUES (1, '2024-01-01 10:00:00', '2024-01-02 10:00:00', '2024-01-03 10:00:00.123', '2024-01-04 10:00:00');
