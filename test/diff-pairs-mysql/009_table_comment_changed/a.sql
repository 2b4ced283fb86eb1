-- pair: table comment added, changed (with a quote) and removed

CREATE TABLE c1 (id int PRIMARY KEY) COMMENT='old';
CREATE TABLE c2 (id int PRIMARY KEY);
CREATE TABLE c3 (id int PRIMARY KEY) COMMENT='going';
