CREATE TABLE sp (id int NOT NULL PRIMARY KEY, flag tinyint(1) DEFAULT 1, s varchar(5) CHARACTER SET utf8mb3, at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, n int DEFAULT 5, y year);
