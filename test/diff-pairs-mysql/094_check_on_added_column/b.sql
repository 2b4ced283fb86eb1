CREATE TABLE k (id int PRIMARY KEY, a int, b int NOT NULL DEFAULT 0, UNIQUE KEY k_ab (a, b), CONSTRAINT k_b CHECK (b >= 0));
INSERT INTO k (id, a) VALUES (1, 1), (2, 2);
