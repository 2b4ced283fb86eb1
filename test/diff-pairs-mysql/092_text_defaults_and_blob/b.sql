CREATE TABLE td (id int PRIMARY KEY, t text DEFAULT 'it''s', b blob DEFAULT 'raw', m mediumtext DEFAULT '');
