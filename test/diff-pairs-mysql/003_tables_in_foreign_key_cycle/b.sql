CREATE TABLE other (id int PRIMARY KEY);
CREATE TABLE hen (id int PRIMARY KEY, egg_id int);
CREATE TABLE egg (id int PRIMARY KEY, hen_id int, CONSTRAINT egg_hen FOREIGN KEY (hen_id) REFERENCES hen (id));
ALTER TABLE hen ADD CONSTRAINT hen_egg FOREIGN KEY (egg_id) REFERENCES egg (id);
