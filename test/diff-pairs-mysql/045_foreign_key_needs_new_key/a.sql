-- pair: a foreign key to a column that becomes unique in the same plan, and to a table added in it
-- rows: SELECT * FROM tx

CREATE TABLE acct (id int PRIMARY KEY, number varchar(10) NOT NULL);
CREATE TABLE tx (id int PRIMARY KEY, acct_number varchar(10), kind int);
INSERT INTO acct VALUES (1, 'A1'); INSERT INTO tx VALUES (1, 'A1', NULL);
