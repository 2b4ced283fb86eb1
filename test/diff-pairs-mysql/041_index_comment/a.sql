-- pair: index comments added, changed and removed

CREATE TABLE ic (id int PRIMARY KEY, a int, b int, c int, KEY ic_a (a), KEY ic_b (b) COMMENT 'old', KEY ic_c (c) COMMENT 'gone');
