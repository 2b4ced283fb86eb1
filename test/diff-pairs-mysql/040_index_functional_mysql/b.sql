CREATE TABLE fx (id int PRIMARY KEY, email varchar(100), KEY fx_email ((lower(trim(email)))), KEY fx_len ((length(email)) DESC));
