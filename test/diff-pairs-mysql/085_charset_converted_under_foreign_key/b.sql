CREATE TABLE country (code varchar(3) NOT NULL PRIMARY KEY, name varchar(20)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE city (id int PRIMARY KEY, country varchar(3), KEY city_country (country),
  CONSTRAINT city_country FOREIGN KEY (country) REFERENCES country (code)) DEFAULT CHARSET=utf8mb4;
INSERT INTO country VALUES ('fr', 'France'); INSERT INTO city VALUES (1, 'fr');
