CREATE TABLE ic (id int PRIMARY KEY, a int, b int, c int, KEY ic_a (a) COMMENT 'new', KEY ic_b (b) COMMENT 'it''s changed', KEY ic_c (c));
