-- pair: three tables added whose foreign keys need them in order (and one referencing itself)

CREATE TABLE keep (id int PRIMARY KEY);
