CREATE TABLE usr (id int PRIMARY KEY, email varchar(100) NOT NULL, email_lower varchar(100) AS (lower(trim(email))) VIRTUAL, KEY usr_email_lower (email_lower));
INSERT INTO usr (id, email) VALUES (1, 'A@B.C');
