-- pair: two tables whose foreign keys reference each other, added and dropped

CREATE TABLE other (id int PRIMARY KEY);
