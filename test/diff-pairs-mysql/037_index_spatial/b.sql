CREATE TABLE place (id int PRIMARY KEY, pos geometry NOT NULL, SPATIAL KEY place_pos (pos));
INSERT INTO place VALUES (1, ST_GeomFromText('POINT(1 2)'));
