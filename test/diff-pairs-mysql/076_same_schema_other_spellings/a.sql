-- pair: no difference: the same schema written with other spellings (int(11) and int, bool and tinyint(1), utf8 and utf8mb3, now() and CURRENT_TIMESTAMP, quoted numbers)
-- tags: no-diff

CREATE TABLE sp (id int(11) NOT NULL PRIMARY KEY, flag bool DEFAULT '1', s varchar(5) CHARACTER SET utf8, at timestamp NOT NULL DEFAULT now(), n integer DEFAULT '5', y year(4));
