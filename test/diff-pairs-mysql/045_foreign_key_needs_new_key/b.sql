CREATE TABLE acct (id int PRIMARY KEY, number varchar(10) NOT NULL, UNIQUE KEY acct_number (number));
CREATE TABLE kind (id int PRIMARY KEY);
CREATE TABLE tx (id int PRIMARY KEY, acct_number varchar(10), kind int, KEY tx_acct (acct_number), KEY tx_kind (kind),
  CONSTRAINT tx_acct FOREIGN KEY (acct_number) REFERENCES acct (number),
  CONSTRAINT tx_kind FOREIGN KEY (kind) REFERENCES kind (id));
INSERT INTO acct VALUES (1, 'A1'); INSERT INTO kind VALUES (1); INSERT INTO tx VALUES (1, 'A1', NULL);
