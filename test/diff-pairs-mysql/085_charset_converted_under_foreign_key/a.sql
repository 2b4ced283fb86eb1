-- pair: two tables joined by a foreign key on a VARCHAR both converted latin1 -> utf8mb4; rows kept
-- rows: SELECT c.id, n.name FROM city c JOIN country n ON n.code = c.country

CREATE TABLE country (code varchar(3) NOT NULL PRIMARY KEY, name varchar(20)) DEFAULT CHARSET=latin1;
CREATE TABLE city (id int PRIMARY KEY, country varchar(3), KEY city_country (country),
  CONSTRAINT city_country FOREIGN KEY (country) REFERENCES country (code)) DEFAULT CHARSET=latin1;
INSERT INTO country VALUES ('fr', 'France'); INSERT INTO city VALUES (1, 'fr');
