CREATE TABLE coll (id int PRIMARY KEY, name varchar(20)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO coll VALUES (1, 'Åsa');
