-- pair: a SPATIAL index on a NOT NULL geometry column added; the column's type point -> geometry
-- rows: SELECT id, ST_AsText(pos) FROM place

CREATE TABLE place (id int PRIMARY KEY, pos point NOT NULL);
INSERT INTO place VALUES (1, ST_GeomFromText('POINT(1 2)'));
