-- pair: an event's schedule, status, comment and body changed; one added, one dropped

CREATE TABLE item (id int PRIMARY KEY, price int);
CREATE EVENT tidy ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM item WHERE price < 0;
CREATE EVENT gone ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM item;
