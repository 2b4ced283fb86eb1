CREATE TABLE ig (id int PRIMARY KEY, a int, b int, KEY ig_a (a) INVISIBLE, KEY ig_b (b));
