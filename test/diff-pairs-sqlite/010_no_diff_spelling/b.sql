CREATE TABLE Item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INT DEFAULT 0 CHECK (qty >= 0));
CREATE INDEX item_name ON Item (name);
CREATE VIEW items AS   SELECT id,   name FROM Item;
