-- pair: a publication goes from FOR ALL TABLES to a table list (created again), another is dropped

CREATE TABLE public.accounts (id integer PRIMARY KEY, owner text);
CREATE PUBLICATION replica_pub FOR ALL TABLES;
CREATE PUBLICATION old_pub FOR TABLE public.accounts;
