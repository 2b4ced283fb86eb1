-- pair: columns renamed (with rename hints, so rows are kept): one only renamed, one renamed with a new type; an index follows
-- rename: db.person.full_name=name
-- rename: db.person.age=years
-- rows: SELECT * FROM person ORDER BY id

CREATE TABLE person (id int PRIMARY KEY, full_name varchar(50) NOT NULL, age smallint, KEY person_age (age));
INSERT INTO person VALUES (1, 'Ann', 30), (2, 'Bo', NULL);
