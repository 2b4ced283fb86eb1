-- pair: composite type geo.address, used by a table column holding rows, gets an attribute added at the end (country text) and one widened (zip varchar(5) -> varchar(10)); PostgreSQL refuses ALTER ATTRIBUTE ... TYPE while a column uses the type (even with CASCADE), so the type change needs a workaround

CREATE SCHEMA geo;

CREATE TYPE geo.address AS (
    street text,
    city text,
    zip varchar(5)
);

CREATE TABLE geo.site (
    id integer PRIMARY KEY,
    name text NOT NULL,
    location geo.address
);

INSERT INTO geo.site VALUES (1, 'HQ', ROW('1 Main St', 'Springfield', '12345')::geo.address);
