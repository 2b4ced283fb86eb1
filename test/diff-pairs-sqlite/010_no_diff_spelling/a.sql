-- pair: the same schema written with other spellings (quoting, case, parentheses, column or table constraints): no-diff
CREATE TABLE "Item" ([id] integer primary key, "name" text not null, qty int default (0), CHECK ((qty >= 0)));
CREATE INDEX item_name ON "Item" ("name");
CREATE VIEW items AS SELECT id, name FROM "Item";
