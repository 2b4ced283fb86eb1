CREATE TABLE keep (id int PRIMARY KEY);
CREATE TABLE z_owner (id int PRIMARY KEY, keep_id int, CONSTRAINT z_owner_keep FOREIGN KEY (keep_id) REFERENCES keep (id));
CREATE TABLE a_item (id int PRIMARY KEY, owner_id int, CONSTRAINT a_item_owner FOREIGN KEY (owner_id) REFERENCES z_owner (id));
CREATE TABLE self_ref (id int PRIMARY KEY, up int, CONSTRAINT self_up FOREIGN KEY (up) REFERENCES self_ref (id));
