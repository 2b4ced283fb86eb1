CREATE TABLE ledger (id int PRIMARY KEY, note varchar(10));
CREATE TABLE entry (id int PRIMARY KEY, account_id int, KEY entry_account (account_id),
  CONSTRAINT entry_account FOREIGN KEY (account_id) REFERENCES ledger (id));
CREATE TRIGGER account_note BEFORE INSERT ON ledger FOR EACH ROW SET NEW.note = 'new';
INSERT INTO ledger VALUES (1, 'x'); INSERT INTO entry VALUES (1, 1);
