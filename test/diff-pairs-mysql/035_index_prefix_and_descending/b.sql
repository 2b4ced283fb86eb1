CREATE TABLE px (id int PRIMARY KEY, title varchar(100), body text, n int, KEY px_title (title(20) DESC), KEY px_body (body(40)), KEY px_n (n DESC, id));
