-- pair: table collation utf8mb4_general_ci -> utf8mb4_unicode_ci, same charset
-- rows: SELECT * FROM coll

CREATE TABLE coll (id int PRIMARY KEY, name varchar(20)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO coll VALUES (1, 'Åsa');
