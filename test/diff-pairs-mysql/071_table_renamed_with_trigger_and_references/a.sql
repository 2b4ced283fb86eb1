-- pair: a table referenced by a foreign key and carrying a trigger is renamed (rename hint)
-- rename: db.account=ledger
-- rows: SELECT * FROM entry

CREATE TABLE account (id int PRIMARY KEY, note varchar(10));
CREATE TABLE entry (id int PRIMARY KEY, account_id int, KEY entry_account (account_id),
  CONSTRAINT entry_account FOREIGN KEY (account_id) REFERENCES account (id));
CREATE TRIGGER account_note BEFORE INSERT ON account FOR EACH ROW SET NEW.note = 'new';
INSERT INTO account VALUES (1, 'x'); INSERT INTO entry VALUES (1, 1);
