CREATE TABLE doc (id int PRIMARY KEY, title varchar(100), n int, m int, UNIQUE KEY doc_n (n), KEY doc_title (title, m), KEY new_name (id, n), UNIQUE KEY doc_nm (n, m));
INSERT INTO doc VALUES (1, 't', 1, 1), (2, 't', 2, 2);
