-- pair: storage engine MyISAM -> InnoDB (and KEY_BLOCK_SIZE dropped), rows kept
-- rows: SELECT * FROM eng ORDER BY id

CREATE TABLE eng (id int NOT NULL, note varchar(20), KEY eng_id (id)) ENGINE=MyISAM KEY_BLOCK_SIZE=8;
INSERT INTO eng VALUES (1, 'kept'), (2, NULL);
