CREATE TABLE acc (id int PRIMARY KEY, balance bigint, note varchar(10));
CREATE TRIGGER acc_note BEFORE UPDATE ON acc FOR EACH ROW SET NEW.note = IF(NEW.balance < 0, 'neg', 'ok');
INSERT INTO acc VALUES (1, 5, NULL);
