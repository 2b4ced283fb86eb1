CREATE SCHEMA geo;

CREATE TYPE geo.address AS (
    street text,
    city text,
    zip varchar(10),
    country text
);

CREATE TABLE geo.site (
    id integer PRIMARY KEY,
    name text NOT NULL,
    location geo.address
);

INSERT INTO geo.site VALUES (1, 'HQ', ROW('1 Main St', 'Springfield', '12345', 'US')::geo.address);
