-- pair: indexes added, dropped, made unique, columns changed, renamed (same definition)
-- rows: SELECT * FROM doc ORDER BY id

CREATE TABLE doc (id int PRIMARY KEY, title varchar(100), n int, m int, KEY doc_n (n), KEY doc_title (title), KEY old_name (id, n), KEY doc_m (m));
INSERT INTO doc VALUES (1, 't', 1, 1), (2, 't', 2, 2);
